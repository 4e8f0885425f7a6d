import type { Diagnostic, Span, Suggestion } from '../diagnostics/types.js'
import { closestWords, editDistance } from '../suggest/distance.js'
import { isValidCivil, daysInMonth } from './calendar.js'
import { UNTERMINATED, type Token } from './lexer.js'
import type { Clause, DateExpr, DayItem, DaySet } from './syntax.js'
import { DAYS, type Day } from './types.js'
import { CLAUSE_WORDS, DAY_FULL_NAMES, DAY_WORDS, FOREIGN_DAY_WORDS, KEYWORDS, MONTH_NAMES, MONTH_WORDS, ZONE_ABBREVIATIONS } from './vocabulary.js'
import { lookupZone, suggestZones, zonesForPlace, zonesWithOffset } from './zones.js'

export interface ParseResult {
  clauses: Clause[]
  diagnostics: Diagnostic[]
  /** An error already stood where the recurrence belongs (`every 3 weeks`): do not also report it missing. */
  recurrenceReported: boolean
  timeReported: boolean
  zoneReported: boolean
}

/** Monday-first positions, so ranges run MON..SUN like systemd (`sat-sun` is the weekend). */
const MONDAY_FIRST: readonly Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']
const WEEKDAYS: Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI']
const WEEKEND: Day[] = ['SAT', 'SUN']
const GROUP_WORDS: ReadonlyMap<string, Day[]> = new Map([
  ['weekday', WEEKDAYS], ['weekdays', WEEKDAYS], ['weekend', WEEKEND], ['weekends', WEEKEND],
])
const RANGE_WORDS = new Set(['to', 'through', 'thru'])
const HOLIDAY_WORDS = new Set(['business', 'workday', 'workdays', 'workingdays', 'holiday', 'holidays'])
const INTERVAL_WORDS = new Set(['biweekly', 'fortnightly', 'semiweekly', 'bidaily'])
const LONG_PERIOD_WORDS = new Set(['monthly', 'quarterly', 'yearly', 'annually', 'bimonthly', 'semiannually'])
const SHORT_PERIOD_WORDS = new Set(['hourly', 'twice', 'thrice', 'minutely'])
const ORDINAL_WORDS = new Set(['first', 'second', 'third', 'fourth', 'fifth', 'last'])
const MERIDIEM_WORDS = new Set(['am', 'pm', 'a.m.', 'p.m.', 'a.m', 'p.m'])
const TIME_WORDS = new Set(['noon', 'midday', 'midnight'])
const HOLIDAY_TAIL_WORDS = new Set(['day', 'days', 'except', 'holiday', 'holidays', 'public'])
const UNIT_CODES: Record<string, 'DSL010' | 'DSL011' | 'DSL012'> = {
  day: 'DSL010', days: 'DSL010', week: 'DSL010', weeks: 'DSL010',
  hour: 'DSL012', hours: 'DSL012', minute: 'DSL012', minutes: 'DSL012', min: 'DSL012', mins: 'DSL012',
  month: 'DSL011', months: 'DSL011', year: 'DSL011', years: 'DSL011', quarter: 'DSL011', quarters: 'DSL011',
}
const FULL_DAY_NAMES = Object.values(DAY_FULL_NAMES).map((d) => d.toLowerCase())
const DAY_SPELLINGS = [...DAY_WORDS.keys()].filter((w) => w.length >= 6 || !w.endsWith('s'))
const SUGGESTABLE_WORDS = [...KEYWORDS, ...Object.values(DAY_FULL_NAMES).map((d) => d.toLowerCase()), 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

const INTERVAL_HELP = 'a Cloud Perimeter Scan schedule is DAILY or WEEKLY with no repeat interval; write one schedule such as `weekly on mon at 09:00 UTC`'

const span = (start: number, end: number): Span => ({ start, end })
const isoText = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

const wordSuggestionCache = new Map<string, string[]>()
const nearDayCache = new Map<string, boolean>()

/**
 * `closestWords` over a fixed vocabulary, memoized (bounded): the answer depends only on the word, and editors
 * and the fuzz tests ask about the same misspelling over and over.
 */
function cachedClosest(word: string, vocabulary: readonly string[], key: string): string[] {
  const k = `${key}|${word}`
  let found = wordSuggestionCache.get(k)
  if (!found) {
    found = closestWords(word, vocabulary, 4)
    if (wordSuggestionCache.size >= 1024) wordSuggestionCache.clear()
    wordSuggestionCache.set(k, found)
  }
  return found
}
const joinSpan = (a: Span, b: Span): Span => span(a.start, b.end)

export class Parser {
  private i = 0
  readonly diagnostics: Diagnostic[] = []
  readonly clauses: Clause[] = []
  private recurrenceReported = false
  private timeReported = false
  private zoneReported = false

  constructor(
    private readonly tokens: Token[],
    private readonly textLength: number,
    /** The reference instant (ms), for the zones that have an offset today. */
    private readonly nowMs: number,
  ) {}

  parse(): ParseResult {
    if (this.peekWord('scan')) this.i++
    while (this.i < this.tokens.length) {
      const before = this.i
      this.clause()
      // Every branch consumes at least one token; this guards the loop against a future branch that does not.
      if (this.i === before) this.i++
    }
    return {
      clauses: this.clauses,
      diagnostics: this.diagnostics,
      recurrenceReported: this.recurrenceReported,
      timeReported: this.timeReported,
      zoneReported: this.zoneReported,
    }
  }

  // ---- token helpers

  private peek(k = 0): Token | undefined {
    return this.tokens[this.i + k]
  }

  /** Whether the next token is the word `word`, or one of `words`: no rest-argument array on the hot path. */
  private peekWord(word: string, ...words: string[]): boolean {
    const t = this.tokens[this.i]
    return t !== undefined && t.kind === 'word' && (t.lower === word || (words.length > 0 && words.includes(t.lower)))
  }

  private isWord(t: Token | undefined, set: ReadonlySet<string> | ReadonlyMap<string, unknown>): boolean {
    return t !== undefined && t.kind === 'word' && set.has(t.lower)
  }

  private endSpan(): Span {
    return span(this.textLength, this.textLength)
  }

  private error(code: string, message: string, at: Span, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ code, severity: 'error', message, span: at, suggestions: [], ...extra })
  }

  private warn(code: string, severity: 'warning' | 'note', message: string, at: Span, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ code, severity, message, span: at, suggestions: [], ...extra })
  }

  // ---- clauses

  private clause(): void {
    const t = this.peek()!
    if (t.kind === 'word') {
      const w = t.lower
      if (w === 'daily') return this.daily(t.span)
      if (w === 'weekly') {
        this.i++
        this.clauses.push({ kind: 'recurrence', form: 'weekly', span: t.span })
        return
      }
      if (w === 'every' || w === 'each') return this.every()
      if (w === 'on') return this.onDays()
      if (w === 'at') return this.atTime()
      if (w === 'noon' || w === 'midday' || w === 'midnight') return this.timeClause(t.span.start)
      if (w === 'in' || w === 'timezone' || w === 'tz') {
        this.i++
        return this.zoneClause(t.span)
      }
      if (w === 'utc' || w === 'gmt' || w === 'zulu') return this.zoneClause(undefined)
      if (w === 'starting' || w === 'from' || w === 'beginning' || w === 'start') return this.startClause()
      if (w === 'prefix' || w === 'named') return this.nameClause()
      if (w === 'using' || w === 'with' || w === 'option' || w === 'profile') return this.profileClause()
      if (this.startsDayItem(t, false)) return this.dayRecurrence()
      if (INTERVAL_WORDS.has(w)) return this.unsupported('DSL010', t.span, w === 'biweekly' ? '`biweekly` is ambiguous (twice a week or every two weeks), and repeat intervals are not supported' : `\`${t.text}\` is a repeat interval, which is not supported`, INTERVAL_HELP)
      if (LONG_PERIOD_WORDS.has(w)) return this.unsupported('DSL011', t.span, `\`${t.text}\` schedules cannot be expressed as DAILY or WEEKLY`, 'a Cloud Perimeter Scan runs daily or on days of the week; pick days, e.g. `weekly on mon at 09:00 UTC`')
      if (SHORT_PERIOD_WORDS.has(w)) return this.shortPeriod(t)
      if (ORDINAL_WORDS.has(w) && this.isWord(this.peek(1), DAY_WORDS)) return this.monthlyDay(t.span)
      if (ZONE_ABBREVIATIONS.has(w)) return this.zoneClause(undefined)
      if (lookupZone(t.text) && !HOLIDAY_WORDS.has(w)) return this.zoneClause(undefined)
      return this.unknownWord(t)
    }
    switch (t.kind) {
      case 'time':
        return this.timeClause(t.span.start)
      case 'zone':
      case 'offset':
        return this.zoneClause(undefined)
      case 'ordinal':
        return this.unsupported('DSL011', t.span, `a day of the month (\`${t.text}\`) cannot be expressed as DAILY or WEEKLY`, 'a Cloud Perimeter Scan runs daily or on days of the week')
      case 'iso-date':
      case 'slash-date':
        this.i++
        return this.error('DSL001', `unexpected date \`${t.text}\``, t.span, { help: 'a start date follows `starting`, e.g. `starting 2024-07-04`', suggestions: [{ replacement: `starting ${t.text}`, span: t.span }] })
      case 'int':
        this.i++
        return this.error('DSL001', `unexpected number \`${t.text}\``, t.span, { help: 'a time follows `at` and is written with minutes, e.g. `at 09:00`' })
      case 'quoted':
        this.i++
        return this.error('DSL001', 'unexpected quoted text', t.span, { help: 'quoted text is read only after `prefix`, `named` or `profile`' })
      case 'label':
        this.i++
        return this.error('DSL001', `unexpected \`${t.text}\``, t.span)
      default:
        this.i++
        return this.error('DSL001', `unexpected \`${t.text}\``, t.span, t.kind === 'comma' || t.kind === 'amp' ? { help: 'commas and `and` join days, e.g. `on mon, wed and fri`' } : {})
    }
  }

  private unsupported(code: string, at: Span, message: string, help: string): void {
    this.i++
    this.recurrenceReported = true
    this.error(code, message, at, { help })
  }

  private unknownWord(t: Token): void {
    this.i++
    const lastSegmentZone = t.text.length >= 3 ? zonesForPlace(t.text)[0] : undefined
    if (lastSegmentZone) {
      this.zoneReported = true
      return this.error('DSL040', `unknown time zone \`${t.text}\``, t.span, {
        label: 'not in the IANA time zone database',
        help: `did you mean \`${lastSegmentZone}\`?`,
        suggestions: [{ replacement: lastSegmentZone, span: t.span }],
      })
    }
    if (HOLIDAY_WORDS.has(t.lower)) return this.holidays(t)
    const words = cachedClosest(t.lower, SUGGESTABLE_WORDS, 'keyword')
    if (words.length > 0) {
      if (words.some((w) => DAY_WORDS.has(w) || GROUP_WORDS.has(w) || w === 'daily' || w === 'weekly' || w === 'every' || w === 'each')) this.recurrenceReported = true
      if (words.some((w) => w === 'at' || w === 'noon' || w === 'midnight' || w === 'midday')) this.timeReported = true
      return this.error('DSL001', `unexpected word \`${t.text}\``, t.span, {
        help: `did you mean ${words.map((w) => `\`${w}\``).join(', ').replace(/, ([^,]*)$/, ' or $1')}?`,
        suggestions: words.map((w) => ({ replacement: w, span: t.span })),
      })
    }
    this.error('DSL001', `unexpected word \`${t.text}\``, t.span, { help: 'a schedule reads like `weekly on mon,wed at 12:00 Asia/Colombo`' })
  }

  private holidays(t: Token): void {
    let end = t.span
    // `business days`, `workdays except holidays`: take the whole phrase so one message covers it.
    while (this.isWord(this.peek(), HOLIDAY_TAIL_WORDS)) end = this.tokens[this.i++]!.span
    this.recurrenceReported = true
    this.error('DSL035', 'holidays cannot be excluded from a Qualys schedule', joinSpan(t.span, end), {
      help: '`weekdays` means MON-FRI; skip holidays by pausing the scan in Qualys',
      suggestions: [{ replacement: 'weekdays', span: joinSpan(t.span, end) }],
    })
  }

  private shortPeriod(t: Token): void {
    this.i++
    let end = t.span
    if (t.lower === 'twice' || t.lower === 'thrice') {
      if (this.peekWord('a', 'per', 'each', 'every')) end = this.tokens[this.i++]!.span
      if (this.peekWord('day', 'daily', 'week', 'hour')) end = this.tokens[this.i++]!.span
      else if (this.peekWord('a', 'per')) end = this.tokens[this.i++]!.span
    }
    this.recurrenceReported = true
    this.timeReported = true
    this.error('DSL012', `\`${this.sliceText(t.span, end)}\` needs several start times; a schedule has one`, joinSpan(t.span, end), {
      help: 'write one schedule per start time, e.g. `daily at 09:00 UTC` and `daily at 17:00 UTC`',
    })
  }

  private sliceText(a: Span, b: Span): string {
    const parts: string[] = []
    for (const t of this.tokens) if (t.span.start >= a.start && t.span.end <= b.end) parts.push(t.text)
    return parts.join(' ')
  }

  private monthlyDay(start: Span): void {
    this.i += 2
    let end = this.tokens[this.i - 1]!.span
    if (this.peekWord('of')) {
      end = this.tokens[this.i++]!.span
      if (this.peekWord('the', 'every', 'each')) end = this.tokens[this.i++]!.span
      if (this.peekWord('month', 'quarter', 'year')) end = this.tokens[this.i++]!.span
    }
    this.unsupportedSpan('DSL011', joinSpan(start, end), 'a day of the month cannot be expressed as DAILY or WEEKLY')
  }

  private unsupportedSpan(code: string, at: Span, message: string): void {
    this.recurrenceReported = true
    this.error(code, message, at, { help: 'a Cloud Perimeter Scan runs daily or on days of the week; pick days, e.g. `weekly on mon at 09:00 UTC`' })
  }

  private daily(at: Span): void {
    this.i++
    let except: DayItem[] = []
    let end = at
    if (this.peekWord('except')) {
      this.i++
      const items = this.dayItems(true)
      if (items) {
        except = items
        end = items[items.length - 1]!.span
      } else this.expectedDays(this.tokens[this.i - 1]!.span, '`except`')
    }
    this.clauses.push({ kind: 'recurrence', form: 'daily', except, span: joinSpan(at, end) })
  }

  private every(): void {
    const each = this.tokens[this.i++]!
    const t = this.peek()
    if (!t) {
      this.recurrenceReported = true
      return this.error('DSL001', `\`${each.text}\` needs what repeats`, each.span, { help: 'write `every day`, `every week on mon` or `every monday`' })
    }
    if (t.kind === 'word' && (t.lower === 'day' || t.lower === 'days')) {
      return this.daily(each.span)
    }
    if (t.kind === 'word' && t.lower === 'week') {
      this.i++
      this.clauses.push({ kind: 'recurrence', form: 'weekly', span: joinSpan(each.span, t.span) })
      return
    }
    if (t.kind === 'word' && t.lower === 'other') {
      this.i++
      let end = t.span
      if (this.peek()?.kind === 'word' && UNIT_CODES[this.peek()!.lower]) end = this.tokens[this.i++]!.span
      this.recurrenceReported = true
      return this.error('DSL010', 'repeat intervals are not supported', joinSpan(each.span, end), { help: INTERVAL_HELP })
    }
    if (t.kind === 'int') {
      const unit = this.peek(1)
      const code = unit?.kind === 'word' ? UNIT_CODES[unit.lower] : undefined
      if (unit && code) {
        this.i += 2
        const at = joinSpan(each.span, unit.span)
        this.recurrenceReported = true
        if (code === 'DSL012') this.timeReported = true
        if (code === 'DSL012') return this.error(code, `\`${each.text} ${t.text} ${unit.text}\` needs several start times a day; a schedule has one`, at, { help: 'write one schedule per start time' })
        if (code === 'DSL011') return this.error(code, `\`${each.text} ${t.text} ${unit.text}\` cannot be expressed as DAILY or WEEKLY`, at, { help: 'a Cloud Perimeter Scan runs daily or on days of the week' })
        return this.error(code, 'repeat intervals are not supported', at, { help: INTERVAL_HELP })
      }
    }
    if (t.kind === 'word' && UNIT_CODES[t.lower]) {
      this.i++
      this.recurrenceReported = true
      const code = UNIT_CODES[t.lower]!
      if (code === 'DSL012') this.timeReported = true
      return this.error(code, code === 'DSL012' ? `\`${each.text} ${t.text}\` needs several start times a day; a schedule has one` : `\`${each.text} ${t.text}\` cannot be expressed as DAILY or WEEKLY`, joinSpan(each.span, t.span), {
        help: code === 'DSL012' ? 'write one schedule per start time' : 'a Cloud Perimeter Scan runs daily or on days of the week',
      })
    }
    if (this.startsDayItem(t, false) || (t.kind === 'word' && this.nearDayWord(t))) {
      const set = this.daySet()
      if (set) {
        this.clauses.push({ kind: 'recurrence', form: 'days', days: set, span: joinSpan(each.span, set.span) })
        return
      }
    }
    this.recurrenceReported = true
    this.error('DSL001', `unexpected \`${t.text}\` after \`${each.text}\``, t.span, { help: `write \`${each.lower} day\`, \`${each.lower} week on mon\` or \`${each.lower} monday\`` })
    this.i++
  }

  private dayRecurrence(): void {
    const set = this.daySet()
    if (set) this.clauses.push({ kind: 'recurrence', form: 'days', days: set, span: set.span })
    else this.i++
  }

  private onDays(): void {
    const on = this.tokens[this.i++]!
    const t = this.peek()
    if (t?.kind === 'word' && t.lower === 'the') {
      this.i++
      let end = t.span
      while (this.peek() && (this.peek()!.kind === 'ordinal' || this.peek()!.kind === 'int' || this.isWord(this.peek(), ORDINAL_WORDS) || this.isWord(this.peek(), DAY_WORDS) || this.peekWord('of', 'the', 'month', 'day'))) {
        end = this.tokens[this.i++]!.span
      }
      return this.unsupportedSpan('DSL011', joinSpan(on.span, end), 'a day of the month cannot be expressed as DAILY or WEEKLY')
    }
    if (t?.kind === 'ordinal') {
      this.i++
      return this.unsupportedSpan('DSL011', joinSpan(on.span, t.span), 'a day of the month cannot be expressed as DAILY or WEEKLY')
    }
    const set = t && (this.startsDayItem(t, true) || (t.kind === 'word' && this.nearDayWord(t))) ? this.daySet(true) : undefined
    if (set) {
      this.clauses.push({ kind: 'on-days', days: set, span: joinSpan(on.span, set.span) })
      return
    }
    this.recurrenceReported = true
    this.expectedDays(on.span, '`on`')
  }

  private expectedDays(after: Span, what: string): void {
    const t = this.peek()
    this.error('DSL030', t ? `expected a day name after ${what}, found \`${t.text}\`` : `expected a day name after ${what}`, t ? t.span : span(after.end, after.end), {
      help: 'name days in English: `mon`, `tuesday`, `weekdays`, `sat-sun`',
    })
  }

  // ---- days

  private nearDayWord(t: Token): boolean {
    if (t.text.length < 3 || CLAUSE_WORDS.has(t.lower) || KEYWORDS.includes(t.lower)) return false
    let near = nearDayCache.get(t.lower)
    if (near === undefined) {
      near = DAY_SPELLINGS.some((d) => Math.abs(d.length - t.lower.length) <= 2 && editDistance(t.lower, d, 2) <= 2)
      if (nearDayCache.size >= 1024) nearDayCache.clear()
      nearDayCache.set(t.lower, near)
    }
    return near
  }

  /** Whether `t` can begin a day item. Near-misses count only where a day is expected (after a separator). */
  private startsDayItem(t: Token, numericAllowed: boolean): boolean {
    if (t.kind === 'int') return numericAllowed
    if (t.kind !== 'word') return false
    return DAY_WORDS.has(t.lower) || GROUP_WORDS.has(t.lower) || FOREIGN_DAY_WORDS.has(t.lower) || HOLIDAY_WORDS.has(t.lower)
  }

  private daySet(numericAllowed = false): DaySet | undefined {
    const items = this.dayItems(numericAllowed)
    if (!items) return undefined
    let except: DayItem[] = []
    let end = items[items.length - 1]!.span
    if (this.peekWord('except')) {
      const exceptToken = this.tokens[this.i++]!
      const ex = this.dayItems(numericAllowed)
      if (ex) {
        except = ex
        end = ex[ex.length - 1]!.span
      } else {
        this.expectedDays(exceptToken.span, '`except`')
        end = exceptToken.span
      }
    }
    return { items, except, span: joinSpan(items[0]!.span, end) }
  }

  private dayItems(numericAllowed: boolean): DayItem[] | undefined {
    const first = this.dayItem(numericAllowed)
    if (!first) return undefined
    const items = [first]
    for (;;) {
      // A separator joins only when a day follows it; `and` before `at` belongs to someone else.
      let k = 0
      const sep = this.peek()
      if (!sep) break
      if (sep.kind === 'comma' || sep.kind === 'amp' || (sep.kind === 'word' && sep.lower === 'and')) k = 1
      else break
      if (sep.kind === 'comma' && this.peek(1)?.kind === 'word' && this.peek(1)!.lower === 'and') k = 2
      const next = this.peek(k)
      if (!next || !(this.startsDayItem(next, numericAllowed) || (next.kind === 'word' && this.nearDayWord(next)))) break
      this.i += k
      const item = this.dayItem(numericAllowed)
      if (!item) break
      items.push(item)
    }
    return items
  }

  private dayItem(numericAllowed: boolean): DayItem | undefined {
    const t = this.peek()
    if (!t) return undefined
    if (t.kind === 'int') {
      if (!numericAllowed) return undefined
      // Take the whole numeric list (`1,3,5`) so one message covers it.
      let end = t.span
      this.i++
      while (this.peek()?.kind === 'comma' && this.peek(1)?.kind === 'int') {
        end = this.peek(1)!.span
        this.i += 2
      }
      this.error('DSL032', 'numeric days are ambiguous', joinSpan(t.span, end), {
        help: 'cron counts 0 (and 7) as Sunday, later.js counts 1 as Sunday; name the days: `mon`, `wed`',
      })
      return { days: [], span: joinSpan(t.span, end), reported: true }
    }
    if (t.kind !== 'word') return undefined
    const group = GROUP_WORDS.get(t.lower)
    if (group) {
      this.i++
      return { days: group, span: t.span }
    }
    if (HOLIDAY_WORDS.has(t.lower)) {
      this.holidays(this.tokens[this.i++]!)
      return { days: [], span: t.span, reported: true }
    }
    const day = this.dayName(t)
    if (day === undefined) return undefined
    this.i++
    const sep = this.peek()
    const isSep = sep && (sep.kind === 'dash' || sep.kind === 'dots' || (sep.kind === 'word' && RANGE_WORDS.has(sep.lower)))
    if (!isSep) return day ? { days: [day], span: t.span } : { days: [], span: t.span, reported: true }
    const endToken = this.peek(1)
    const endDay = endToken?.kind === 'word' ? this.dayName(endToken) : undefined
    if (endDay === undefined) {
      this.i++
      this.error('DSL030', endToken ? `expected a day name to end the range, found \`${endToken.text}\`` : 'expected a day name to end the range', endToken?.span ?? span(sep.span.end, sep.span.end), {
        help: 'a range names two days: `mon-fri`, `sat..sun`, `tue to thu`',
      })
      return { days: day ? [day] : [], span: t.span, reported: true }
    }
    this.i += 2
    const whole = joinSpan(t.span, endToken!.span)
    if (!day || !endDay) return { days: [], span: whole, reported: true }
    const from = MONDAY_FIRST.indexOf(day)
    const to = MONDAY_FIRST.indexOf(endDay)
    if (from > to) {
      const wrapped = [...MONDAY_FIRST.slice(from), ...MONDAY_FIRST.slice(0, to + 1)]
      const head = MONDAY_FIRST.slice(from)
      const tail = MONDAY_FIRST.slice(0, to + 1)
      const fmt = (ds: Day[]) => (ds.length === 1 ? ds[0]!.toLowerCase() : `${ds[0]!.toLowerCase()}-${ds[ds.length - 1]!.toLowerCase()}`)
      const replacement = `${fmt(head)},${fmt(tail)}`
      this.error('DSL031', `the range \`${this.sliceText(t.span, endToken!.span).replace(/ /g, '')}\` runs backwards`, whole, {
        label: 'weeks run MON..SUN',
        help: `for ${wrapped.map((d) => d.toLowerCase()).join(', ')} write \`${replacement}\``,
        suggestions: [{ replacement, span: whole }],
      })
      return { days: wrapped, span: whole }
    }
    return { days: MONDAY_FIRST.slice(from, to + 1), span: whole }
  }

  /** The day a word names; `null` when it is a reported non-English or misspelled day; undefined when not a day. */
  private dayName(t: Token): Day | null | undefined {
    const day = DAY_WORDS.get(t.lower)
    if (day) return day
    const foreign = FOREIGN_DAY_WORDS.get(t.lower)
    if (foreign) {
      const english = DAY_FULL_NAMES[foreign].toLowerCase()
      this.error('DSL030', `unknown day name \`${t.text}\``, t.span, {
        label: 'day names are English',
        help: `\`${t.text}\` is \`${english}\``,
        suggestions: [{ replacement: english, span: t.span }],
      })
      return null
    }
    if (this.nearDayWord(t)) {
      const close = cachedClosest(t.lower, FULL_DAY_NAMES, 'day')
      const shortClose = cachedClosest(t.lower, DAY_SPELLINGS, 'spelling').map((w) => DAY_FULL_NAMES[DAY_WORDS.get(w)!].toLowerCase())
      const names = [...new Set([...close, ...shortClose])].slice(0, 4)
      this.error('DSL030', `unknown day name \`${t.text}\``, t.span, {
        help: names.length ? `did you mean ${names.map((n) => `\`${n}\``).join(' or ')}?` : 'day names are English: `mon`..`sun` or `monday`..`sunday`',
        suggestions: names.map((replacement) => ({ replacement, span: t.span })),
      })
      return null
    }
    return undefined
  }

  // ---- time

  private atTime(): void {
    const at = this.tokens[this.i++]!
    const t = this.peek()
    if (!t || !(t.kind === 'time' || t.kind === 'int' || (t.kind === 'word' && (t.lower === 'noon' || t.lower === 'midday' || t.lower === 'midnight')))) {
      this.timeReported = true
      return this.error('DSL023', '`at` needs a start time', t ? t.span : span(at.span.end, at.span.end), {
        help: 'write the time with minutes: `at 09:00`, `at 6:15pm`, `at noon`',
      })
    }
    this.timeClause(at.span.start)
  }

  private timeClause(clauseStart: number): void {
    const value = this.timeValue()
    if (!value) return
    const clause: Clause = { kind: 'time', minutes: value.minutes, word: value.word, span: span(clauseStart, value.span.end), valueSpan: value.span }
    // `at 09:00 and 17:00`: a second time is a second schedule.
    const sep = this.peek()
    if (sep && (sep.kind === 'comma' || sep.kind === 'amp' || (sep.kind === 'word' && sep.lower === 'and'))) {
      let k = 1
      if (this.peek(k)?.kind === 'word' && this.peek(k)!.lower === 'at') k++
      const second = this.peek(k)
      if (second && (second.kind === 'time' || (second.kind === 'int' && this.isWord(this.peek(k + 1), MERIDIEM_WORDS)) || this.isWord(second, TIME_WORDS))) {
        this.i += k
        const secondValue = this.timeValue()
        const end = secondValue ? secondValue.span : second.span
        this.error('DSL012', 'a schedule has one start time', joinSpan(value.span, end), {
          help: 'write one schedule per start time, e.g. `daily at 09:00 UTC` and `daily at 17:00 UTC`',
        })
        this.timeReported = true
        return
      }
    }
    if (value.valid) this.clauses.push(clause)
    else this.timeReported = true
  }

  private timeValue(): { minutes: number; span: Span; word: 'midnight' | 'noon' | '12am' | undefined; valid: boolean } | undefined {
    const t = this.tokens[this.i++]!
    if (t.kind === 'word') {
      if (t.lower === 'midnight') return { minutes: 0, span: t.span, word: 'midnight', valid: true }
      return { minutes: 720, span: t.span, word: 'noon', valid: true }
    }
    if (t.kind === 'int') {
      const next = this.peek()
      if (this.isWord(next, MERIDIEM_WORDS)) {
        this.i++
        return this.hour12(Number(t.text), 0, next!.lower, joinSpan(t.span, next!.span), `${t.text}${next!.lower.replace(/\./g, '')}`)
      }
      let whole = t.span
      if (next?.kind === 'word' && (next.lower === "o'clock" || next.lower === 'oclock' || next.lower === 'h')) {
        this.i++
        whole = joinSpan(t.span, next.span)
      }
      const h = Number(t.text)
      const candidates = h >= 1 && h <= 12 ? [`${String(h).padStart(2, '0')}:00`, `${h}am`, `${h}pm`] : h >= 0 && h <= 23 ? [`${String(h).padStart(2, '0')}:00`] : []
      this.error('DSL021', `\`${this.sliceText(t.span, whole)}\` is a bare hour`, whole, {
        label: h >= 1 && h <= 12 ? 'morning or evening?' : 'minutes are required',
        help: candidates.length ? `write ${candidates.map((c) => `\`${c}\``).join(', ').replace(/, ([^,]*)$/, ' or $1')}` : 'write the time as HH:MM, 00:00-23:59',
        suggestions: candidates.map((replacement) => ({ replacement, span: whole })),
      })
      return { minutes: 0, span: whole, word: undefined, valid: false }
    }
    // time token: H:MM[:SS][meridiem] or H[meridiem]
    const m = /^(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?(am|pm|a\.m\.?|p\.m\.?)?$/i.exec(t.text)!
    const hour = Number(m[1])
    const minute = m[2] === undefined ? 0 : Number(m[2])
    let meridiem = m[4]?.toLowerCase()
    let whole = t.span
    if (!meridiem && this.isWord(this.peek(), MERIDIEM_WORDS)) {
      meridiem = this.peek()!.lower
      whole = joinSpan(t.span, this.peek()!.span)
      this.i++
    }
    if (m[3] !== undefined) {
      const fixed = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}${meridiem ? meridiem.replace(/\./g, '') : ''}`
      this.error('DSL022', `seconds are not supported (\`${t.text}\`)`, whole, {
        label: 'schedules have minute precision',
        help: `write \`${fixed}\``,
        suggestions: [{ replacement: fixed, span: whole }],
      })
      return { minutes: 0, span: whole, word: undefined, valid: false }
    }
    if (m[2] !== undefined && m[2].length !== 2) return this.invalidTime(t.text, whole, 'minutes have two digits', [])
    if (meridiem) return this.hour12(hour, minute, meridiem, whole, t.text)
    if (hour === 24 && minute === 0) return this.invalidTime(t.text, whole, 'hours run 00-23', ['00:00'])
    if (hour > 23) return this.invalidTime(t.text, whole, 'hours run 00-23', [])
    if (minute > 59) return this.invalidTime(t.text, whole, 'minutes run 00-59', [])
    return { minutes: hour * 60 + minute, span: whole, word: undefined, valid: true }
  }

  private hour12(hour: number, minute: number, meridiem: string, at: Span, written: string) {
    const pm = meridiem.startsWith('p')
    if (minute > 59) return this.invalidTime(written, at, 'minutes run 00-59', [])
    if (hour === 0) return this.invalidTime(written, at, '12-hour times run 1-12', [`${String(minute === 0 ? 0 : 0).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, `12${minute ? `:${String(minute).padStart(2, '0')}` : ''}${pm ? 'pm' : 'am'}`])
    if (hour > 12) {
      const h24 = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
      const options = hour <= 23 ? [h24, `${hour - 12}${minute ? `:${String(minute).padStart(2, '0')}` : ''}pm`] : []
      return this.invalidTime(written, at, '12-hour times run 1-12', options)
    }
    const h24 = (hour % 12) + (pm ? 12 : 0)
    return { minutes: h24 * 60 + minute, span: at, word: hour === 12 && !pm && minute === 0 ? ('12am' as const) : undefined, valid: true }
  }

  private invalidTime(written: string, at: Span, label: string, fixes: string[]) {
    this.error('DSL020', `invalid time \`${written}\``, at, {
      label,
      help: fixes.length ? `did you mean ${fixes.map((f) => `\`${f}\``).join(' or ')}?` : 'write a time from 00:00 to 23:59, or 1-12 with am/pm',
      suggestions: fixes.map((replacement) => ({ replacement, span: at })),
    })
    return { minutes: 0, span: at, word: undefined, valid: false }
  }

  // ---- zone

  private zoneClause(intro: Span | undefined): void {
    const t = this.peek()
    if (!t || !(t.kind === 'zone' || t.kind === 'offset' || t.kind === 'word')) {
      this.zoneReported = true
      return this.error('DSL040', 'expected a time zone', t ? t.span : span(intro!.end, intro!.end), {
        help: 'name an IANA zone: `Asia/Colombo`, `Europe/Berlin`, `UTC`',
      })
    }
    this.i++
    const clauseSpan = intro ? joinSpan(intro, t.span) : t.span
    if (t.kind === 'offset') {
      this.zoneReported = true
      return this.offsetZone(t)
    }
    if (t.kind === 'word' && ZONE_ABBREVIATIONS.has(t.lower) && t.lower !== 'utc' && t.lower !== 'gmt') {
      this.zoneReported = true
      const zones = ZONE_ABBREVIATIONS.get(t.lower)!
      const fixed = t.lower === 'est' || t.lower === 'mst' || t.lower === 'hst'
      return this.error('DSL041', `\`${t.text}\` is an abbreviation, not a time zone`, t.span, {
        label: fixed ? 'a fixed offset that never observes DST' : 'ambiguous, and it changes with DST',
        help: `name the place: ${zones.map((z) => `\`${z}\``).join(', ').replace(/, ([^,]*)$/, ' or $1')}`,
        suggestions: zones.map((replacement) => ({ replacement, span: t.span })),
      })
    }
    const found = lookupZone(t.text)
    if (found) {
      this.clauses.push({ kind: 'zone', canonical: found.canonical, spelled: found.spelled, written: t.text, span: clauseSpan, valueSpan: t.span })
      return
    }
    this.zoneReported = true
    const suggestions = suggestZones(t.text)
    this.error('DSL040', `unknown time zone \`${t.text}\``, t.span, {
      label: 'not in the IANA time zone database',
      help: suggestions.length ? `did you mean ${suggestions.map((s) => `\`${s}\``).join(', ').replace(/, ([^,]*)$/, ' or $1')}?` : 'name an IANA zone such as `Europe/Berlin` or `UTC`',
      suggestions: suggestions.map((replacement) => ({ replacement, span: t.span })),
    })
  }

  private offsetZone(t: Token): void {
    const m = /^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(t.text)!
    const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0))
    const places = Number.isFinite(this.nowMs) ? zonesWithOffset(minutes, this.nowMs) : []
    const posixTrap = /^gmt/i.test(t.text) ? `; note \`Etc/GMT${m[1] === '+' ? '-' : '+'}${Number(m[2])}\` is this offset (POSIX inverts the sign)` : ''
    this.error('DSL042', `\`${t.text}\` is a UTC offset, not a time zone`, t.span, {
      label: 'offsets do not follow daylight saving time',
      help: places.length
        ? `name the place; zones at this offset today: ${places.map((z) => `\`${z}\``).join(', ')}${posixTrap}`
        : `name the place, e.g. \`Asia/Kolkata\`${posixTrap}`,
      suggestions: places.map((replacement) => ({ replacement, span: t.span })),
    })
  }

  // ---- start date

  private startClause(): void {
    const intro = this.tokens[this.i++]!
    if (this.peekWord('on')) this.i++
    const t = this.peek()
    if (!t) return this.dateError(span(intro.span.end, intro.span.end), `\`${intro.text}\` needs a date`, 'write the date as YYYY-MM-DD, e.g. `starting 2024-07-04`')
    this.i++
    if (t.kind === 'iso-date') {
      const [y, mo, d] = t.text.split('-').map(Number) as [number, number, number]
      if (!isValidCivil(y, mo, d)) return this.dateError(t.span, `invalid date \`${t.text}\``, this.impossibleHelp(y, mo, d))
      return this.pushStart(intro, t, { kind: 'absolute', year: y, month: mo, day: d }, t.span)
    }
    if (t.kind === 'slash-date') return this.slashDate(intro, t)
    if (t.kind === 'word' && (t.lower === 'today' || t.lower === 'tomorrow')) return this.pushStart(intro, t, { kind: t.lower }, t.span)
    if (t.kind === 'word' && t.lower === 'next') {
      const dayToken = this.peek()
      const day = dayToken?.kind === 'word' ? DAY_WORDS.get(dayToken.lower) : undefined
      if (!day) return this.dateError(dayToken?.span ?? span(t.span.end, t.span.end), '`next` needs a day name', 'write `next monday`, or the date as YYYY-MM-DD')
      this.i++
      return this.pushStart(intro, t, { kind: 'next', weekday: DAYS.indexOf(day) }, dayToken!.span)
    }
    // Month-name forms: `July 4, 2024`, `Jul 4th 2024`, `4 July 2024`.
    const monthFirst = t.kind === 'word' ? MONTH_WORDS.get(t.lower) : undefined
    if (monthFirst !== undefined) {
      const dayToken = this.peek()
      if (dayToken && (dayToken.kind === 'int' || dayToken.kind === 'ordinal')) {
        this.i++
        if (this.peek()?.kind === 'comma') this.i++
        return this.namedDate(intro, t, monthFirst, dayToken)
      }
      return this.dateError(t.span, `incomplete date \`${t.text}\``, 'write the date as YYYY-MM-DD, e.g. `starting 2024-07-04`')
    }
    if ((t.kind === 'int' || t.kind === 'ordinal') && this.peek()?.kind === 'word' && MONTH_WORDS.has(this.peek()!.lower)) {
      const monthToken = this.tokens[this.i++]!
      return this.namedDate(intro, t, MONTH_WORDS.get(monthToken.lower)!, t, monthToken)
    }
    this.dateError(t.span, `expected a date after \`${intro.text}\`, found \`${t.text}\``, 'write the date as YYYY-MM-DD (`2024-07-04`), `today`, `tomorrow` or `next monday`')
  }

  /** `first` is the date's first token (the month or the day); `monthToken` the month when the day came first. */
  private namedDate(intro: Token, first: Token, month: number, dayToken: Token, monthToken: Token = first): void {
    const startSpan = first.span
    const yearToken = this.peek()
    const day = Number.parseInt(dayToken.text, 10)
    if (!yearToken || yearToken.kind !== 'int' || yearToken.text.length !== 4) {
      const at = yearToken?.kind === 'int' ? joinSpan(startSpan, yearToken.span) : joinSpan(startSpan, dayToken.span.end > monthToken.span.end ? dayToken.span : monthToken.span)
      if (yearToken?.kind === 'int') this.i++
      return this.dateError(at, 'a start date needs a four-digit year', `write \`${String(yearToken?.kind === 'int' && yearToken.text.length === 2 ? 2000 + Number(yearToken.text) : 'YYYY')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}\``)
    }
    this.i++
    const year = Number(yearToken.text)
    const whole = joinSpan(startSpan, yearToken.span)
    if (!isValidCivil(year, month, day)) return this.dateError(whole, `invalid date: ${MONTH_NAMES[month - 1]} has no day ${day} in ${year}`, this.impossibleHelp(year, month, day))
    this.pushStart(intro, first, { kind: 'absolute', year, month, day }, yearToken.span)
  }

  private dateError(at: Span, message: string, help: string, suggestions: Suggestion[] = []): void {
    this.error('DSL050', message, at, { help, suggestions })
  }

  private pushStart(intro: Token, first: Token, date: DateExpr, end: Span): void {
    this.clauses.push({ kind: 'start', date, span: joinSpan(intro.span, end), valueSpan: joinSpan(first.span, end) })
  }

  private impossibleHelp(year: number, month: number, day: number): string {
    if (month < 1 || month > 12) return 'months run 01-12; write the date as YYYY-MM-DD'
    return `${MONTH_NAMES[month - 1]} ${year} has ${daysInMonth(year, month)} days`
  }

  private slashDate(intro: Token, t: Token): void {
    const [a, b, y] = t.text.split('/') as [string, string, string]
    const month = Number(a)
    const day = Number(b)
    if (y.length !== 4) {
      const guess = y.length === 2 ? 2000 + Number(y) : undefined
      const fix = guess !== undefined && isValidCivil(guess, month, day) ? isoText(guess, month, day) : undefined
      return this.dateError(t.span, `invalid date \`${t.text}\`: the year needs four digits`, fix ? `if you mean ${MONTH_NAMES[month - 1]} ${day}, ${guess}, write \`${fix}\`` : 'write the date as YYYY-MM-DD', fix ? [{ replacement: fix, span: t.span }] : [])
    }
    const year = Number(y)
    if (month > 12 && day <= 12 && isValidCivil(year, day, month)) {
      const fix = isoText(year, day, month)
      return this.dateError(t.span, `invalid date \`${t.text}\`: slash dates are month/day/year and there is no month ${month}`, `if you mean ${month} ${MONTH_NAMES[day - 1]} ${year}, write \`${fix}\``, [{ replacement: fix, span: t.span }])
    }
    if (!isValidCivil(year, month, day)) return this.dateError(t.span, `invalid date \`${t.text}\``, `${this.impossibleHelp(year, month, day)}; slash dates are month/day/year`)
    if (day <= 12 && day !== month) {
      const fix = isoText(year, month, day)
      this.warn('W101', 'warning', `\`${t.text}\` read as ${day} ${MONTH_NAMES[month - 1]} ${year} (month/day/year)`, t.span, {
        help: `write \`${fix}\` to silence this`,
        suggestions: [{ replacement: fix, span: t.span }],
      })
    }
    this.pushStart(intro, t, { kind: 'absolute', year, month, day }, t.span)
  }

  // ---- name and profile

  private nameClause(): void {
    const intro = this.tokens[this.i++]!
    const label = this.labelValue(intro, 'DSL070')
    if (label === undefined) return
    this.clauses.push({ kind: 'name', label: label.text, span: joinSpan(intro.span, label.span) })
  }

  private profileClause(): void {
    const first = this.tokens[this.i]!
    if (first.lower === 'using' || first.lower === 'with') this.i++
    if (this.peekWord('option')) this.i++
    if (!this.peekWord('profile')) {
      const t = this.peek()
      this.error('DSL001', t ? `expected \`profile\`, found \`${t.text}\`` : `expected \`profile\` after \`${this.tokens[this.i - 1]!.text}\``, t ? t.span : span(this.tokens[this.i - 1]!.span.end, this.tokens[this.i - 1]!.span.end), {
        help: 'name the option profile: `using profile "Initial Options"` or `using profile 240981`',
      })
      return
    }
    const intro = this.tokens[this.i++]!
    const value = this.labelValue(intro, 'DSL071')
    if (value === undefined) return
    const id = value.kind === 'int' ? Number(value.text) : undefined
    if (id !== undefined && !(Number.isSafeInteger(id) && id > 0)) {
      return this.error('DSL070', `\`${value.text}\` is not a profile id`, value.span, { help: 'a profile id is a positive whole number; quote a title: `"My Profile"`' })
    }
    const profile = id !== undefined ? { id } : { title: value.text }
    this.clauses.push({ kind: 'profile', profile, span: joinSpan(first.span, value.span) })
  }

  /** QUOTED, INT or one LABEL after `prefix`/`named`/`profile`, with the unquoted-spaces check. */
  private labelValue(intro: Token, spacesCode: 'DSL070' | 'DSL071'): { text: string; span: Span; kind: 'int' | 'text' } | undefined {
    const t = this.peek()
    const what = intro.lower === 'profile' ? 'profile' : `\`${intro.text}\``
    if (!t || (t.kind !== 'label' && t.kind !== 'quoted' && t.kind !== 'int') || (t.kind === 'label' && CLAUSE_WORDS.has(t.lower))) {
      if (t?.kind === 'label') t.kind = 'word'
      return void this.error('DSL070', `${what} needs a ${intro.lower === 'profile' ? 'title or id' : 'label'}`, t ? t.span : span(intro.span.end, intro.span.end), {
        help: intro.lower === 'profile' ? 'write `profile "Initial Options"` or `profile 240981`' : `write \`${intro.lower} nightly-edge\`, or quote a label with spaces: \`${intro.lower} "nightly edge"\``,
      })
    }
    this.i++
    if (t.kind === 'quoted') {
      if (t.lower === UNTERMINATED) return void this.error('DSL070', 'unterminated quoted text', t.span, { help: 'close the quote with `"`', suggestions: [{ replacement: `${this.rawQuoted(t)}"`, span: t.span }] })
      if (t.text.trim() === '') return void this.error(spacesCode, `${what} cannot be empty`, t.span, { help: 'write the text between the quotes' })
      return { text: t.text, span: t.span, kind: 'text' }
    }
    // An unquoted label followed by more plain words: the user meant one label with spaces.
    let end = t.span
    const words = [t.text]
    while (this.peek()?.kind === 'word' && (this.peek()!.lower === 'scan' || !this.isKnownWord(this.peek()!))) {
      words.push(this.peek()!.text)
      end = this.tokens[this.i++]!.span
    }
    if (words.length > 1) {
      const whole = joinSpan(t.span, end)
      const quoted = `"${words.join(' ')}"`
      return void this.error(spacesCode, spacesCode === 'DSL071' ? 'a profile title with spaces must be quoted' : 'a label with spaces must be quoted', whole, {
        help: `write \`${what === 'profile' ? 'profile' : intro.lower} ${quoted}\``,
        suggestions: [{ replacement: quoted, span: whole }],
      })
    }
    return { text: t.text, span: t.span, kind: t.kind === 'int' ? 'int' : 'text' }
  }

  private rawQuoted(t: Token): string {
    return `"${t.text}`
  }

  private isKnownWord(t: Token): boolean {
    const w = t.lower
    return (
      CLAUSE_WORDS.has(w) || KEYWORDS.includes(w) || DAY_WORDS.has(w) || GROUP_WORDS.has(w) || ZONE_ABBREVIATIONS.has(w) ||
      INTERVAL_WORDS.has(w) || LONG_PERIOD_WORDS.has(w) || SHORT_PERIOD_WORDS.has(w) || lookupZone(t.text) !== undefined
    )
  }
}
