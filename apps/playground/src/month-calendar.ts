import { hhmm, isoDate, wallClock } from './zoned-time.js'

/** A DST transition day that the compiler warned about, with the warning's own text. */
export interface DstMark {
  kind: 'gap' | 'overlap'
  /** `yyyy-mm-dd`, a day in the schedule's zone. */
  date: string
  code: string
  text: string
}

export interface CalendarRun {
  instant: Date
  /** `HH:MM` in the schedule's zone. */
  zoneTime: string
  /** `HH:MM` in the viewer's zone, with the viewer's date when that differs from the cell's. */
  localTime: string
  localDate: string
}

export interface CalendarCell {
  date: string
  day: number
  inMonth: boolean
  runs: CalendarRun[]
  dst: DstMark[]
}

export interface MonthCalendar {
  year: number
  /** 1-12 */
  month: number
  title: string
  /** Weeks run Monday to Sunday, as the schedule language's day ranges do. */
  weeks: CalendarCell[][]
}

export interface MonthRef {
  year: number
  month: number
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Calendar arithmetic on civil dates (no zone involved): UTC midnight stands for the date. */
function civil(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day))
}

export function shiftMonth(ref: MonthRef, by: number): MonthRef {
  const d = civil(ref.year, ref.month + by, 1)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 }
}

export function monthOf(date: string): MonthRef {
  const [year, month] = date.split('-').map(Number)
  return { year: year!, month: month! }
}

/**
 * The month grid of `ref` in the schedule's zone: each run sits on the day it happens in `zone`, with the
 * viewer's wall clock beside it; DST days carry the compiler's warning.
 */
export function monthCalendar(ref: MonthRef, options: { zone: string; viewerZone?: string; runs: Date[]; dst: DstMark[] }): MonthCalendar {
  const byDate = new Map<string, CalendarRun[]>()
  for (const instant of options.runs) {
    const there = wallClock(instant, options.zone)
    const here = wallClock(instant, options.viewerZone)
    const key = isoDate(there)
    const list = byDate.get(key) ?? []
    list.push({ instant, zoneTime: hhmm(there), localTime: hhmm(here), localDate: isoDate(here) })
    byDate.set(key, list)
  }
  const first = civil(ref.year, ref.month, 1)
  const mondayOffset = (first.getUTCDay() + 6) % 7
  const start = civil(ref.year, ref.month, 1 - mondayOffset)
  const weeks: CalendarCell[][] = []
  for (let cursor = start; ; ) {
    const week: CalendarCell[] = []
    for (let i = 0; i < 7; i++) {
      const date = isoDate({ year: cursor.getUTCFullYear(), month: cursor.getUTCMonth() + 1, day: cursor.getUTCDate() })
      week.push({
        date,
        day: cursor.getUTCDate(),
        inMonth: cursor.getUTCMonth() + 1 === ref.month,
        runs: byDate.get(date) ?? [],
        dst: options.dst.filter((m) => m.date === date),
      })
      cursor = civil(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, cursor.getUTCDate() + 1)
    }
    weeks.push(week)
    if (cursor.getUTCMonth() + 1 !== ref.month) break
  }
  return { year: ref.year, month: ref.month, title: `${monthNames[ref.month - 1]} ${ref.year}`, weeks }
}
