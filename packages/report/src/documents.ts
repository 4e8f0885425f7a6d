import { machineDiagnostic, type Diagnostic, type FieldChange, type MachineDiagnostic } from '@scanplan/core'
import type { AppliedChange, PlannedChange, SpecApply, SpecPlan } from '@scanplan/qualys'

/**
 * The format identifiers every JSON document carries in `format` (`name/major`): a reader checks it before trusting
 * the shape, and the major number changes only when a field is removed or changes meaning (adding one does not).
 */
export const FORMATS = {
  compile: 'scanplan.compile/1',
  plan: 'scanplan.plan/1',
  apply: 'scanplan.apply/1',
  error: 'scanplan.error/1',
} as const

export type PlanMode = 'plan' | 'apply'

/** A diff entry as the documents carry it: secrets only as `(sensitive)`, absent values as null. */
export interface DocumentDiff {
  field: string
  old: unknown
  new: unknown
}

export interface DocumentChange {
  connector: string
  action: PlannedChange['action']
  id?: number
  /** The spec the connector comes from. */
  file: string
  diff: DocumentDiff[]
  /** apply only */
  result?: AppliedChange['result']
}

/** `scanplan plan` / `apply` as data (`--format json`, apps/cli/schemas/plan.json); every other format renders it. */
export interface PlanDocument {
  format: (typeof FORMATS)['plan' | 'apply']
  ok: boolean
  changes: DocumentChange[]
  diagnostics: MachineDiagnostic[]
}

export interface CompiledRequestEntry {
  connector: string
  method: string
  path: string
  body: unknown
}

/** `scanplan compile` as data (apps/cli/schemas/compile.json). */
export interface CompileDocument {
  format: (typeof FORMATS)['compile']
  ok: boolean
  requests: CompiledRequestEntry[]
  diagnostics: MachineDiagnostic[]
}

/** A failed command under `--format json` (apps/cli/schemas/error.json): still one document on stdout. */
export interface ErrorDocument {
  format: (typeof FORMATS)['error']
  ok: false
  error: { message: string; help?: string; exitCode: number }
}

export const SENSITIVE = '(sensitive)'

export function documentDiff(diff: readonly FieldChange[]): DocumentDiff[] {
  return diff.map((d) => ({ field: d.field, old: d.sensitive ? null : (d.old ?? null), new: d.sensitive ? SENSITIVE : (d.new ?? null) }))
}

export function documentChange(file: string, change: PlannedChange | AppliedChange): DocumentChange {
  return {
    connector: change.connector,
    action: change.action,
    ...(change.id !== undefined ? { id: change.id } : {}),
    file,
    diff: documentDiff(change.diff),
    ...('result' in change && change.result ? { result: change.result } : {}),
  }
}

/** Account, network and credential problems as diagnostics, so that a document has one list of everything wrong. */
const failureCodes = { auth: 'QUALYS-AUTH', network: 'QUALYS-NETWORK', input: 'QUALYS-INPUT', qualys: 'QUALYS-QUALYS' } as const

export function failureDiagnostic(spec: SpecPlan): Diagnostic {
  return { code: failureCodes[spec.failure ?? 'qualys'], severity: 'error', message: spec.error ?? '', span: { start: 0, end: 0 }, suggestions: [], file: spec.file }
}

/** The plan (or, once applied, the apply) of every spec as one document: changes in spec order, then diagnostics. */
export function planDocument(specs: readonly SpecApply[], mode: PlanMode): PlanDocument {
  const failed = specs.some((s) => s.error !== undefined || s.diagnostics.some((d) => d.severity === 'error') || (s.applied ?? []).some((c) => c.result.status === 'failed'))
  return {
    format: FORMATS[mode],
    ok: !failed,
    changes: specs.flatMap((s) => (s.applied ?? s.plan?.changes ?? []).map((c) => documentChange(s.file, c))),
    diagnostics: specs.flatMap((s) => [...s.diagnostics, ...(s.error !== undefined ? [failureDiagnostic(s)] : [])]).map(machineDiagnostic),
  }
}

export interface PlanCounts {
  creates: number
  updates: number
  enables: number
  disables: number
  unchanged: number
  unmanaged: number
  /** Everything apply would send: creates, updates, enables and disables. */
  changes: number
}

export function planCounts(changes: readonly Pick<DocumentChange, 'action'>[]): PlanCounts {
  const count = (action: DocumentChange['action']) => changes.filter((c) => c.action === action).length
  const counts = { creates: count('create'), updates: count('update'), enables: count('enable'), disables: count('disable'), unchanged: count('noop'), unmanaged: count('unmanaged') }
  return { ...counts, changes: counts.creates + counts.updates + counts.enables + counts.disables }
}

/** The one-line summary under a plan or an apply, as the text, Markdown and GitHub outputs print it. */
export function summaryLine(changes: readonly DocumentChange[], mode: PlanMode): string {
  const optional = (n: number, words: string) => (n > 0 ? `, ${n} ${words}` : '')
  if (mode === 'plan') {
    const n = planCounts(changes)
    return `Plan: ${n.creates} to create, ${n.updates} to update${optional(n.disables, 'to disable')}${optional(n.enables, 'to enable')}, ${n.unchanged} unchanged${optional(n.unmanaged, 'unmanaged (in no spec; `apply --prune` disables them)')}.`
  }
  const status = (s: string) => changes.filter((c) => c.result?.status === s).length
  return `Apply: ${status('created')} created, ${status('updated')} updated${optional(status('disabled'), 'disabled')}${optional(status('enabled'), 'enabled')}, ${status('unchanged')} unchanged, ${status('failed')} failed.`
}
