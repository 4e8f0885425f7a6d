import { diagnosticDocsUrl, lineIndex, type LineColumn, type MachineDiagnostic } from '@scanplan/core'

/** The text of each input by the name diagnostics give it (`file`): only read to turn spans into lines and columns. */
export type Sources = ReadonlyMap<string, string>

/** A span as lines and columns: `end` is the position just after the last character (SARIF's exclusive end). */
export interface Region {
  start: LineColumn
  end: LineColumn
}

/** Where a diagnostic points, when its file's text is known (a saved plan's specs are not read again). */
export function regionOf(d: Pick<MachineDiagnostic, 'file' | 'span'>, sources: Sources): Region | undefined {
  const text = d.file === undefined ? undefined : sources.get(d.file)
  if (text === undefined) return undefined
  const index = lineIndex(text)
  return { start: index.positionOf(d.span.start), end: index.positionOf(Math.max(d.span.start, d.span.end)) }
}

/**
 * One GitHub annotation, with the properties of the `::error` workflow command (the names @actions/core's
 * `AnnotationProperties` map to): columns only on a one-line span, since GitHub ignores them otherwise.
 */
export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  title: string
  file?: string
  line?: number
  endLine?: number
  col?: number
  endColumn?: number
}

const levels = { error: 'error', warning: 'warning', note: 'notice' } as const

export function annotationOf(d: MachineDiagnostic, sources: Sources): Annotation {
  const region = regionOf(d, sources)
  const lastColumn = region ? Math.max(region.start.column, region.end.column - 1) : 0
  return {
    level: levels[d.severity],
    // The message a reader sees in the pull request: what is wrong, how to fix it, and where it is documented.
    message: [d.message, ...(d.help !== undefined ? [`help: ${d.help}`] : []), `docs: ${diagnosticDocsUrl(d.code)}`].join('\n'),
    title: `${d.code}: ${d.title}`,
    ...(d.file !== undefined ? { file: d.file } : {}),
    ...(region
      ? { line: region.start.line, endLine: region.end.line, ...(region.start.line === region.end.line ? { col: region.start.column, endColumn: lastColumn } : {}) }
      : {}),
  }
}

// GitHub's escaping for workflow commands (the runner decodes exactly these; @actions/core's command.ts does the
// same): data escapes %, CR and LF; property values also : and , which separate the properties.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** `::error file=…,line=…,col=…::message`, escaped, one line. */
export function workflowCommand(a: Annotation): string {
  const properties = (['title', 'file', 'line', 'endLine', 'col', 'endColumn'] as const)
    .filter((k) => a[k] !== undefined)
    .map((k) => `${k}=${escapeProperty(String(a[k]))}`)
  return `::${a.level}${properties.length > 0 ? ` ${properties.join(',')}` : ''}::${escapeData(a.message)}`
}

/** Every diagnostic as a workflow command line (`--format github`): the runner turns each into an annotation. */
export function workflowCommands(diagnostics: readonly MachineDiagnostic[], sources: Sources): string {
  return diagnostics.map((d) => `${workflowCommand(annotationOf(d, sources))}\n`).join('')
}
