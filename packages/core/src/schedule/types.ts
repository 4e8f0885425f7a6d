import type { Diagnostic } from '../diagnostics/types.js'

export type Day = 'SUN' | 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT'

/** The Qualys Cloud Perimeter Scan schedule fields, 1:1 (docs/schedule-language.md#what-a-phrase-compiles-to). */
export interface Schedule {
  recurrence: 'DAILY' | 'WEEKLY'
  /** Deduplicated, ordered SUN..SAT; [] for DAILY. */
  daysOfWeek: Day[]
  /** "HH:MM", 24 h. */
  startTime: string
  /** Canonical IANA name. */
  timezone: string
  /** "mm/dd/yyyy", or null when not given. */
  startDate: string | null
  prefix: string | null
  profile: { id: number } | { title: string } | null
}

export interface CompileScheduleOptions {
  /** The reference instant for relative dates and past-date checks; the core never reads the clock. */
  now: Date
  /** The zone to use when the phrase names none (CLI flag, spec file, webhook config). */
  defaultZone?: string
  /** Make DST gap warnings (W103) errors. */
  strict?: boolean
  /**
   * Reads the free-form start dates the fast grammar does not (`starting Jan 5th`): `loadFreeDateReader()`, which
   * loads chrono-node. Without it such a date is DSL050; `compileScheduleReadingDates` supplies it when needed.
   */
  readDate?: FreeDateReader
}

/** What a free-form date reader found at the start of a text. */
export interface FreeDateReading {
  /** How many characters of the text the date takes. */
  length: number
  /** Whether it depends on today's date (`Jan 5th`, `in two weeks`), as `tomorrow` does. */
  relative: boolean
  /** One reading, or two when the day and month order is ambiguous (refused, never guessed). */
  readings: { year: number; month: number; day: number }[]
}

/** Reads a date at the start of `text`, relative to the civil date `today`; undefined when there is none. */
export type FreeDateReader = (text: string, today: { year: number; month: number; day: number }) => FreeDateReading | undefined

export type CompileScheduleResult =
  | { ok: true; schedule: Schedule; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] }

/** Days in Qualys order, SUN..SAT; the index is the JavaScript weekday number. */
export const DAYS: readonly Day[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']
