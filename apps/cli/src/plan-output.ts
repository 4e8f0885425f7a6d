import type { FieldChange } from '@scanplan/core'
import type { AppliedChange, PlannedChange } from '@scanplan/qualys'
import type { Colors } from './output.js'

// The same word as the documents' (@scanplan/report SENSITIVE); a type-free copy keeps this module free of imports.
const SENSITIVE = '(sensitive)'

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value)
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

/** The text plan lists the unmanaged connectors in a section of their own, after the managed ones. */
export function isUnmanaged(change: PlannedChange): boolean {
  return change.action === 'unmanaged'
}
