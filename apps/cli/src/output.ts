import pc from 'picocolors'
import type { ParsedArgs } from './parsed-args.js'
import type { CommandIO } from './io.js'
import { UsageError } from './usage-error.js'

export type Colors = ReturnType<typeof pc.createColors>

/** The `--json` output of a command: one pretty-printed JSON document on stdout, newline-terminated. */
export function printJson(io: CommandIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}

/** One compact JSON object per line (JSON Lines), for commands that stream one result per input line. */
export function printJsonLine(io: CommandIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`)
}

/** A message for the human (progress, hints, summaries) on stderr; `--quiet` silences it. Errors use `io.stderr`. */
export function info(io: CommandIO, text: string): void {
  if (!io.quiet) io.stderr(text.endsWith('\n') ? text : `${text}\n`)
}

/** picocolors bound to the decision already taken for that stream (terminal, NO_COLOR, --no-color). */
export function colorsFor(io: CommandIO, stream: 'stdout' | 'stderr'): Colors {
  return pc.createColors(io.color[stream])
}

/** What `--format` prints on stdout (`compile`, `plan`, `apply`); docs/cli.md#output-formats. */
const outputFormats = ['text', 'json', 'markdown', 'github', 'sarif'] as const
export type OutputFormat = (typeof outputFormats)[number]

/**
 * The one reading of `--format` and `--json` (`--json` is `--format json`; both at once must agree). Commands that
 * have no `--format` option read `--json` as before.
 */
export function outputFormat(values: ParsedArgs['values']): OutputFormat {
  const asked = values.format
  const json = values.json === true
  if (asked === undefined) return json ? 'json' : 'text'
  if (typeof asked !== 'string' || !(outputFormats as readonly string[]).includes(asked)) {
    throw new UsageError(`\`--format ${String(asked)}\` is not an output format`, `write one of ${outputFormats.map((f) => `\`--format ${f}\``).join(', ')}`)
  }
  if (json && asked !== 'json') throw new UsageError(`\`--json\` and \`--format ${asked}\` ask for two formats`, 'keep one: `--json` is `--format json`')
  return asked as OutputFormat
}
