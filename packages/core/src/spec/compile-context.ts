import { isScalar } from 'yaml'
import type { Diagnostic, Span } from '../diagnostics/index.js'
import { formatPath, locate, scalarOffsets, shiftSpan, spanAt, type PathSegment, type SpecDocument } from './document.js'

/** Collects one compile's diagnostics and turns document paths (and spans inside scalars) into file spans. */
export class CompileContext {
  readonly diagnostics: Diagnostic[] = []
  constructor(readonly document: SpecDocument, readonly file: string | undefined) {}

  add(d: Omit<Diagnostic, 'suggestions' | 'path' | 'file'> & { path: readonly PathSegment[]; suggestions?: Diagnostic['suggestions'] }): Diagnostic {
    const diagnostic: Diagnostic = { ...d, path: formatPath(d.path), suggestions: d.suggestions ?? [], ...(this.file !== undefined ? { file: this.file } : {}) }
    this.diagnostics.push(diagnostic)
    return diagnostic
  }

  span(path: readonly PathSegment[], part: 'value' | 'key' | 'missing' = 'value'): Span {
    return spanAt(this.document, path, part)
  }

  /** A span inside a scalar's value, moved to file offsets (quotes, escapes and folding accounted for). */
  spanInValue(path: readonly PathSegment[], inner: Span): Span {
    const node = locate(this.document, path).value
    if (!isScalar(node)) return this.span(path)
    return shiftSpan(inner, scalarOffsets(this.document.text, node), this.document.text)
  }
}
