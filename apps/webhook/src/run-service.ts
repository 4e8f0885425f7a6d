import { openTarget, TargetError, type QualysTarget } from '@scanplan/connect'
import type { StrategiesFor } from '@scanplan/qualys'
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
  /** How the service signs in to each configured source (default: `strategiesForAuthKind` of `@scanplan/connect`). */
  strategiesFor?: StrategiesFor
}

export interface RunningWebhook extends RunningService {
  /** The simulator's URL with `--target sim`. */
  simulatorUrl?: string
}

export { ConfigError }

/** Loads the configuration, starts the simulator for `target: 'sim'`, and starts the service. */
export async function runWebhookService(options: RunOptions): Promise<RunningWebhook> {
  const config = loadServiceConfig(options.configFile, { env: options.env, ...(options.port !== undefined ? { port: options.port } : {}) })
  let target: QualysTarget
  try {
    target = await openTarget(options.target, { ...(options.notice ? { notice: options.notice } : {}) })
  } catch (error) {
    if (error instanceof TargetError) throw new ConfigError('--target', [`${error.message}: ${error.help}`])
    throw error
  }
  let service: RunningService
  try {
    const logger = pino({ level: config.logLevel, base: { service: 'scanplan-webhook' } }, pino.destination({ fd: options.logFd ?? 1, sync: false }))
    service = await startWebhookService({
      config,
      logger,
      ...(target.url !== undefined ? { target: target.url } : {}),
      ...(options.strategiesFor ? { strategiesFor: options.strategiesFor } : {}),
    })
  } catch (error) {
    await target.stop()
    throw error
  }
  return {
    ...service,
    ...(options.target === 'sim' && target.url !== undefined ? { simulatorUrl: target.url } : {}),
    close: async () => {
      await service.close()
      await target.stop()
    },
  }
}

/**
 * SIGTERM / SIGINT: a graceful stop bounded by `shutdownTimeoutSeconds`, then exit 0. A second signal exits at once (1):
 * an operator who presses Ctrl+C twice means it, and every 202'd delivery is already on disk. The process exits by the
 * timeout whatever is still open (a Qualys call the client is still checking on): what it could not finish is in the
 * inbox, with any create it sent recorded, so the next attempt waits for that create instead of sending another.
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
      const backstop = setTimeout(() => {
        service.logger.error({ shutdownTimeoutMs: service.shutdownTimeoutMs }, 'shutdown did not finish in time: exiting')
        exit(1)
      }, service.shutdownTimeoutMs)
      backstop.unref()
      service.close().then(
        () => {
          clearTimeout(backstop)
          process.off('SIGTERM', onSignal)
          process.off('SIGINT', onSignal)
          resolve()
          // Anything still open (a cancelled call's last check) must not keep the process past its stop.
          setTimeout(() => exit(0), 100).unref()
        },
        (error: unknown) => {
          clearTimeout(backstop)
          service.logger.error({ err: error }, 'shutdown failed')
          exit(1)
        },
      )
    }
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
  })
}
