import pc from 'picocolors'
import type { CommandIO } from './io.js'

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
