import { isScalar } from 'yaml'
import type { Diagnostic, Span } from '../diagnostics/index.js'
import { formatPath, scalarOffsets, shiftSpan, type PathSegment } from './document.js'
import type { SpecPlaces } from './layers.js'

/**
 * Collects one compile's diagnostics and turns spec paths (and spans inside scalars) into spans in the file each value
 * was written in (a base file's, for a value the spec inherits).
 */
export class CompileContext {
  readonly diagnostics: Diagnostic[] = []
  constructor(readonly places: SpecPlaces) {}

  add(d: Omit<Diagnostic, 'suggestions' | 'path' | 'file'> & { path: readonly PathSegment[]; suggestions?: Diagnostic['suggestions'] }): Diagnostic {
    const diagnostic: Diagnostic = { ...d, path: formatPath(d.path), suggestions: d.suggestions ?? [], ...fileOf(this.places.file(d.path)) }
    this.diagnostics.push(diagnostic)
    return diagnostic
  }

  span(path: readonly PathSegment[], part: 'value' | 'key' | 'missing' = 'value'): Span {
    return this.places.span(path, part)
  }

  /** A span inside a scalar's value, moved to file offsets (quotes, escapes and folding accounted for). */
  spanInValue(path: readonly PathSegment[], inner: Span): Span {
    const { document, node } = this.places.node(path)
    if (!isScalar(node)) return this.span(path)
    return shiftSpan(inner, scalarOffsets(document.text, node), document.text)
  }
}

const fileOf = (file: string | undefined) => (file !== undefined ? { file } : {})
