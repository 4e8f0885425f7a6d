export type { Diagnostic, RelatedSpan, Severity, Span, Suggestion } from './types.js'
