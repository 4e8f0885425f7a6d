import { compileSpec, type CompileSpecOptions, type Diagnostic } from '@scanplan/core'

/**
 * A large spec split into its parts: the text before the first connector (the `source` block and the
 * `connectors:` key) and one slice of text per connector item.
 */
export interface SpecChunks {
  header: string
  items: { start: number; text: string }[]
}

/**
 * Splits a block-style YAML spec whose last top-level key is `connectors:` into one slice per sequence item, by
 * YAML's own indentation rule: an item starts at a line `<indent>- ` and runs to the next such line. Any other
 * layout (JSON, flow sequences, a top-level key after the connectors, tabs) returns undefined, and the caller
 * compiles the whole text instead. Only line starts are looked at, so the cost is one pass over the text.
 */
export function splitConnectors(text: string): SpecChunks | undefined {
  const key = /^connectors:[ \t]*(#.*)?\r?\n/m.exec(text)
  if (!key) return undefined
  const bodyStart = key.index + key[0].length
  const body = text.slice(bodyStart)
  const first = /^([ ]*)- /m.exec(body)
  if (!first) return undefined
  const indent = first[1]!
  const itemStart = `${indent}- `
  const items: { start: number; text: string }[] = []
  let lineStart = bodyStart + first.index
  let current = -1
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart)
    const lineEnd = newline < 0 ? text.length : newline + 1
    const line = text.slice(lineStart, lineEnd)
    if (line.startsWith(itemStart)) {
      if (current >= 0) items[current]!.text = text.slice(items[current]!.start, lineStart)
      items.push({ start: lineStart, text: '' })
      current = items.length - 1
    } else if (line.trim() !== '' && !line.trimStart().startsWith('#')) {
      // Inside an item every line is indented deeper than its dash; anything else is a layout this does not handle.
      if (!line.startsWith(`${indent} `) || line.includes('\t')) return undefined
    }
    lineStart = lineEnd
  }
  if (current < 0) return undefined
  items[current]!.text = text.slice(items[current]!.start)
  return { header: text.slice(0, bodyStart + first.index), items }
}

/** A connector's finding moved from its one-connector compile to its place in the whole file. */
function relocate(d: Diagnostic, headerEnd: number, itemStart: number, index: number): Diagnostic {
  // Spans in the header (a related span on the source) stay; spans in the item move by the item's offset.
  const at = (s: { start: number; end: number }) => (s.start >= headerEnd ? { start: s.start - headerEnd + itemStart, end: s.end - headerEnd + itemStart } : s)
  return {
    ...d,
    span: at(d.span),
    suggestions: d.suggestions.map((x) => ({ ...x, span: at(x.span) })),
    ...(d.related ? { related: d.related.map((r) => ({ ...r, span: at(r.span) })) } : {}),
    ...(d.path !== undefined ? { path: d.path.replace(/^connectors\[0\]/, `connectors[${index}]`) } : {}),
  }
}

/**
 * Compiles a spec connector by connector, each as the header plus its one item, remembering each item's result
 * by its text: after an edit only the edited connector is compiled again (about a millisecond), where the whole
 * 1,000-connector file takes hundreds (most of it the YAML parse: docs/performance.md, "Language server").
 * What spans connectors (two connectors with one name) is left to the whole-file check that follows.
 */
export class ChunkedCompiler {
  private cache = new Map<string, Diagnostic[]>()
  private context = ''
  /** How many one-connector compiles ran (the cache's misses). */
  compiles = 0

  /**
   * The diagnostics of every connector (spans in the file's offsets), or undefined when the layout is not
   * chunkable. `contextKey` names what else a result depends on (the day of `options.now`, the profiles mapping).
   */
  compile(text: string, options: CompileSpecOptions, contextKey: string): Diagnostic[] | undefined {
    const chunks = splitConnectors(text)
    if (!chunks) return undefined
    const context = `${contextKey}\u0000${chunks.header}`
    if (context !== this.context) {
      // The source block is part of every connector's compile (auth, platform): a change there invalidates all.
      this.cache = new Map()
      this.context = context
    }
    const next = new Map<string, Diagnostic[]>()
    const out: Diagnostic[] = []
    const headerEnd = chunks.header.length
    chunks.items.forEach((item, i) => {
      let found = next.get(item.text) ?? this.cache.get(item.text)
      if (!found) {
        this.compiles++
        found = compileSpec(chunks.header + item.text, options).diagnostics
      }
      next.set(item.text, found)
      for (const d of found) {
        // Findings about the header (the source) come once, from the first connector's compile.
        if (d.span.start < headerEnd) {
          if (i === 0) out.push(d)
        } else out.push(relocate(d, headerEnd, item.start, i))
      }
    })
    this.cache = next
    return out
  }
}
