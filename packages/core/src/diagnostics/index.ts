export type { Applicability, Diagnostic, DiagnosticData, RelatedSpan, Severity, Span, Suggestion } from './types.js'
export { DIAGNOSTICS, diagnosticDefinition, diagnosticDocsUrl, type DiagnosticCode, type DiagnosticDefinition } from './registry.js'
export { machineDiagnostic, type MachineDiagnostic } from './machine.js'
export { lineIndex, type LineColumn, type LineIndex } from './position.js'
