import { specPatterns } from '../spec/patterns.js'

/** A run frequency as the seed's request body carries it: `{ "hours": 1, "minutes": 0 }`. */
export interface HoursMinutes {
  hours: number
  minutes: number
}

/** The longest interval Qualys accepts for the Azure tenant connector (Connector 2.14: whole days 1-7). */
export const maxRunFrequencyMinutes = 7 * 24 * 60

/** `1h`, `90m`, `1d12h`, or `{ hours, minutes }` -> `{ hours, minutes }` with minutes under 60. */
export function toHoursMinutes(duration: string | HoursMinutes): HoursMinutes {
  if (typeof duration !== 'string') return { hours: duration.hours, minutes: duration.minutes }
  const match = specPatterns.duration.regex.exec(duration)
  const total = match ? Number(match[1] ?? 0) * 1440 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0) : Number.NaN
  return { hours: Math.floor(total / 60), minutes: total % 60 }
}

/** Minutes as the spec language writes a duration, the inverse of `toHoursMinutes`: 1440 -> `1d`, 90 -> `1h30m`. */
export function formatDuration(totalMinutes: number): string {
  if (!Number.isSafeInteger(totalMinutes) || totalMinutes <= 0) throw new RangeError(`a duration is a positive whole number of minutes, not ${totalMinutes}`)
  const days = Math.floor(totalMinutes / 1440)
  const hours = Math.floor((totalMinutes % 1440) / 60)
  const minutes = totalMinutes % 60
  return `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}`
}

/**
 * Why Qualys would reject this run frequency, or undefined. The seed sends `{hours, minutes}`; the field table says
 * minutes and release 2.14 validates 1-7 whole days, rounding shorter values up (https://docs.qualys.com/en/conn/release-notes/connector/release_2_14_api.htm). Only the
 * values every reading rejects are errors: zero, over 7 days, and minutes that are not 0-59.
 */
export function runFrequencyProblem(duration: string | HoursMinutes): string | undefined {
  if (typeof duration !== 'string' && duration.minutes > 59) return `minutes must be 0-59 (found ${duration.minutes}); carry whole hours into \`hours\``
  const { hours, minutes } = toHoursMinutes(duration)
  const total = hours * 60 + minutes
  if (!Number.isFinite(total)) return 'not a duration'
  if (total === 0) return 'a run frequency of zero: Qualys needs at least one minute between runs'
  if (total > maxRunFrequencyMinutes) return `${hours}h${minutes > 0 ? `${minutes}m` : ''} is over the 7 days Qualys accepts`
  return undefined
}

/** A run frequency in minutes, from the request's `{hours, minutes}`, a duration, a number or Qualys' `"1440"` echo. */
export function runFrequencyMinutes(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value)
    const { hours, minutes } = toHoursMinutes(value)
    return Number.isFinite(hours * 60 + minutes) ? hours * 60 + minutes : undefined
  }
  if (value !== null && typeof value === 'object') {
    const { hours, minutes } = value as Partial<HoursMinutes>
    if (typeof hours === 'number' && typeof minutes === 'number') return hours * 60 + minutes
  }
  return undefined
}

/**
 * How many whole days Qualys will run a frequency that is not a whole number of days (Connector 2.14 rounds up);
 * undefined when it is already whole days (or not a valid frequency).
 */
export function wholeDaysRoundedUp(duration: string | HoursMinutes): number | undefined {
  const total = runFrequencyMinutes(duration)
  if (total === undefined || total <= 0 || total % 1440 === 0) return undefined
  return Math.ceil(total / 1440)
}

/**
 * Whether a live run frequency (as Qualys echoed it: `{hours, minutes}`, or minutes as a string or number) is what
 * the desired one becomes: the same duration, or (Connector 2.14) the desired one rounded up to whole days.
 */
export function sameRunFrequency(desired: unknown, live: unknown): boolean {
  const want = runFrequencyMinutes(desired)
  const have = runFrequencyMinutes(live)
  if (want === undefined || have === undefined) return false
  return want === have || (have % 1440 === 0 && Math.ceil(want / 1440) * 1440 === have)
}
