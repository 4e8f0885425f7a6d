import { DAY_MS, MINUTE_MS, civilFromDays, isoDate, formatMinutes } from './calendar.js'
import { utcToLocal } from './dst.js'
import { explainSchedule } from './format.js'
import { nextRuns } from './next-runs.js'
import type { Schedule } from './types.js'
import { DAYS } from './types.js'
import { lookupZone, zoneInfo } from './zones.js'

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${formatMinutes(abs)}`
}

function wallClock(localMs: number): string {
  const day = Math.floor(localMs / DAY_MS)
  const minutes = Math.floor((localMs - day * DAY_MS) / MINUTE_MS)
  const weekday = DAYS[((day + 4) % 7 + 7) % 7]!
  return `${weekday.charAt(0)}${weekday.slice(1).toLowerCase()} ${isoDate(civilFromDays(day))} ${formatMinutes(minutes)}`
}

/**
 * The human report of a compiled schedule, as `scanplan schedule` and `scanplan explain` print it: the fields,
 * the English sentence and the next runs in the schedule's zone and in UTC.
 */
export function scheduleReport(schedule: Schedule, options: { from: Date; count?: number }): string {
  const profile = schedule.profile === null ? '-' : 'id' in schedule.profile ? `id ${schedule.profile.id}` : `title "${schedule.profile.title}"`
  const rows: [string, string][] = [
    ['recurrence', schedule.recurrence],
    ['daysOfWeek', schedule.daysOfWeek.length ? schedule.daysOfWeek.join(',') : '-'],
    ['startTime', schedule.startTime],
    ['timezone', schedule.timezone],
    ['startDate', schedule.startDate ?? '-'],
    ['prefix', schedule.prefix ?? '-'],
    ['profile', profile],
  ]
  const lines = rows.map(([k, v]) => `${k.padEnd(11)} ${v}`)
  lines.push('', explainSchedule(schedule), '')
  const runs = nextRuns(schedule, { from: options.from, count: options.count ?? 5 })
  const found = lookupZone(schedule.timezone)
  if (found && runs.length) {
    const zone = zoneInfo(found.canonical)
    lines.push(`next ${runs.length} runs (${schedule.timezone} | UTC):`)
    for (const run of runs) {
      const local = utcToLocal(zone, run.getTime())
      const offset = offsetText(Math.round((local - run.getTime()) / MINUTE_MS))
      lines.push(`  ${wallClock(local)} ${offset.padEnd(6)} | ${wallClock(run.getTime())} UTC`)
    }
  }
  return `${lines.join('\n')}\n`
}
