import type { CommandIO } from './io.js'
import { info } from './output.js'
import { UsageError } from './usage-error.js'

export interface Target {
  /** Where every call goes (API server and gateway); undefined: each spec's platform URLs. */
  url?: string
  stop(): Promise<void>
}

/**
 * `--target URL` sends API-server and gateway calls to one URL (the simulator serves both); `--target sim` starts
 * the simulator in this process with its default fixture, whose credentials are in examples/sim.env.
 */
export async function openTarget(value: unknown, io: CommandIO): Promise<Target> {
  if (value === undefined) return { stop: async () => {} }
  const text = String(value)
  if (text === 'sim') {
    const { startSimulator } = await import('@scanplan/qualys-sim')
    const sim = await startSimulator({ port: 0 })
    info(io, `started the Qualys simulator on ${sim.url} (default fixture)`)
    return { url: sim.url, stop: () => sim.stop() }
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`invalid --target \`${text}\``, 'give an http(s) URL such as http://127.0.0.1:4790, or `sim`')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`invalid --target \`${text}\`: not an http(s) URL`)
  if (url.username || url.password) throw new UsageError('--target must not carry credentials', 'credentials come from the environment variables or files the spec names')
  return { url: url.origin + url.pathname.replace(/\/+$/, ''), stop: async () => {} }
}
