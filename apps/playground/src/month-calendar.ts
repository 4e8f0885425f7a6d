import { hhmm, isoDate, wallClock } from './zoned-time.js'

/** A DST transition day that the compiler warned about, with the warning's own text. */
export interface DstMark {
  kind: 'gap' | 'overlap'
  /** `yyyy-mm-dd`, a day in the schedule's zone. */
  date: string
  code: string
  text: string
}

interface CalendarRun {
  instant: Date
  /** `HH:MM` in the schedule's zone. */
  zoneTime: string
  /** `HH:MM` in the viewer's zone, with the viewer's date when that differs from the cell's. */
  localTime: string
  localDate: string
}

interface CalendarCell {
  date: string
  day: number
  inMonth: boolean
  /** The day of `today` (in the schedule's zone). */
  today: boolean
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

const DAY_MS = 86_400_000
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Calendar arithmetic on civil dates (no zone involved): UTC midnight stands for the date. */
function civil(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day))
}

export function monthTitle(ref: MonthRef): string {
  return `${monthNames[ref.month - 1]} ${ref.year}`
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
export function monthCalendar(ref: MonthRef, options: { zone: string; viewerZone?: string; runs: Date[]; dst: DstMark[]; today?: string }): MonthCalendar {
  const first = civil(ref.year, ref.month, 1)
  const mondayOffset = (first.getUTCDay() + 6) % 7
  const start = civil(ref.year, ref.month, 1 - mondayOffset)
  // Reading a wall clock through Intl is the costly step, so only runs that can fall on the grid are read: the grid
  // spans at most 42 days, and no zone is more than 14 hours from UTC.
  const from = start.getTime() - DAY_MS
  const to = start.getTime() + 43 * DAY_MS
  const byDate = new Map<string, CalendarRun[]>()
  for (const instant of options.runs) {
    if (instant.getTime() < from || instant.getTime() >= to) continue
    const there = wallClock(instant, options.zone)
    const here = wallClock(instant, options.viewerZone)
    const key = isoDate(there)
    const list = byDate.get(key) ?? []
    list.push({ instant, zoneTime: hhmm(there), localTime: hhmm(here), localDate: isoDate(here) })
    byDate.set(key, list)
  }
  const weeks: CalendarCell[][] = []
  for (let cursor = start; ; ) {
    const week: CalendarCell[] = []
    for (let i = 0; i < 7; i++) {
      const date = isoDate({ year: cursor.getUTCFullYear(), month: cursor.getUTCMonth() + 1, day: cursor.getUTCDate() })
      week.push({
        date,
        day: cursor.getUTCDate(),
        inMonth: cursor.getUTCMonth() + 1 === ref.month,
        today: date === options.today,
        runs: byDate.get(date) ?? [],
        dst: options.dst.filter((m) => m.date === date),
      })
      cursor = civil(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, cursor.getUTCDate() + 1)
    }
    weeks.push(week)
    if (cursor.getUTCMonth() + 1 !== ref.month) break
  }
  return { year: ref.year, month: ref.month, title: monthTitle(ref), weeks }
}
