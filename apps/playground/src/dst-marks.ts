import type { Diagnostic } from '@scanplan/core'
import type { DstMark } from './month-calendar.js'

/**
 * The calendar days the compiler's DST diagnostics are about, read from their structured `data` (the local date in
 * the schedule's zone): the page marks that day with the diagnostic's own text rather than working the transitions
 * out a second time, and never parses the message.
 */
export function dstMarks(diagnostics: readonly Diagnostic[]): DstMark[] {
  const marks: DstMark[] = []
  for (const d of diagnostics) {
    if (d.data?.kind === 'dst-gap' || d.data?.kind === 'dst-overlap') {
      marks.push({ kind: d.data.kind === 'dst-gap' ? 'gap' : 'overlap', date: d.data.date, code: d.code, text: d.message })
    }
  }
  return marks
}
