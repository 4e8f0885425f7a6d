/** How serious a diagnostic is. Only `error` stops a compile. */
export type Severity = 'error' | 'warning' | 'note'

/** A half-open range of UTF-16 code-unit offsets into the text the user wrote. */
export interface Span {
  start: number
  end: number
}

/** A concrete edit that fixes the problem: replace `span` of the source with `replacement`. */
export interface Suggestion {
  replacement: string
  span: Span
}

/** A further place that takes part in the problem (the first `at` clause of two, the YAML key that conflicts). */
export interface RelatedSpan {
  span: Span
  label: string
}

/**
 * One finding of the compiler. The machine form (CLI `--json`, editors, the webhook's 422 body) is exactly
 * `{ code, severity, message, span, help?, suggestions }` plus, for spec files, `file?` and `path?`;
 * `label` and `related` feed the rendered form only.
 */
export interface Diagnostic {
  code: string
  severity: Severity
  message: string
  span: Span
  help?: string
  suggestions: Suggestion[]
  /** Text printed beside the caret, e.g. "not in the IANA time zone database". */
  label?: string
  related?: RelatedSpan[]
  /** The spec file the span points into (spec diagnostics only). */
  file?: string
  /** Where in the spec document, e.g. `connectors[0].perimeterScan.schedule` (spec diagnostics only). */
  path?: string
}
