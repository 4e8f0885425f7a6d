import { parseQualysDate, isoDate } from './calendar.js'
import type { Schedule } from './types.js'
import { DAY_FULL_NAMES } from './vocabulary.js'

const PLAIN_LABEL = /^[A-Za-z0-9._-]+$/

/**
 * The canonical phrase of a schedule: `compileSchedule(formatSchedule(s))` gives back `s`. A prefix or title
 * containing `"` cannot be written in the language (quoted text has no escapes), so it is not representable.
 */
export function formatSchedule(schedule: Schedule): string {
  const parts: string[] = []
  if (schedule.recurrence === 'DAILY') parts.push('daily')
  else parts.push(`weekly on ${schedule.daysOfWeek.map((d) => d.toLowerCase()).join(',')}`)
  parts.push(`at ${schedule.startTime}`, schedule.timezone)
  const start = schedule.startDate === null ? undefined : parseQualysDate(schedule.startDate)
  if (start) parts.push(`starting ${isoDate(start)}`)
  if (schedule.prefix !== null) parts.push(`prefix ${PLAIN_LABEL.test(schedule.prefix) && !/^\d+$/.test(schedule.prefix) ? schedule.prefix : `"${schedule.prefix}"`}`)
  if (schedule.profile !== null) parts.push('id' in schedule.profile ? `using profile ${schedule.profile.id}` : `using profile "${schedule.profile.title}"`)
  return parts.join(' ')
}

function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`
}

/** One English sentence: "Weekly on Monday and Wednesday at 12:00 in Asia/Colombo". */
export function explainSchedule(schedule: Schedule): string {
  let s = schedule.recurrence === 'DAILY' ? 'Daily' : `Weekly on ${listWords(schedule.daysOfWeek.map((d) => DAY_FULL_NAMES[d]))}`
  s += ` at ${schedule.startTime} in ${schedule.timezone}`
  const start = schedule.startDate === null ? undefined : parseQualysDate(schedule.startDate)
  if (start) s += `, starting ${isoDate(start)}`
  if (schedule.prefix !== null) s += `, scan prefix "${schedule.prefix}"`
  if (schedule.profile !== null) s += 'id' in schedule.profile ? `, option profile ${schedule.profile.id}` : `, option profile "${schedule.profile.title}"`
  return s
}
