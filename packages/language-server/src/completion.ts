import { scheduleWords, zoneNames } from '@scanplan/core'
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml'
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import { locate, type PathSegment } from './locate.js'
import { propertiesAt, schemaAt, valuesAt, type SchemaNode } from './spec-schema.js'

export interface CompletionContext {
  document: TextDocument
  doc: Document.Parsed
  schema: SchemaNode
  now: Date
}

/** Zones offered for one prefix; past this the list helps nobody (600 names), and the user types one more letter. */
const MAX_ZONES = 60
const DATE_WORDS = new Set(['starting', 'from', 'beginning', 'start'])
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

const isSchedulePath = (path: readonly PathSegment[]): boolean => path.length === 4 && path[0] === 'connectors' && path[2] === 'perimeterScan' && path[3] === 'schedule'

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Completions inside a schedule phrase: the word being typed, replaced whole. */
function scheduleCompletions(phraseBefore: string, wordStart: number, cursor: number, ctx: CompletionContext): CompletionItem[] {
  const word = /[\p{L}\p{N}_/+-]*$/u.exec(phraseBefore)?.[0] ?? ''
  const previous = /([\p{L}]+)[\s,]*$/u.exec(phraseBefore.slice(0, phraseBefore.length - word.length))?.[1]?.toLowerCase()
  const range = { start: ctx.document.positionAt(wordStart), end: ctx.document.positionAt(cursor) }
  const lower = word.toLowerCase()
  const item = (label: string, kind: CompletionItemKind, detail: string, sortPrefix: string): CompletionItem => ({ label, kind, detail, sortText: `${sortPrefix}${label}`, textEdit: { range, newText: label }, filterText: label })
  const items: CompletionItem[] = []
  if (previous !== undefined && DATE_WORDS.has(previous)) {
    // Absolute dates first: a spec file keeps meaning the same day, whenever it is planned (docs/spec.md).
    const today = Date.UTC(ctx.now.getUTCFullYear(), ctx.now.getUTCMonth(), ctx.now.getUTCDate())
    for (let i = 1; i <= 7; i++) {
      const day = today + i * 86_400_000
      items.push(item(isoDay(day), CompletionItemKind.Value, `${DAY_NAMES[new Date(day).getUTCDay()]} (absolute date)`, `0${i}`))
    }
    for (const w of ['today', 'tomorrow', ...DAY_NAMES.map((d) => `next ${d}`)]) items.push(item(w, CompletionItemKind.Keyword, 'relative date', '1'))
    return items.filter((i) => i.label.toLowerCase().startsWith(lower))
  }
  const words = scheduleWords()
  for (const d of words.days) if (d.startsWith(lower)) items.push(item(d, CompletionItemKind.EnumMember, 'day', '1'))
  for (const k of words.keywords) if (k.startsWith(lower) && k !== lower) items.push(item(k, CompletionItemKind.Keyword, 'keyword', '2'))
  if (lower.length > 0) {
    let zones = 0
    for (const z of zoneNames()) {
      const zl = z.toLowerCase()
      // By prefix of the whole name (`Asia/Co`) or of the place (`Colo` -> Asia/Colombo).
      if (zl.startsWith(lower) || zl.slice(zl.lastIndexOf('/') + 1).startsWith(lower)) {
        items.push(item(z, CompletionItemKind.Value, 'time zone', '3'))
        if (++zones >= MAX_ZONES) break
      }
    }
  }
  return items
}

/** The keys already written in the mapping at `path`, so completion does not offer a key twice. */
function presentKeys(doc: Document.Parsed, path: readonly PathSegment[]): Set<string> {
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true)
  const keys = new Set<string>()
  if (isMap(node)) for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) keys.add(String(pair.key.value))
  return keys
}

function keyCompletions(path: readonly PathSegment[], ctx: CompletionContext, typing?: string): CompletionItem[] {
  const present = presentKeys(ctx.doc, path)
  const items: CompletionItem[] = []
  for (const [key, schema] of propertiesAt(ctx.schema, path)) {
    if (key === '$schema' || (present.has(key) && key !== typing)) continue
    const text = schema.markdownDescription ?? schema.description
    items.push({ label: key, kind: CompletionItemKind.Property, insertText: `${key}: `, insertTextFormat: InsertTextFormat.PlainText, ...(text ? { documentation: { kind: 'markdown', value: text } } : {}) })
  }
  return items
}

function valueCompletions(path: readonly PathSegment[], ctx: CompletionContext): CompletionItem[] {
  return valuesAt(ctx.schema, path).map(({ value, description }) => ({ label: value, kind: CompletionItemKind.EnumMember, ...(description ? { documentation: { kind: 'markdown', value: description } } : {}) }))
}

/**
 * The mapping a cursor on an otherwise empty line belongs to, read from its indentation (YAML's own rule): the tree
 * alone cannot say, since a mapping's range ends at its last value and a blank line belongs to no node.
 */
function mappingByIndent(doc: Document.Parsed, text: string, offset: number): PathSegment[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const column = offset - lineStart
  const path: PathSegment[] = []
  let node: unknown = doc.contents
  for (;;) {
    if (isSeq(node)) {
      const items = node.items.filter((i) => (i as Node).range && (i as Node).range![0] < offset)
      if (items.length === 0) return path
      path.push(items.length - 1)
      node = items[items.length - 1]
      continue
    }
    if (!isMap(node)) return path.slice(0, -1)
    const pairs = node.items.filter((p) => isPair(p) && isScalar(p.key) && p.key.range && p.key.range[0] < offset)
    const last = pairs[pairs.length - 1]
    if (!last || !isScalar(last.key)) return path
    const keyColumn = last.key.range![0] - (text.lastIndexOf('\n', last.key.range![0] - 1) + 1)
    if (column <= keyColumn || !(isMap(last.value) || isSeq(last.value))) return path
    path.push(String(last.key.value))
    node = last.value
  }
}

export function completions(offset: number, ctx: CompletionContext): CompletionItem[] {
  const text = ctx.document.getText()
  const located = locate(ctx.doc, offset, text)
  if (located.on === 'value' && located.scalar) {
    const { scalar, path } = located
    if (isSchedulePath(path) && typeof scalar.value === 'string') {
      const inner = scalar.start + (scalar.quoted ? 1 : 0)
      const before = text.slice(inner, offset)
      const word = /[\p{L}\p{N}_/+-]*$/u.exec(before)?.[0] ?? ''
      return scheduleCompletions(before, offset - word.length, offset, ctx)
    }
    const keyLine = text.lastIndexOf('\n', scalar.start - 1)
    const cursorLine = text.lastIndexOf('\n', offset - 1)
    // A word alone on the line below `perimeterScan:` is a key being typed, although YAML reads it as the value.
    const wantsObject = schemaAt(ctx.schema, path).some((s) => s.properties)
    if (wantsObject && keyLine === cursorLine && text.slice(keyLine + 1, scalar.start).trim() === '') return keyCompletions(path, ctx)
    return valueCompletions(path, ctx)
  }
  if (located.on === 'key') return keyCompletions(located.path.slice(0, -1), ctx, String(located.path[located.path.length - 1]))
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const beforeOnLine = text.slice(lineStart, offset)
  const keyValue = /^\s*(?:-\s+)?([A-Za-z$][\w$]*):\s*$/.exec(beforeOnLine)
  const mapping = beforeOnLine.trim() === '' || /^\s*-\s*$/.test(beforeOnLine) ? mappingByIndent(ctx.doc, text, offset) : located.path
  if (keyValue) return valueCompletions([...mapping, keyValue[1]!], ctx)
  return keyCompletions(mapping, ctx)
}
