export {
  FORMATS,
  SENSITIVE,
  documentChange,
  documentDiff,
  failureDiagnostic,
  planCounts,
  planDocument,
  summaryLine,
  type CompileDocument,
  type CompiledRequestEntry,
  type DocumentChange,
  type DocumentDiff,
  type ErrorDocument,
  type PlanCounts,
  type PlanDocument,
  type PlanMode,
} from './documents.js'
export { annotationOf, regionOf, workflowCommand, workflowCommands, type Annotation, type Region, type Sources } from './annotations.js'
export { compileMarkdown, diagnosticsMarkdown, planMarkdown, type MarkdownOptions } from './markdown.js'
export { sarifLog, type SarifLog, type SarifOptions } from './sarif.js'
