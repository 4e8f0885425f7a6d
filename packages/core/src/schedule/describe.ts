import { parseQualysDate } from './calendar.js'
import { compileSchedule } from './compile.js'
import { formatSchedule } from './format.js'
import { DAYS, type Day, type Schedule } from './types.js'
import { lookupZone } from './zones.js'

/**
 * The schedule fields of a Cloud Perimeter Scan configuration as Qualys returns them (`connectorScanConfig`), typed
 * loosely because they come from an answer: `daysOfWeek` may be absent for DAILY, `startDate` is `mm/dd/yyyy`.
 */
export interface ScheduleFields {
  recurrence: unknown
  daysOfWeek?: unknown
  startTime: unknown
  timezone: unknown
  startDate?: unknown
}

/**
 * `ok`: `phrase` compiles to exactly these fields. Otherwise `reason` says why no phrase can, and `phrase` (when there
 * is one) is the closest: it compiles, to fields that differ where `reason` says (an alias zone becomes its canonical
 * name, days come back in SUN..SAT order, seven weekly days become DAILY).
 */
export type DescribeSchedulePhraseResult = { ok: true; phrase: string } | { ok: false; phrase?: string; reason: string }

const isDay = (value: unknown): value is Day => typeof value === 'string' && (DAYS as readonly string[]).includes(value.toUpperCase())

/** What the live fields say, with `[]` for absent days (the sample response leaves them out of DAILY). */
function asWritten(fields: ScheduleFields): string {
  const days = Array.isArray(fields.daysOfWeek) ? fields.daysOfWeek : []
  return `${String(fields.recurrence)} [${days.join(',')}] ${String(fields.startTime)} ${String(fields.timezone)} ${fields.startDate === undefined || fields.startDate === null ? '(no start date)' : String(fields.startDate)}`
}

/**
 * The inverse of the schedule compiler: a phrase for the schedule fields of a live connector (`scanplan import`),
 * checked by compiling it, so `ok` means the round trip gives back exactly these fields. Pure: no clock (the phrase
 * is compiled without a current date, which only a relative date would need, and this never writes one).
 */
export function describeSchedulePhrase(fields: ScheduleFields): DescribeSchedulePhraseResult {
  const recurrence = typeof fields.recurrence === 'string' ? fields.recurrence.toUpperCase() : undefined
  if (recurrence !== 'DAILY' && recurrence !== 'WEEKLY') return { ok: false, reason: `the recurrence ${JSON.stringify(fields.recurrence)} is neither DAILY nor WEEKLY` }
  const listed = fields.daysOfWeek === undefined || fields.daysOfWeek === null ? [] : fields.daysOfWeek
  if (!Array.isArray(listed) || !listed.every(isDay)) return { ok: false, reason: `the days ${JSON.stringify(fields.daysOfWeek)} are not a list of SUN..SAT` }
  const days = DAYS.filter((d) => listed.some((l) => l.toUpperCase() === d))
  if (recurrence === 'WEEKLY' && days.length === 0) return { ok: false, reason: 'a WEEKLY schedule without days' }
  const time = typeof fields.startTime === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(fields.startTime) : null
  if (!time || Number(time[1]) > 23 || Number(time[2]) > 59) return { ok: false, reason: `the start time ${JSON.stringify(fields.startTime)} is not HH:MM` }
  const zone = typeof fields.timezone === 'string' ? lookupZone(fields.timezone) : undefined
  if (!zone) return { ok: false, reason: `the time zone ${JSON.stringify(fields.timezone)} is not an IANA zone name` }
  const given = fields.startDate === undefined || fields.startDate === null ? null : fields.startDate
  if (given !== null && (typeof given !== 'string' || !parseQualysDate(given))) return { ok: false, reason: `the start date ${JSON.stringify(given)} is not a date mm/dd/yyyy` }

  const schedule: Schedule = {
    recurrence,
    daysOfWeek: recurrence === 'WEEKLY' ? days : [],
    startTime: `${time[1]!.padStart(2, '0')}:${time[2]}`,
    timezone: zone.canonical,
    startDate: given,
    prefix: null,
    profile: null,
  }
  const phrase = formatSchedule(schedule)
  const compiled = compileSchedule(phrase, { now: new Date(Number.NaN) })
  if (!compiled.ok) {
    const error = compiled.diagnostics.find((d) => d.severity === 'error')
    return { ok: false, phrase, reason: `\`${phrase}\` does not compile: ${error?.message ?? 'unknown error'}` }
  }
  const back = compiled.schedule
  const same =
    back.recurrence === fields.recurrence &&
    back.daysOfWeek.join(',') === (Array.isArray(fields.daysOfWeek) ? fields.daysOfWeek.join(',') : '') &&
    back.startTime === fields.startTime &&
    back.timezone === fields.timezone &&
    back.startDate === given
  if (same) return { ok: true, phrase }
  return { ok: false, phrase, reason: `no phrase compiles to ${asWritten(fields)}; \`${phrase}\` compiles to ${asWritten(back)}` }
}
