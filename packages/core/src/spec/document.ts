import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Scalar } from 'yaml'
import type { Diagnostic, Span } from '../diagnostics/index.js'

/**
 * A spec document with source positions. JSON is parsed by the same YAML parser (JSON is YAML's flow subset),
 * so both formats report file offsets the same way.
 */
export interface SpecDocument {
  text: string
  doc: Document.Parsed
}

import type { PathSegment } from './object-codec.js'
export { formatPath, type PathSegment } from './object-codec.js'

export function parseSpecDocument(text: string): { document: SpecDocument; diagnostics: Diagnostic[] } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' })
  const diagnostics: Diagnostic[] = doc.errors.map((error) => {
    const duplicate = error.code === 'DUPLICATE_KEY'
    const start = error.pos[0]
    // The parser marks one character of a duplicate key; underline the whole key.
    const end = duplicate ? start + (/^[^:\n,}]*/.exec(text.slice(start))?.[0].trimEnd().length ?? 1) : error.pos[1]
    return {
      code: duplicate ? 'SPEC002' : 'SPEC001',
      severity: 'error',
      message: duplicate ? 'this key is given twice' : `the file is not valid YAML or JSON: ${error.message.replace(/ at line \d+, column \d+.*$/s, '')}`,
      span: { start, end: Math.max(end, start + 1) > text.length ? Math.max(start, text.length) : Math.max(end, start + 1) },
      suggestions: [],
      // Syntax errors belong to the document, not to a decoded key.
      path: '',
      help: duplicate ? 'keep one of the two; YAML keys must be unique in a mapping' : 'check the indentation, quotes and brackets near the caret',
      label: duplicate ? 'duplicate key' : error.code.toLowerCase().replace(/_/g, ' '),
    }
  })
  return { document: { text, doc }, diagnostics }
}

interface Located {
  /** The node of the value at the path, when the path exists. */
  value?: Node
  /** The key node, when the path ends in a mapping key. */
  key?: Node
  /** The deepest existing node on the way (for a missing key: the mapping that lacks it). */
  parent?: Node
  parentKey?: Node
}

export function locate(document: SpecDocument, path: readonly PathSegment[]): Located {
  let node: unknown = document.doc.contents
  let key: Node | undefined
  let parentKey: Node | undefined
  let parent: Node | undefined
  for (const segment of path) {
    parent = node as Node
    parentKey = key
    if (typeof segment === 'number' && isSeq(node)) {
      node = node.items[segment]
      key = undefined
    } else if (typeof segment === 'string' && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment)
      if (!pair) return { parent, ...(parentKey ? { parentKey } : {}) }
      key = pair.key as Node
      node = pair.value
    } else {
      return { parent, ...(parentKey ? { parentKey } : {}) }
    }
    if (node === undefined || node === null) return { ...(key ? { key } : {}), parent, ...(parentKey ? { parentKey } : {}) }
  }
  return { value: node as Node, ...(key ? { key } : {}), ...(parent ? { parent } : {}), ...(parentKey ? { parentKey } : {}) }
}

function nodeSpan(node: Node | undefined): Span | undefined {
  const range = node?.range
  if (!range) return undefined
  return { start: range[0], end: Math.max(range[1], range[0]) }
}

/** The first line of a span, so a caret under a whole mapping stays on one line. */
function firstLine(text: string, span: Span): Span {
  const newline = text.indexOf('\n', span.start)
  const end = newline === -1 || newline > span.end ? span.end : newline
  return { start: span.start, end: Math.max(end, span.start + (span.start < text.length ? 1 : 0)) }
}

/**
 * Where in a spec's text the value at `path` is (the key's owner when it is missing), for problems found after
 * compiling, such as a plan's: `spanOfSpecPath(text, ['connectors', 0, 'tenant', 'id'])`.
 */
export function spanOfSpecPath(text: string, path: readonly PathSegment[], part: 'value' | 'key' = 'value'): Span {
  return spanAt(parseSpecDocument(text).document, path, part)
}

/** Where to put the caret for a problem with the value at `path` (or with the key itself). */
export function spanAt(document: SpecDocument, path: readonly PathSegment[], part: 'value' | 'key' | 'missing' = 'value'): Span {
  const span = unclampedSpanAt(document, path, part)
  // An empty value at the very end of the file has no character to underline.
  const end = Math.min(span.end, document.text.length)
  const start = Math.min(span.start, end)
  return { start, end }
}

function unclampedSpanAt(document: SpecDocument, path: readonly PathSegment[], part: 'value' | 'key' | 'missing'): Span {
  const found = locate(document, path)
  const { text } = document
  if (part === 'key' && found.key) return nodeSpan(found.key)!
  if (part !== 'missing' && found.value) {
    const span = nodeSpan(found.value)
    if (span) return firstLine(text, span.end > span.start ? span : { start: span.start, end: span.start + 1 })
  }
  if (part !== 'missing' && found.key) return nodeSpan(found.key)!
  // A missing key: point at the key that owns the mapping, or at the mapping's first line.
  const owner = found.parentKey ?? (found.key && part !== 'missing' ? found.key : undefined)
  if (owner) return nodeSpan(owner)!
  const parentSpan = nodeSpan(found.parent)
  if (parentSpan) return firstLine(text, parentSpan)
  return { start: 0, end: Math.min(text.length, Math.max(1, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'))) }
}

/**
 * Maps each UTF-16 offset of a scalar's VALUE to its offset in the FILE, so a schedule diagnostic inside a quoted or
 * folded phrase lands under the right characters. Returns an array of value.length + 1 offsets (the last is the
 * end). Escapes in double quotes, `''` in single quotes and line folding are walked explicitly.
 */
export function scalarOffsets(text: string, node: Scalar): number[] {
  const value = String(node.value)
  const [start, end] = node.range ?? [0, 0]
  const offsets = new Array<number>(value.length + 1)
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'
  let j = start + (quoted ? 1 : 0)
  let i = 0
  const stop = quoted ? end - 1 : end
  while (i < value.length && j < stop) {
    const ch = text[j]!
    if (node.type === 'QUOTE_DOUBLE' && ch === '\\') {
      const next = text[j + 1]
      if (next === '\n' || next === '\r') {
        j += 2
        while (j < stop && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++
        continue
      }
      const length = next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2
      const codePoint = next === 'U' ? Number.parseInt(text.slice(j + 2, j + 10), 16) : 0
      const units = next === 'U' && codePoint > 0xffff ? 2 : 1
      for (let k = 0; k < units && i < value.length; k++) offsets[i++] = j
      j += length
      continue
    }
    if (node.type === 'QUOTE_SINGLE' && ch === "'" && text[j + 1] === "'") {
      offsets[i++] = j
      j += 2
      continue
    }
    if (ch === value[i]) {
      offsets[i++] = j
      j++
      continue
    }
    // Folding: a line break (and indentation) in the source became one space or newline in the value.
    if ((value[i] === ' ' || value[i] === '\n') && /\s/.test(ch)) {
      offsets[i++] = j
      j++
      while (j < stop && /\s/.test(text[j]!) && text[j] !== value[i]) j++
      continue
    }
    j++
  }
  while (i < value.length) offsets[i++] = Math.min(j, stop)
  offsets[value.length] = Math.min(j, Math.max(stop, start))
  return offsets
}

export function shiftSpan(span: Span, offsets: readonly number[], text: string): Span {
  const at = (n: number) => offsets[Math.max(0, Math.min(n, offsets.length - 1))]!
  const start = at(span.start)
  if (span.end <= span.start) return { start, end: start }
  // The next character's offset ends an escape like `\"` whole; across a line fold, stop at the last character.
  const next = at(span.end)
  const last = at(span.end - 1)
  const end = next > last && !/[\n\r]/.test(text.slice(last, next)) ? next : last + 1
  return { start, end: Math.max(end, start) }
}

