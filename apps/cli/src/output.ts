import pc from 'picocolors'
import type { Diagnostic } from '@scanplan/core'
import type { CommandIO } from './io.js'

export type Colors = ReturnType<typeof pc.createColors>

/** The `--json` output of a command: one pretty-printed JSON document on stdout, newline-terminated. */
export function printJson(io: CommandIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}

/** The machine form of a diagnostic in `--json` output (docs/cli.md): rendering-only fields (label, related) stay out. */
export function machineDiagnostic(d: Diagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    span: { start: d.span.start, end: d.span.end },
    ...(d.help !== undefined ? { help: d.help } : {}),
    suggestions: d.suggestions.map((s) => ({ replacement: s.replacement, span: { start: s.span.start, end: s.span.end } })),
    ...(d.file !== undefined ? { file: d.file } : {}),
    ...(d.path !== undefined ? { path: d.path } : {}),
  }
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
