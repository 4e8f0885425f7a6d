import type { Readable } from 'node:stream'
import type { StrategiesFor } from '@scanplan/qualys'

/** Where a command reads and writes. Tests pass their own; bin.ts passes the process's. */
export interface CommandIO {
  stdout: (text: string) => void
  stderr: (text: string) => void
  stdin: Readable
  env: Record<string, string | undefined>
  cwd: string
  /** Colour on stdout / stderr: decided once from the terminal, NO_COLOR, FORCE_COLOR and --no-color. */
  color: { stdout: boolean; stderr: boolean }
  isTTY: { stdin: boolean; stdout: boolean; stderr: boolean }
  quiet: boolean
  /** The real stderr stream when there is one (for cli-progress on a terminal); use `stderr` for text. */
  stderrStream?: { write(s: string): unknown; isTTY?: boolean }
  /**
   * How commands that call Qualys (plan, apply, doctor) sign in: default `strategiesForAuthKind` of
   * `@scanplan/connect`. A program that runs the CLI's `main` passes its own (docs/extending.md).
   */
  strategiesFor?: StrategiesFor
}

export function decideColor(stream: { isTTY?: boolean }, env: CommandIO['env'], noColorFlag: boolean): boolean {
  if (noColorFlag) return false
  // https://no-color.org: any non-empty NO_COLOR disables colour.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  if (env.TERM === 'dumb') return false
  return stream.isTTY === true
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
