import { diagnosticDocsUrl, type MachineDiagnostic } from '@scanplan/core'
import { regionOf, type Sources } from './annotations.js'
import { summaryLine, type CompileDocument, type DocumentChange, type PlanDocument, type PlanMode } from './documents.js'

// Everything a spec or Qualys supplies (names, values, messages) goes into code spans or is escaped, so that a
// connector called `<img src=x>` or `**x**` shows as written in a pull-request comment and cannot break the table.

/** A code span that holds any text: a fence of more backticks than the longest run inside (CommonMark 6.1). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : ''
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`
}

/**
 * Plain words in the middle of a line: the characters that start inline Markdown escaped (code, emphasis, links,
 * strike-through, table pipes), HTML's angle brackets and ampersands as entities, newlines as line breaks.
 */
function words(text: string): string {
  return text.replace(/[\\`*_[\]|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`)).replace(/\r?\n/g, '<br>')
}

/** A table cell: GFM splits on `|` even inside code spans unless it is escaped. */
const cell = (markdown: string) => markdown.replace(/\|/g, '\\|')

/** Inside an HTML block (`<summary>`) Markdown is not parsed: names go in as escaped HTML. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const show = (value: unknown) => (value === null || value === undefined ? '' : code(JSON.stringify(value)))

function fenced(language: string, text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${language}\n${text}\n${fence}`
}

const actionWords: Record<DocumentChange['action'], string> = {
  create: 'create',
  update: 'update',
  enable: 'enable',
  disable: 'disable',
  noop: 'no change',
  unmanaged: 'unmanaged (in no spec)',
}

function changeRow(c: DocumentChange, mode: PlanMode): string {
  const result = c.result ? `${c.result.status}${c.result.id !== undefined ? ` (id ${c.result.id})` : ''}${c.result.error !== undefined ? `: ${words(c.result.error)}` : ''}` : ''
  const columns = [actionWords[c.action], code(c.connector), c.id !== undefined ? String(c.id) : '', code(c.file), String(c.diff.length), ...(mode === 'apply' ? [result] : [])]
  return `| ${columns.map(cell).join(' | ')} |`
}

function diffDetails(c: DocumentChange): string {
  if (c.diff.length === 0) return ''
  const rows = c.diff.map((d) => `| ${[code(d.field), show(d.old), show(d.new)].map(cell).join(' | ')} |`)
  return [
    `<details><summary>${actionWords[c.action]} <code>${html(c.connector)}</code>${c.id !== undefined ? ` (id ${c.id})` : ''}: ${c.diff.length} field${c.diff.length === 1 ? '' : 's'}</summary>`,
    '',
    '| field | old | new |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '</details>',
  ].join('\n')
}

const severityWords = { error: 'error', warning: 'warning', note: 'note' } as const

/** One bullet per diagnostic: severity, code (linked to its documentation), where, message and help. */
export function diagnosticsMarkdown(diagnostics: readonly MachineDiagnostic[], sources: Sources): string {
  if (diagnostics.length === 0) return ''
  const items = diagnostics.map((d) => {
    const region = regionOf(d, sources)
    const where = d.file === undefined ? '' : ` ${code(region ? `${d.file}:${region.start.line}:${region.start.column}` : d.file)}`
    const help = d.help !== undefined ? `<br>help: ${words(d.help)}` : ''
    return `- **${severityWords[d.severity]}** [${d.code}](${diagnosticDocsUrl(d.code)})${where}: ${words(d.message)}${help}`
  })
  return `#### Diagnostics\n\n${items.join('\n')}\n`
}

export interface MarkdownOptions {
  sources: Sources
  /** The heading level's text, e.g. `scanplan plan` (default) or a job's name. */
  title?: string
}

/** A plan or an apply as Markdown, for a pull-request comment or a job summary (GitHub-flavoured: tables, details). */
export function planMarkdown(doc: PlanDocument, options: MarkdownOptions): string {
  const mode: PlanMode = doc.format === 'scanplan.apply/1' ? 'apply' : 'plan'
  const parts = [`### ${words(options.title ?? `scanplan ${mode}`)}`, '']
  // The summary is scanplan's own sentence (with `apply --prune` as code), not user text: no escaping.
  if (doc.ok) parts.push(`**${summaryLine(doc.changes, mode)}**`, '')
  else parts.push(mode === 'apply' ? '**The apply did not succeed: see the diagnostics and results below.**' : '**The plan has errors: nothing can be applied until they are fixed.**', '')
  if (doc.changes.length > 0) {
    parts.push(`| action | connector | id | spec | fields${mode === 'apply' ? ' | result' : ''} |`, `| --- | --- | --- | --- | --- |${mode === 'apply' ? ' --- |' : ''}`)
    for (const c of doc.changes) parts.push(changeRow(c, mode))
    parts.push('')
    for (const c of doc.changes) {
      const details = c.action === 'noop' || c.action === 'unmanaged' ? '' : diffDetails(c)
      if (details) parts.push(details, '')
    }
  }
  const diagnostics = diagnosticsMarkdown(doc.diagnostics, options.sources)
  if (diagnostics) parts.push(diagnostics)
  return `${parts.join('\n').trimEnd()}\n`
}

/** The requests of `scanplan compile` as Markdown: one fenced JSON body per request, then the diagnostics. */
export function compileMarkdown(doc: CompileDocument, options: MarkdownOptions): string {
  const parts = [`### ${words(options.title ?? 'scanplan compile')}`, '']
  parts.push(doc.ok ? `**${doc.requests.length} request${doc.requests.length === 1 ? '' : 's'}.**` : '**The specs do not compile.**', '')
  for (const r of doc.requests) parts.push(`${code(`${r.method} ${r.path}`)} for ${code(r.connector)}`, '', fenced('json', JSON.stringify(r.body, null, 2)), '')
  const diagnostics = diagnosticsMarkdown(doc.diagnostics, options.sources)
  if (diagnostics) parts.push(diagnostics)
  return `${parts.join('\n').trimEnd()}\n`
}
