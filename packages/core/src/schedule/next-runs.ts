import { DAY_MS, daysFromCivil, MINUTE_MS, parseQualysDate, weekdayOfDays } from './calendar.js'
import { localToUtc, utcToLocal } from './dst.js'
import { DAYS, type Schedule } from './types.js'
import { lookupZone, zoneInfo } from './zones.js'

export interface NextRunsOptions {
  /** Runs at or after this instant. */
  from: Date
  count: number
}

/**
 * The next UTC instants the schedule runs, at or after `from` and not before its start date. A start time that
 * a DST gap skips moves forward by the gap's length; a repeated one runs once, at its first instance (docs/schedule-language.md#daylight-saving-time).
 */
export function nextRuns(schedule: Schedule, options: NextRunsOptions): Date[] {
  const found = lookupZone(schedule.timezone)
  const fromMs = options.from.getTime()
  if (!found || !Number.isFinite(fromMs)) return []
  const zone = zoneInfo(found.canonical)
  const [hh, mm] = schedule.startTime.split(':').map(Number) as [number, number]
  const minutes = hh * 60 + mm
  let mask = 0
  if (schedule.recurrence === 'DAILY') mask = 0b1111111
  else for (const d of schedule.daysOfWeek) mask |= 1 << DAYS.indexOf(d)
  const runs: Date[] = []
  if (mask === 0 || !(options.count > 0)) return runs
  const start = schedule.startDate === null ? undefined : parseQualysDate(schedule.startDate)
  let day = Math.floor(utcToLocal(zone, fromMs) / DAY_MS) - 1
  if (start) day = Math.max(day, daysFromCivil(start.year, start.month, start.day))
  for (; runs.length < options.count; day++) {
    if ((mask & (1 << weekdayOfDays(day))) === 0) continue
    const utc = localToUtc(zone, day * DAY_MS + minutes * MINUTE_MS)
    if (utc >= fromMs) runs.push(new Date(utc))
  }
  return runs
}
