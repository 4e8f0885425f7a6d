import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml'

/** A step into the spec document: a mapping key or a sequence index. */
export type PathSegment = string | number

/** What sits under the cursor in a spec file (YAML or JSON: JSON is read as YAML, so both have one reader). */
export interface Located {
  /** The path of the value the cursor is in, or of the key the cursor is on. */
  path: PathSegment[]
  /** `key` when the cursor is on a mapping key, `value` on a scalar value, `mapping` inside a mapping between keys. */
  on: 'key' | 'value' | 'mapping'
  /** The scalar under the cursor (key or value), with its source range in UTF-16 offsets. */
  scalar?: { value: unknown; start: number; end: number; quoted: boolean }
}

export function parseSpecText(text: string): Document.Parsed {
  // The same options as core's loader reads with: ranges on every node, no merge keys, JSON read as YAML.
  return parseDocument(text, { keepSourceTokens: true, lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false })
}

function contains(node: { range?: [number, number, number] | null } | null | undefined, offset: number): boolean {
  // The value end (range[1]) includes the last character; a cursor right after a word still belongs to it.
  return !!node?.range && node.range[0] <= offset && offset <= node.range[1]
}

/**
 * A plain scalar's value ends at its last non-blank character, but a cursor in the blanks typed after it on the
 * same line (`starting ` before the date) is still in it: YAML just has not kept those blanks yet.
 */
function trails(node: Scalar, offset: number, text: string | undefined): boolean {
  if (!node.range || text === undefined || node.type !== 'PLAIN' || offset <= node.range[1]) return false
  return /^[ \t]*$/.test(text.slice(node.range[1], offset))
}

function scalarAt(node: Scalar): Located['scalar'] {
  const [start, end] = node.range ?? [0, 0]
  return { value: node.value, start, end, quoted: node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' }
}

/**
 * The path and node under `offset`. Walks the parsed tree from the top, so a half-typed file (a key with no value
 * yet, a syntax error further down) still says where the cursor is.
 */
export function locate(doc: Document.Parsed, offset: number, text?: string): Located {
  const path: PathSegment[] = []
  let node: unknown = doc.contents
  for (;;) {
    if (isMap(node)) {
      let next: unknown
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const key = pair.key as Node | null
        const keyName = isScalar(key) ? String(key.value) : undefined
        if (isScalar(key) && contains(key, offset)) return { path: [...path, keyName ?? ''], on: 'key', scalar: scalarAt(key) }
        const value = pair.value as Node | null
        if (keyName !== undefined && value && (contains(value, offset) || (isScalar(value) && trails(value, offset, text)))) {
          path.push(keyName)
          next = value
          break
        }
      }
      if (next === undefined) return { path, on: 'mapping' }
      node = next
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item as Node, offset))
      if (index < 0) return { path, on: 'mapping' }
      path.push(index)
      node = node.items[index]
    } else if (isScalar(node)) {
      return { path, on: 'value', scalar: scalarAt(node) }
    } else {
      return { path, on: 'mapping' }
    }
  }
}

/** The value at `path` in the plain data of the document (for hover texts that need a sibling, e.g. `source.username`). */
export function valueAt(doc: Document.Parsed, path: readonly PathSegment[]): unknown {
  const node = doc.getIn(path, true)
  return isScalar(node) ? node.value : node
}
