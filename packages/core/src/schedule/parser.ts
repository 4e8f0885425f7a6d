import type { DiagnosticCode } from '../diagnostics/registry.js'
import type { Diagnostic, Span } from '../diagnostics/types.js'
import { cachedClosest, choices, Cursor, joinSpan } from './cursor.js'
import type { Token } from './lexer.js'
import { startClause } from './parse-dates.js'
import { dayItems, daySet, expectedDays, holidays, nearDayWord, startsDayItem } from './parse-days.js'
import { nameClause, profileClause } from './parse-labels.js'
import { atTime, timeClause } from './parse-time.js'
import { zoneClause } from './parse-zone.js'
import type { Clause, DayItem } from './syntax.js'
import { DAY_FULL_NAMES, DAY_WORDS, GROUP_WORDS, HOLIDAY_WORDS, INTERVAL_WORDS, KEYWORDS, LONG_PERIOD_WORDS, ORDINAL_WORDS, SHORT_PERIOD_WORDS, UNIT_CODES, ZONE_ABBREVIATIONS } from './vocabulary.js'
import { lookupZone, zonesForPlace } from './zones.js'

const SUGGESTABLE_WORDS = [...KEYWORDS, ...Object.values(DAY_FULL_NAMES).map((d) => d.toLowerCase()), 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

const INTERVAL_HELP = 'a Cloud Perimeter Scan schedule is DAILY or WEEKLY with no repeat interval; write one schedule such as `weekly on mon at 09:00 UTC`'

export interface ParseResult {
  clauses: Clause[]
  diagnostics: Diagnostic[]
  recurrenceReported: boolean
  timeReported: boolean
  zoneReported: boolean
}

/** The clause-level parser of docs/schedule-language.md#grammar: which clause a token opens, and the recurrence forms. */
export class Parser extends Cursor {
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

  private clause(): void {
    const t = this.peek()!
    if (t.kind === 'word') {
      const w = t.lower
      if (w === 'daily') return this.daily(t.span)
      // `Daily scan at ...`, `weekly scans on mon`: the word the optional leading `scan` is, anywhere.
      if (w === 'scan' || w === 'scans') {
        this.i++
        return
      }
      if (w === 'weekly') {
        this.i++
        this.clauses.push({ kind: 'recurrence', form: 'weekly', span: t.span })
        return
      }
      if (w === 'every' || w === 'each') return this.every()
      if (w === 'on') return this.onDays()
      if (w === 'at') return atTime(this)
      if (w === 'noon' || w === 'midday' || w === 'midnight') return timeClause(this, t.span.start)
      if (w === 'in' || w === 'timezone' || w === 'tz') {
        this.i++
        return zoneClause(this, t.span)
      }
      if (w === 'utc' || w === 'gmt' || w === 'zulu') return zoneClause(this, undefined)
      if (w === 'starting' || w === 'from' || w === 'beginning' || w === 'start') return startClause(this)
      if (w === 'prefix' || w === 'named') return nameClause(this)
      if (w === 'using' || w === 'with' || w === 'option' || w === 'profile') return profileClause(this)
      if (startsDayItem(this, t, false)) return this.dayRecurrence()
      if (INTERVAL_WORDS.has(w)) return this.unsupported('DSL010', t.span, w === 'biweekly' ? '`biweekly` is ambiguous (twice a week or every two weeks), and repeat intervals are not supported' : `\`${t.text}\` is a repeat interval, which is not supported`, INTERVAL_HELP)
      if (LONG_PERIOD_WORDS.has(w)) return this.unsupported('DSL011', t.span, `\`${t.text}\` schedules cannot be expressed as DAILY or WEEKLY`, 'a Cloud Perimeter Scan runs daily or on days of the week; pick days, e.g. `weekly on mon at 09:00 UTC`')
      if (SHORT_PERIOD_WORDS.has(w)) return this.shortPeriod(t)
      if (ORDINAL_WORDS.has(w) && this.isWord(this.peek(1), DAY_WORDS)) return this.monthlyDay(t.span)
      if (ZONE_ABBREVIATIONS.has(w)) return zoneClause(this, undefined)
      if (lookupZone(t.text) && !HOLIDAY_WORDS.has(w)) return zoneClause(this, undefined)
      return this.unknownWord(t)
    }
    switch (t.kind) {
      case 'time':
        return timeClause(this, t.span.start)
      case 'zone':
      case 'offset':
        return zoneClause(this, undefined)
      case 'ordinal':
        return this.unsupported('DSL011', t.span, `a day of the month (\`${t.text}\`) cannot be expressed as DAILY or WEEKLY`, 'a Cloud Perimeter Scan runs daily or on days of the week')
      case 'iso-date':
      case 'slash-date':
      case 'dotted-date':
        this.i++
        return this.error('DSL001', `unexpected date \`${t.text}\``, t.span, { help: 'a start date follows `starting`, e.g. `starting 2024-07-04`', suggestions: [{ replacement: `starting ${t.text}`, span: t.span, applicability: 'machine-applicable' }] })
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

  private unsupported(code: DiagnosticCode, at: Span, message: string, help: string): void {
    this.i++
    this.recurrenceReported = true
    this.error(code, message, at, { help })
  }

  private unknownWord(t: Token): void {
    if (this.cityName(t)) return
    this.i++
    if (SUGGESTABLE_WORDS.includes(t.lower)) return this.outOfPlace(t)
    const lastSegmentZone = t.text.length >= 3 ? zonesForPlace(t.text)[0] : undefined
    if (lastSegmentZone) {
      this.zoneReported = true
      return this.error('DSL040', `unknown time zone \`${t.text}\``, t.span, {
        label: 'not in the IANA time zone database',
        help: `did you mean \`${lastSegmentZone}\`?`,
        suggestions: [{ replacement: lastSegmentZone, span: t.span, applicability: 'machine-applicable' }],
      })
    }
    if (HOLIDAY_WORDS.has(t.lower)) return holidays(this, t)
    // Never offer the typed word itself (`scan` for `scan`): a suggestion must change something.
    const words = cachedClosest(t.lower, SUGGESTABLE_WORDS, 'keyword').filter((w) => w.toLowerCase() !== t.lower)
    if (words.length > 0) {
      if (words.some((w) => DAY_WORDS.has(w) || GROUP_WORDS.has(w) || w === 'daily' || w === 'weekly' || w === 'every' || w === 'each')) this.recurrenceReported = true
      if (words.some((w) => w === 'at' || w === 'noon' || w === 'midnight' || w === 'midday')) this.timeReported = true
      return this.error('DSL001', `unexpected word \`${t.text}\``, t.span, {
        help: `did you mean ${words.map((w) => `\`${w}\``).join(', ').replace(/, ([^,]*)$/, ' or $1')}?`,
        suggestions: choices(words, t.span),
      })
    }
    this.error('DSL001', `unexpected word \`${t.text}\``, t.span, { help: 'a schedule reads like `weekly on mon,wed at 12:00 Asia/Colombo`' })
  }

  /**
   * A place name of two or three words (`New York`, `Sao Paulo`, `Ho Chi Minh`): DSL040 with the zone whose last
   * segment it is. Longest match first, so `Port of Spain` beats a zone named `Port`.
   */
  private cityName(t: Token): boolean {
    for (let n = 3; n >= 2; n--) {
      const words = this.tokens.slice(this.i, this.i + n)
      if (words.length < n || !words.every((w) => w.kind === 'word')) continue
      const zones = zonesForPlace(words.map((w) => w.text).join('_'))
      if (zones.length === 0) continue
      const at = joinSpan(t.span, words[n - 1]!.span)
      this.i += n
      this.zoneReported = true
      const written = words.map((w) => w.text).join(' ')
      this.error('DSL040', `unknown time zone \`${written}\``, at, {
        label: 'a place, not a zone name',
        help: `zone names join the words with \`_\` and start with the region: ${zones.map((z) => `\`${z}\``).join(' or ')}`,
        suggestions: choices(zones, at),
      })
      return true
    }
    return false
  }

  /** A word of the language in a place where it means nothing: say where it belongs, never "did you mean" itself. */
  private outOfPlace(t: Token): void {
    const w = t.lower
    if (w === 'today' || w === 'tomorrow' || w === 'next') {
      return this.error('DSL001', `\`${t.text}\` is a start date here`, t.span, {
        help: `a start date follows \`starting\`: write \`starting ${t.text}\`, and name the days, e.g. \`daily\``,
        suggestions: [{ replacement: `starting ${t.text}`, span: t.span, applicability: 'maybe-incorrect' }],
      })
    }
    const where: Record<string, string> = {
      to: 'joins two days of a range, e.g. `mon to fri`',
      through: 'joins two days of a range, e.g. `mon through fri`',
      thru: 'joins two days of a range, e.g. `mon thru fri`',
      except: 'follows the days it takes away from, e.g. `daily except sun`',
      and: 'joins days, e.g. `on mon and wed`',
      am: 'follows an hour, e.g. `9am`',
      pm: 'follows an hour, e.g. `6:15pm`',
      day: 'follows `every`, e.g. `every day`',
      week: 'follows `every`, e.g. `every week on mon`',
    }
    this.error('DSL001', `\`${t.text}\` is out of place here`, t.span, {
      help: where[w] ? `\`${w}\` ${where[w]}` : 'a schedule reads like `weekly on mon,wed at 12:00 Asia/Colombo`',
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

  private unsupportedSpan(code: DiagnosticCode, at: Span, message: string): void {
    this.recurrenceReported = true
    this.error(code, message, at, { help: 'a Cloud Perimeter Scan runs daily or on days of the week; pick days, e.g. `weekly on mon at 09:00 UTC`' })
  }

  private daily(at: Span): void {
    this.i++
    let except: DayItem[] = []
    let end = at
    if (this.peekWord('except')) {
      this.i++
      const items = dayItems(this, true)
      if (items) {
        except = items
        end = items[items.length - 1]!.span
      } else expectedDays(this, this.tokens[this.i - 1]!.span, '`except`')
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
    if (startsDayItem(this, t, false) || (t.kind === 'word' && nearDayWord(this, t))) {
      const set = daySet(this)
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
    const set = daySet(this)
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
    const set = t && (startsDayItem(this, t, true) || (t.kind === 'word' && nearDayWord(this, t))) ? daySet(this, true) : undefined
    if (set) {
      this.clauses.push({ kind: 'on-days', days: set, span: joinSpan(on.span, set.span) })
      return
    }
    this.recurrenceReported = true
    expectedDays(this, on.span, '`on`')
  }
}
