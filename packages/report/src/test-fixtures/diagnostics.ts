import { readFileSync } from 'node:fs'
import { compileSpec, machineDiagnostic, type Diagnostic, type MachineDiagnostic } from '@scanplan/core'

/** The seed example with one mistake per variant, compiled by the real compiler, as the CLI would name it. */
const seed = readFileSync(new URL('../../../../examples/seed-azure-org.yaml', import.meta.url), 'utf8')
export const file = 'specs/acme prod.yaml'
const now = new Date('2026-11-22T09:00:00Z')

export function compiled(text: string, name = file): MachineDiagnostic[] {
  return compileSpec(text, { file: name, now }).diagnostics.map(machineDiagnostic)
}

/** A misspelled key (an error with a suggestion) and a misspelled zone (a schedule error inside the spec). */
export const misspelledKey = seed.replace('description: Testing Org', 'descripton: Testing Org')
export const misspelledZone = seed.replace('daily at 12:00 Asia/Colombo', 'daily at 12:00 Asia/Colmbo')

/** A diagnostic with a related span and a machine-applicable fix, as core's conflict diagnostics carry them. */
export function withRelatedAndFix(text: string): MachineDiagnostic {
  const start = text.indexOf('daily at 12:00')
  const d: Diagnostic = {
    code: 'DSL060',
    severity: 'error',
    message: 'conflicting clauses: "daily" and "weekly"',
    span: { start, end: start + 5 },
    related: [{ span: { start: start + 6, end: start + 14 }, label: 'the other clause' }],
    suggestions: [{ replacement: 'weekly', span: { start, end: start + 5 }, applicability: 'machine-applicable' }],
    file,
  }
  return machineDiagnostic(d)
}
