import { pino } from 'pino'
import { ConfigError, loadServiceConfig } from './config/load-config.js'
import { startWebhookService, type RunningService } from './service.js'

export interface RunOptions {
  configFile: string
  port?: number
  /** A Qualys base URL for every call, or `sim` for a simulator started in this process (demos). */
  target?: string
  env: Readonly<Record<string, string | undefined>>
  /** Messages for the operator (not logs): where the simulator is. */
  notice?: (line: string) => void
  /** Where the JSON logs go: 1 (stdout, the default for a service) or 2 (stderr, for the CLI, whose stdout is data). */
  logFd?: 1 | 2
}

export interface RunningWebhook extends RunningService {
  /** The simulator's URL with `--target sim`. */
  simulatorUrl?: string
}

export { ConfigError }

/** Loads the configuration, starts the simulator for `target: 'sim'`, and starts the service. */
export async function runWebhookService(options: RunOptions): Promise<RunningWebhook> {
  const config = loadServiceConfig(options.configFile, { env: options.env, ...(options.port !== undefined ? { port: options.port } : {}) })
  let target = options.target
  let stopSimulator: (() => Promise<void>) | undefined
  let simulatorUrl: string | undefined
  if (target === 'sim') {
    const { startSimulator } = await import('@scanplan/qualys-sim')
    const sim = await startSimulator({ port: 0 })
    target = simulatorUrl = sim.url
    stopSimulator = () => sim.stop()
    options.notice?.(`Qualys simulator on ${sim.url} (default fixture; credentials as in examples/sim.env)`)
  } else if (target !== undefined && !/^https?:\/\/[^\s]+$/.test(target)) {
    throw new ConfigError('--target', [`expected an http(s) URL or \`sim\`, got \`${target}\``])
  }
  let service: RunningService
  try {
    const logger = pino({ level: config.logLevel, base: { service: 'scanplan-webhook' } }, pino.destination({ fd: options.logFd ?? 1, sync: false }))
    service = await startWebhookService({ config, logger, ...(target !== undefined ? { target } : {}) })
  } catch (error) {
    await stopSimulator?.()
    throw error
  }
  return {
    ...service,
    ...(simulatorUrl !== undefined ? { simulatorUrl } : {}),
    close: async () => {
      await service.close()
      await stopSimulator?.()
    },
  }
}

/**
 * SIGTERM / SIGINT: a graceful, bounded stop, then exit 0. A second signal exits at once (1): an operator who
 * presses Ctrl+C twice means it, and every 202'd delivery is already on disk.
 */
export function stopOnSignals(service: RunningService, exit: (code: number) => void = (code) => process.exit(code)): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        exit(1)
        return
      }
      stopping = true
      service.logger.info({ signal }, 'stopping')
      service.close().then(
        () => {
          process.off('SIGTERM', onSignal)
          process.off('SIGINT', onSignal)
          resolve()
        },
        (error: unknown) => {
          service.logger.error({ err: error }, 'shutdown failed')
          exit(1)
        },
      )
    }
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
  })
}
