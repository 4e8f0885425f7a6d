import type { Diagnostic } from '@scanplan/core'
import type { DstMark } from './month-calendar.js'

const kinds: Record<string, DstMark['kind']> = { W103: 'gap', DSL052: 'gap', W104: 'overlap' }

/**
 * The calendar days the compiler's DST diagnostics are about. The compiler names the day in its message
 * (`yyyy-mm-dd`, in the schedule's zone); the page marks that day with the diagnostic's own text rather than
 * working the transitions out a second time.
 */
export function dstMarks(diagnostics: readonly Diagnostic[]): DstMark[] {
  const marks: DstMark[] = []
  for (const d of diagnostics) {
    const kind = kinds[d.code]
    const date = /\b\d{4}-\d{2}-\d{2}\b/.exec(d.message)?.[0]
    if (kind && date) marks.push({ kind, date, code: d.code, text: d.message })
  }
  return marks
}
