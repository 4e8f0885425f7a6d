import type { FieldChange } from '@scanplan/core'
import type { AppliedChange, PlannedChange, SpecApply } from '@scanplan/qualys'
import type { Colors } from './output.js'

const SENSITIVE = '(sensitive)'

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value)
}

/** A diff entry as `--json` prints it: secrets only as `(sensitive)`, absent values as null. */
export function jsonDiff(diff: FieldChange[]) {
  return diff.map((d) => ({ field: d.field, old: d.sensitive ? null : (d.old ?? null), new: d.sensitive ? SENSITIVE : (d.new ?? null) }))
}

export function jsonChange(file: string, change: PlannedChange | AppliedChange) {
  return {
    connector: change.connector,
    action: change.action,
    ...(change.id !== undefined ? { id: change.id } : {}),
    file,
    diff: jsonDiff(change.diff),
    ...('result' in change ? { result: change.result } : {}),
  }
}

/** Terraform-like: `+ create`, `~ update` with `old -> new` per field, secrets as `(sensitive)`. */
export function renderChange(change: PlannedChange | AppliedChange, c: Colors): string {
  const lines: string[] = []
  const name = JSON.stringify(change.connector)
  const width = Math.max(0, ...change.diff.map((d) => d.field.length))
  if (change.action === 'create') {
    lines.push(c.green(`  + create azure-org connector ${name}`))
    for (const d of change.diff) lines.push(`      ${c.green('+')} ${d.field.padEnd(width)} = ${d.sensitive ? SENSITIVE : show(d.new)}`)
  } else if (change.action === 'update') {
    lines.push(c.yellow(`  ~ update azure-org connector ${name} (id ${change.id})`))
    for (const d of change.diff) lines.push(`      ${c.yellow('~')} ${d.field.padEnd(width)} = ${d.sensitive ? `${SENSITIVE} (sent again)` : `${show(d.old)} -> ${show(d.new)}`}`)
  } else if (change.action === 'disable' || change.action === 'enable') {
    lines.push(c.yellow(`  ~ ${change.action} azure-org connector ${name} (id ${change.id})`))
  } else if (change.action === 'unmanaged') {
    lines.push(c.dim(`    unmanaged: azure-org connector ${name} (id ${change.id}), in no spec`))
  } else {
    lines.push(c.dim(`    no change: azure-org connector ${name} (id ${change.id})`))
  }
  if ('result' in change && change.result) {
    const r = change.result
    if (r.status === 'failed') lines.push(c.red(`      failed: ${r.error}`))
    else if (r.status !== 'unchanged') lines.push(c.bold(`      ${r.status}${r.id !== undefined ? `, id ${r.id}` : ''}${r.recovered ? ' (the connection dropped after sending; found by name)' : ''}`))
  }
  return lines.join('\n')
}

export function summarize(specs: SpecApply[], mode: 'plan' | 'apply'): string {
  const changes = specs.flatMap((s) => s.applied ?? s.plan?.changes ?? [])
  const count = (action: string) => changes.filter((c) => c.action === action).length
  const optional = (n: number, words: string) => (n > 0 ? `, ${n} ${words}` : '')
  if (mode === 'plan') {
    return `Plan: ${count('create')} to create, ${count('update')} to update${optional(count('disable'), 'to disable')}${optional(count('enable'), 'to enable')}, ${count('noop')} unchanged${optional(count('unmanaged'), 'unmanaged (in no spec; `apply --prune` disables them)')}.`
  }
  const applied = changes as AppliedChange[]
  const status = (s: string) => applied.filter((c) => c.result?.status === s).length
  return `Apply: ${status('created')} created, ${status('updated')} updated${optional(status('disabled'), 'disabled')}${optional(status('enabled'), 'enabled')}, ${status('unchanged')} unchanged, ${status('failed')} failed.`
}

/** The text plan lists the unmanaged connectors in a section of their own, after the managed ones. */
export function isUnmanaged(change: PlannedChange): boolean {
  return change.action === 'unmanaged'
}
