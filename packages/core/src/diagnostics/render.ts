import { lineIndex } from './position.js'
import type { Diagnostic, Span } from './types.js'

export interface RenderOptions {
  /** ANSI colours; only when the caller knows the output is a terminal that wants them. */
  color?: boolean
  /** The file the text came from, for the `--> file:line:col` header (a diagnostic's own `file` wins). */
  file?: string
}

// Plain ANSI SGR codes: the core may not import terminal libraries (it is bundled for the browser too).
const STYLES = {
  error: '\u001b[1;31m',
  warning: '\u001b[1;33m',
  note: '\u001b[1;36m',
  gutter: '\u001b[1;34m',
  bold: '\u001b[1m',
  help: '\u001b[1;36m',
  reset: '\u001b[0m',
}

interface Mark {
  span: Span
  label: string | undefined
  primary: boolean
}

/**
 * Renders diagnostics the way rustc does: `error[CODE]: message`, the `--> file:line:col` header when a file is
 * known, the user's own source line(s) with a line-number gutter, a caret (`^`) under the primary span and dashes
 * (`-`) under related spans (CUE-style multi-location conflicts), then `help:`. Spans are UTF-16 offsets into
 * `text`, which may have many lines (a spec file).
 */
export function renderDiagnostics(text: string, diagnostics: readonly Diagnostic[], options: RenderOptions = {}): string {
  const paint = (style: keyof typeof STYLES, s: string) => (options.color ? `${STYLES[style]}${s}${STYLES.reset}` : s)
  const index = lineIndex(text)
  const lineOf = index.lineOf
  const lineText = (line: number) => {
    const start = index.lineStart(line)
    const end = line + 1 < index.lines ? index.lineStart(line + 1) - 1 : text.length
    return text.slice(start, end).replace(/\r$/, '')
  }

  return diagnostics
    .map((d) => {
      const clamp = (s: Span): Span => {
        const start = Math.max(0, Math.min(s.start, text.length))
        return { start, end: Math.max(start, Math.min(s.end, text.length)) }
      }
      const marks: Mark[] = [
        { span: clamp(d.span), label: d.label, primary: true },
        ...(d.related ?? []).map((r) => ({ span: clamp(r.span), label: r.label, primary: false })),
      ]
      const lines = [...new Set(marks.flatMap((m) => spanLines(m.span)))].sort((a, b) => a - b)
      const width = String(lines[lines.length - 1]! + 1).length
      const pad = ' '.repeat(width)
      const bar = paint('gutter', '|')
      const out: string[] = [`${paint(d.severity, `${d.severity}[${d.code}]`)}${paint('bold', `: ${d.message}`)}`]
      const file = d.file ?? options.file
      if (file !== undefined) {
        const line = lineOf(marks[0]!.span.start)
        out.push(`${pad}${paint('gutter', '-->')} ${file}:${line + 1}:${marks[0]!.span.start - index.lineStart(line) + 1}${d.path ? ` (${d.path})` : ''}`)
      }
      out.push(`${pad} ${bar}`)
      let previous = -1
      for (const line of lines) {
        if (previous !== -1 && line > previous + 1) out.push(paint('gutter', '...'))
        previous = line
        const source = lineText(line)
        out.push(`${paint('gutter', String(line + 1).padStart(width))} ${bar} ${source}`)
        const lineStart = index.lineStart(line)
        const lineEnd = lineStart + source.length
        // Primary first, then related spans left to right, one underline row each.
        for (const mark of marks.filter((m) => spanLines(m.span).includes(line))) {
          const from = Math.max(mark.span.start, lineStart) - lineStart
          const to = Math.min(Math.max(mark.span.end, mark.span.start + 1), lineEnd + 1) - lineStart
          const lastLine = lineOf(Math.max(mark.span.start, mark.span.end - 1)) === line
          const underline = (mark.primary ? '^' : '-').repeat(Math.max(1, to - from))
          const label = lastLine && mark.label ? ` ${mark.label}` : ''
          out.push(`${pad} ${bar} ${' '.repeat(from)}${paint(mark.primary ? d.severity : 'gutter', `${underline}${label}`)}`)
        }
      }
      if (d.help) {
        out.push(`${pad} ${bar}`)
        out.push(`${paint('help', 'help')}: ${d.help}`)
      }
      return out.join('\n')
    })
    .map((block) => `${block}\n`)
    .join('\n')

  function spanLines(s: Span): number[] {
    const first = lineOf(s.start)
    const last = lineOf(Math.max(s.start, s.end - 1))
    return Array.from({ length: last - first + 1 }, (_, k) => first + k)
  }
}
