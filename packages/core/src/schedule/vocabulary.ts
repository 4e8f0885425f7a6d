import type { Day } from './types.js'

const DAY_SPELLINGS: Record<Day, string[]> = {
  SUN: ['sun', 'sunday'],
  MON: ['mon', 'monday'],
  TUE: ['tue', 'tues', 'tuesday'],
  WED: ['wed', 'wednesday'],
  THU: ['thu', 'thur', 'thurs', 'thursday'],
  FRI: ['fri', 'friday'],
  SAT: ['sat', 'saturday'],
}

/** Every accepted day spelling (lower case, plural `s` included) -> the day. */
export const DAY_WORDS: ReadonlyMap<string, Day> = new Map(
  Object.entries(DAY_SPELLINGS).flatMap(([day, words]) => words.flatMap((w) => [[w, day as Day], [`${w}s`, day as Day]] as const)),
)

/** The full English names, for suggestions and explanations. */
export const DAY_FULL_NAMES: Record<Day, string> = {
  SUN: 'Sunday',
  MON: 'Monday',
  TUE: 'Tuesday',
  WED: 'Wednesday',
  THU: 'Thursday',
  FRI: 'Friday',
  SAT: 'Saturday',
}

/** Day names of other languages, so `lunes` gets "English day names only" with the translation. */
export const FOREIGN_DAY_WORDS: ReadonlyMap<string, Day> = new Map<string, Day>([
  // Spanish, Portuguese, French, German, Italian, Dutch
  ['domingo', 'SUN'], ['lunes', 'MON'], ['martes', 'TUE'], ['miercoles', 'WED'], ['miércoles', 'WED'], ['jueves', 'THU'], ['viernes', 'FRI'], ['sabado', 'SAT'], ['sábado', 'SAT'],
  ['segunda', 'MON'], ['terca', 'TUE'], ['terça', 'TUE'], ['quarta', 'WED'], ['quinta', 'THU'], ['sexta', 'FRI'],
  ['dimanche', 'SUN'], ['lundi', 'MON'], ['mardi', 'TUE'], ['mercredi', 'WED'], ['jeudi', 'THU'], ['vendredi', 'FRI'], ['samedi', 'SAT'],
  ['sonntag', 'SUN'], ['montag', 'MON'], ['dienstag', 'TUE'], ['mittwoch', 'WED'], ['donnerstag', 'THU'], ['freitag', 'FRI'], ['samstag', 'SAT'], ['sonnabend', 'SAT'],
  ['domenica', 'SUN'], ['lunedi', 'MON'], ['lunedì', 'MON'], ['martedi', 'TUE'], ['martedì', 'TUE'], ['mercoledi', 'WED'], ['mercoledì', 'WED'], ['giovedi', 'THU'], ['giovedì', 'THU'], ['venerdi', 'FRI'], ['venerdì', 'FRI'],
  ['zondag', 'SUN'], ['maandag', 'MON'], ['dinsdag', 'TUE'], ['woensdag', 'WED'], ['donderdag', 'THU'], ['vrijdag', 'FRI'], ['zaterdag', 'SAT'],
])

export const MONTH_WORDS: ReadonlyMap<string, number> = new Map(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].flatMap(
    (name, i) => {
      const short = name.slice(0, 3)
      const forms: [string, number][] = [[name, i + 1], [short, i + 1]]
      if (name === 'september') forms.push(['sept', 9])
      return forms
    },
  ),
)

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Words with a meaning somewhere in the grammar; the vocabulary for "did you mean". */
export const KEYWORDS = [
  'scan', 'daily', 'weekly', 'every', 'each', 'day', 'week', 'on', 'at', 'except', 'and', 'weekdays', 'weekday', 'weekends', 'weekend',
  'to', 'through', 'thru', 'noon', 'midday', 'midnight', 'am', 'pm', 'in', 'timezone', 'tz', 'starting', 'from', 'beginning', 'start',
  'today', 'tomorrow', 'next', 'prefix', 'named', 'using', 'with', 'option', 'profile', 'UTC', 'GMT',
]

/** Words that open a clause: a label or unquoted title stops before them. */
export const CLAUSE_WORDS: ReadonlySet<string> = new Set([
  'daily', 'weekly', 'every', 'each', 'on', 'at', 'in', 'timezone', 'tz', 'starting', 'from', 'beginning', 'start', 'prefix', 'named', 'using', 'with', 'option', 'profile', 'weekdays', 'weekends', 'weekday', 'weekend',
])

/**
 * Time zone abbreviations people write instead of a zone, with the zones they may mean. They are rejected
 * (DSL041): an abbreviation is ambiguous (`IST`) or a fixed offset that never changes for DST (`EST`).
 */
export const ZONE_ABBREVIATIONS: ReadonlyMap<string, string[]> = new Map([
  ['ist', ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem']],
  ['est', ['America/New_York', 'America/Toronto']], ['edt', ['America/New_York', 'America/Toronto']], ['et', ['America/New_York']],
  ['cst', ['America/Chicago', 'Asia/Shanghai', 'America/Havana']], ['cdt', ['America/Chicago']], ['ct', ['America/Chicago']],
  ['mst', ['America/Denver', 'America/Phoenix']], ['mdt', ['America/Denver']],
  ['pst', ['America/Los_Angeles', 'Asia/Manila']], ['pdt', ['America/Los_Angeles']], ['pt', ['America/Los_Angeles']],
  ['akst', ['America/Anchorage']], ['hst', ['Pacific/Honolulu']],
  ['bst', ['Europe/London', 'Asia/Dhaka']], ['cet', ['Europe/Berlin', 'Europe/Paris']], ['cest', ['Europe/Berlin', 'Europe/Paris']],
  ['eet', ['Europe/Athens', 'Europe/Helsinki']], ['eest', ['Europe/Athens', 'Europe/Helsinki']], ['wet', ['Europe/Lisbon']], ['west', ['Europe/Lisbon']],
  ['msk', ['Europe/Moscow']], ['aest', ['Australia/Sydney', 'Australia/Brisbane']], ['aedt', ['Australia/Sydney']], ['acst', ['Australia/Adelaide', 'Australia/Darwin']],
  ['awst', ['Australia/Perth']], ['nzst', ['Pacific/Auckland']], ['nzdt', ['Pacific/Auckland']], ['jst', ['Asia/Tokyo']], ['kst', ['Asia/Seoul']],
  ['hkt', ['Asia/Hong_Kong']], ['sgt', ['Asia/Singapore']], ['pkt', ['Asia/Karachi']], ['sast', ['Africa/Johannesburg']], ['eat', ['Africa/Nairobi']],
  ['wat', ['Africa/Lagos']], ['cat', ['Africa/Maputo']], ['brt', ['America/Sao_Paulo']], ['art', ['America/Argentina/Buenos_Aires']],
  ['ast', ['America/Halifax', 'Asia/Riyadh']], ['adt', ['America/Halifax']], ['nst', ['America/St_Johns']], ['gst', ['Asia/Dubai']], ['ict', ['Asia/Bangkok']],
  ['wib', ['Asia/Jakarta']], ['pht', ['Asia/Manila']], ['cest', ['Europe/Berlin']],
])

/** Word groups of the grammar, shared by the clause parsers. */
const WEEKDAYS: Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI']
const WEEKEND: Day[] = ['SAT', 'SUN']
export const GROUP_WORDS: ReadonlyMap<string, Day[]> = new Map([
  ['weekday', WEEKDAYS], ['weekdays', WEEKDAYS], ['weekend', WEEKEND], ['weekends', WEEKEND],
])
export const RANGE_WORDS = new Set(['to', 'through', 'thru'])
export const HOLIDAY_WORDS = new Set(['business', 'workday', 'workdays', 'workingdays', 'holiday', 'holidays'])
export const INTERVAL_WORDS = new Set(['biweekly', 'fortnightly', 'semiweekly', 'bidaily'])
export const LONG_PERIOD_WORDS = new Set(['monthly', 'quarterly', 'yearly', 'annually', 'bimonthly', 'semiannually'])
export const SHORT_PERIOD_WORDS = new Set(['hourly', 'twice', 'thrice', 'minutely'])
export const ORDINAL_WORDS = new Set(['first', 'second', 'third', 'fourth', 'fifth', 'last'])
export const MERIDIEM_WORDS = new Set(['am', 'pm', 'a.m.', 'p.m.', 'a.m', 'p.m'])
export const TIME_WORDS = new Set(['noon', 'midday', 'midnight'])
export const HOLIDAY_TAIL_WORDS = new Set(['day', 'days', 'except', 'holiday', 'holidays', 'public'])
export const UNIT_CODES: Record<string, 'DSL010' | 'DSL011' | 'DSL012'> = {
  day: 'DSL010', days: 'DSL010', week: 'DSL010', weeks: 'DSL010',
  hour: 'DSL012', hours: 'DSL012', minute: 'DSL012', minutes: 'DSL012', min: 'DSL012', mins: 'DSL012',
  month: 'DSL011', months: 'DSL011', year: 'DSL011', years: 'DSL011', quarter: 'DSL011', quarters: 'DSL011',
}
