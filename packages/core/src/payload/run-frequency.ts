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

/**
 * Why Qualys would reject this run frequency, or undefined. The seed sends `{hours, minutes}`; the field table says
 * minutes and release 2.14 validates 1-7 whole days, rounding shorter values up (qualys-api.md §1.3). Only the
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
