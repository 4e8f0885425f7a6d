import { daysFromCivil, daysInMonth, weekdayOfDays } from './calendar.js'
import { DAYS, type FreeDateReader, type FreeDateReading } from './types.js'
import { DAY_WORDS, MONTH_WORDS } from './vocabulary.js'

/**
 * The reader of free-form start dates (`starting Jan 5th`, `starting the 5th of January 2027`, `starting in two
 * weeks`, `starting first monday of next month`) that the fast grammar does not read: chrono-node, the design's
 * choice for natural-language dates, plus the "Nth weekday of a month" forms chrono does not read. Loaded with
 * `import()` only when a phrase needs it, so that compiling every other phrase (and the CLI's start-up) never pays for
 * chrono's 40+ parsers (`pnpm bench:schedule`, `pnpm bench:cli` in docs/performance.md).
 *
 * Day and month order: a date that chrono's month-first (en) and day-first (en-GB) readers read differently is
 * returned with both readings, and the compiler refuses it, naming both; it is never guessed.
 */
export async function loadFreeDateReader(): Promise<FreeDateReader> {
  const chrono = await import('chrono-node')
  const monthFirst = chrono.en.casual
  const dayFirst = chrono.en.GB
  return (text, today) => {
    const nth = nthWeekday(text, today)
    if (nth) return nth
    // Noon UTC of the reference day, in a zero-offset reference: components come out in that calendar, whatever
    // the process's own time zone is (the compiler stays independent of the machine it runs on).
    const reference = { instant: new Date(Date.UTC(today.year, today.month - 1, today.day, 12)), timezone: 0 }
    const first = leading(monthFirst.parse(text, reference, { forwardDate: true }), text)
    if (!first) return undefined
    const second = leading(dayFirst.parse(text, reference, { forwardDate: true }), text)
    const reading = dateOf(first.start)
    // Relative when another day reads it otherwise: chrono marks `in two weeks` as certain, so its flags cannot tell.
    const later = { instant: new Date(Date.UTC(today.year + 1, today.month, today.day + 1, 12)), timezone: 0 }
    const again = leading(monthFirst.parse(text, later, { forwardDate: true }), text)
    const moved = again ? dateOf(again.start) : undefined
    const relative = !moved || moved.year !== reading.year || moved.month !== reading.month || moved.day !== reading.day
    const readings: FreeDateReading['readings'] = [reading]
    if (second && second.index === first.index && second.text === first.text) {
      const other = dateOf(second.start)
      if (other.year !== reading.year || other.month !== reading.month || other.day !== reading.day) readings.push(other)
    }
    return { length: first.index + first.text.length, relative, readings }
  }
}

interface ChronoComponents {
  get(component: 'year' | 'month' | 'day'): number | null
  isCertain(component: 'year' | 'month' | 'day'): boolean
}
interface ChronoResult {
  index: number
  text: string
  start: ChronoComponents
}

/** The result that starts the text (after an optional `the`), or none: a date found later belongs to no clause. */
function leading(results: ChronoResult[], text: string): ChronoResult | undefined {
  const found = results[0]
  if (!found) return undefined
  return /^\s*(?:the\s+)?$/i.test(text.slice(0, found.index)) ? found : undefined
}

function dateOf(components: ChronoComponents): { year: number; month: number; day: number } {
  return { year: components.get('year')!, month: components.get('month')!, day: components.get('day')! }
}

const ORDINALS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: -1 }
const NTH = /^\s*(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+([a-z]+)\s+of\s+(next month|this month|[a-z]+)(?:\s+(\d{4}))?(?=\s|$)/i

/** `first monday of next month`, `last friday of march 2027`: what chrono reads only in part (`monday`). */
function nthWeekday(text: string, today: { year: number; month: number; day: number }): FreeDateReading | undefined {
  const m = NTH.exec(text)
  if (!m) return undefined
  const dayName = DAY_WORDS.get(m[2]!.toLowerCase())
  if (dayName === undefined) return undefined
  const weekday = DAYS.indexOf(dayName)
  const which = m[3]!.toLowerCase()
  let year = today.year
  let month: number
  if (which === 'next month' || which === 'this month') {
    month = today.month + (which === 'next month' ? 1 : 0)
    if (month > 12) {
      month = 1
      year++
    }
  } else {
    const named = MONTH_WORDS.get(which)
    if (named === undefined) return undefined
    month = named
    if (m[4]) year = Number(m[4])
    else if (month < today.month) year++
  }
  const days = daysInMonth(year, month)
  const ordinal = ORDINALS[m[1]!.toLowerCase()]!
  let day: number
  if (ordinal > 0) {
    const firstWeekday = weekdayOfDays(daysFromCivil(year, month, 1))
    day = 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (ordinal - 1)
  } else {
    const lastWeekday = weekdayOfDays(daysFromCivil(year, month, days))
    day = days - ((lastWeekday - weekday + 7) % 7)
  }
  return { length: m[0].length, relative: !m[4] || which.endsWith('month'), readings: [{ year, month, day }] }
}
