import type { ErrorDocument } from '@scanplan/report'
import type { CommandIO } from './io.js'

// Apart from output.ts so that main.ts, which prints it, loads nothing more at start-up (picocolors stays lazy).

/**
 * Whether a command line asks for JSON, read from the raw arguments: an error found before (or while) they are
 * parsed must still be printed as one JSON document on stdout.
 */
export function argvAsksForJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--json' || a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'))
}

/** A failed command under `--format json` / `--json`: `{ format: "scanplan.error/1", ok: false, error }` (schemas/error.json). */
export async function printErrorDocument(io: Pick<CommandIO, 'stdout'>, error: { message: string; help?: string | undefined; exitCode: number }): Promise<void> {
  // Loaded on this error path only: the format ids have one owner, @scanplan/report.
  const { FORMATS } = await import('@scanplan/report')
  const document: ErrorDocument = { format: FORMATS.error, ok: false, error: { message: error.message, ...(error.help !== undefined ? { help: error.help } : {}), exitCode: error.exitCode } }
  io.stdout(`${JSON.stringify(document, null, 2)}\n`)
}
