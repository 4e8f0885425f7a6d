import { DIAGNOSTICS, type DiagnosticCode } from './registry.js'
import type { Applicability, Diagnostic, DiagnosticData, Severity } from './types.js'

interface MachineSpan {
  start: number
  end: number
}

/** The machine (JSON) form of a diagnostic: what `--json`, the webhook's 422 body and editors read. */
export interface MachineDiagnostic {
  code: DiagnosticCode
  severity: Severity
  /** The registered title of the code (the same for every occurrence). */
  title: string
  /** Where the code is documented: a page under docs/ with its anchor, e.g. `schedule-language.md#dsl040`. */
  docs: string
  message: string
  span: MachineSpan
  label?: string
  /** Every other labelled place the diagnostic points at (a DSL060 conflict's first clause). */
  related: { span: MachineSpan; label: string }[]
  help?: string
  suggestions: { replacement: string; span: MachineSpan; applicability: Applicability }[]
  data?: DiagnosticData
  file?: string
  path?: string
}

const spanOf = (s: MachineSpan): MachineSpan => ({ start: s.start, end: s.end })

/**
 * The one place that turns a diagnostic into its machine form (docs/cli.md, apps/cli/schemas/diagnostic.json): a
 * fixed key order, every span (primary, related, suggestions) kept, the code's registered title and docs anchor.
 */
export function machineDiagnostic(d: Diagnostic): MachineDiagnostic {
  const definition = DIAGNOSTICS[d.code]
  return {
    code: d.code,
    severity: d.severity,
    title: definition.title,
    docs: definition.docs,
    message: d.message,
    span: spanOf(d.span),
    ...(d.label !== undefined ? { label: d.label } : {}),
    related: (d.related ?? []).map((r) => ({ span: spanOf(r.span), label: r.label })),
    ...(d.help !== undefined ? { help: d.help } : {}),
    suggestions: d.suggestions.map((s) => ({ replacement: s.replacement, span: spanOf(s.span), applicability: s.applicability })),
    ...(d.data !== undefined ? { data: d.data } : {}),
    ...(d.file !== undefined ? { file: d.file } : {}),
    ...(d.path !== undefined ? { path: d.path } : {}),
  }
}
