import type { Span, Suggestion } from '../diagnostics/types.js'
import { civilFromDays, DAY_MS, daysInMonth, isValidCivil } from './calendar.js'
import { Cursor, fix, joinSpan, span } from './cursor.js'
import type { Token } from './lexer.js'
import type { DateExpr } from './syntax.js'
import { DAYS } from './types.js'
import { lookupZone } from './zones.js'
import { DAY_WORDS, MONTH_NAMES, MONTH_WORDS } from './vocabulary.js'

/** The start date: ISO, month/day/year, month names, `today`/`tomorrow`/`next <day>` (DSL050, W101). */

const isoText = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

/**
 * The start clause: the fast grammar below, and when it finds no date (DSL050), the free-form reader if the caller
 * loaded one (chrono-node, free-dates.ts), over the words up to the next clause.
 */
export function startClause(p: Cursor): void {
  const introAt = p.i
  const errorsBefore = p.diagnostics.length
  const clausesBefore = p.clauses.length
  fastStartClause(p)
  if (p.clauses.length > clausesBefore || p.diagnostics.length === errorsBefore) return
  if (p.diagnostics[errorsBefore]?.code !== 'DSL050') return
  if (p.readDate) freeDate(p, introAt, errorsBefore)
}

const MAX_FREE_DATE_TOKENS = 12

/** Words that open the clauses that may follow a start date: the free-form reader stops before them. */
const NEXT_CLAUSE = new Set(['prefix', 'named', 'using', 'profile', 'at', 'in'])

function freeDate(p: Cursor, introAt: number, errorsBefore: number): void {
  const intro = p.tokens[introAt]!
  let from = introAt + 1
  if (p.tokens[from]?.kind === 'word' && p.tokens[from]!.lower === 'on') from++
  // `in` opens a zone clause (`in Asia/Colombo`) but also `in two weeks`: only a zone token after it ends the date.
  let to = from
  // No date the reader knows takes more than a few words (`the last friday of march 2027`): a 10 KB paste after
  // `starting` is not handed to chrono whole.
  const lastToken = Math.min(p.tokens.length, from + MAX_FREE_DATE_TOKENS)
  while (to < lastToken) {
    const t = p.tokens[to]!
    if (t.kind === 'quoted' || t.kind === 'zone' || t.kind === 'offset' || t.kind === 'time') break
    if (t.kind === 'word' && (lookupZone(t.text) || (NEXT_CLAUSE.has(t.lower) && (t.lower !== 'in' || p.tokens[to + 1]?.kind === 'zone')))) break
    to++
  }
  if (to === from) return
  const first = p.tokens[from]!
  let text = ''
  for (let k = from; k < to; k++) text += ' '.repeat(k === from ? 0 : p.tokens[k]!.span.start - p.tokens[k - 1]!.span.end) + p.tokens[k]!.text
  const today = Number.isFinite(p.nowMs) ? civilFromDays(Math.floor(p.nowMs / DAY_MS)) : { year: 2000, month: 1, day: 1 }
  const found = p.readDate!(text, today)
  if (!found) return
  // The tokens the reading covers, whole: a reading that ends inside a token (`5th` of `5thx`) is no reading.
  const end = first.span.start + found.length
  let last = from
  while (last < to && p.tokens[last]!.span.end <= end) last++
  if (last === from || (last < to && p.tokens[last]!.span.start < end)) return
  const valueSpan = joinSpan(first.span, p.tokens[last - 1]!.span)
  const written = text.slice(0, p.tokens[last - 1]!.span.end - first.span.start)
  p.diagnostics.splice(errorsBefore)
  p.i = last
  const [reading, other] = found.readings
  if (!reading) return
  if (other) {
    const both = `\`${isoText(reading.year, reading.month, reading.day)}\` (month first) or \`${isoText(other.year, other.month, other.day)}\` (day first)`
    return dateError(p, valueSpan, `ambiguous date \`${written}\`: it reads as ${both}`, `write the date as YYYY-MM-DD: ${both}`, [
      fix(isoText(reading.year, reading.month, reading.day), valueSpan, 'maybe-incorrect'),
      fix(isoText(other.year, other.month, other.day), valueSpan, 'maybe-incorrect'),
    ])
  }
  const iso = isoText(reading.year, reading.month, reading.day)
  if (!found.relative) {
    if (!isValidCivil(reading.year, reading.month, reading.day)) return dateError(p, valueSpan, `invalid date \`${written}\``, impossibleHelp(reading.year, reading.month))
    p.warn('W110', 'note', `\`${written}\` read as ${iso}`, valueSpan, { help: `write \`${iso}\` to say it exactly`, suggestions: [fix(iso, valueSpan, 'machine-applicable')] })
    return pushStart(p, intro, first, { kind: 'absolute', year: reading.year, month: reading.month, day: reading.day }, valueSpan)
  }
  // Relative: resolved again by the compiler in the schedule's zone (today there may differ from UTC's today).
  p.warn('W110', 'note', Number.isFinite(p.nowMs) ? `\`${written}\` read as ${iso} (relative to today)` : `\`${written}\` is relative to today`, valueSpan, {
    help: `the date moves with the day the schedule is compiled; write a date as YYYY-MM-DD to fix it`,
    suggestions: Number.isFinite(p.nowMs) ? [fix(iso, valueSpan, 'maybe-incorrect')] : [],
  })
  pushStart(p, intro, first, { kind: 'free', text: written }, valueSpan)
}

function fastStartClause(p: Cursor): void {
  const intro = p.tokens[p.i++]!
  if (p.peekWord('on')) p.i++
  const t = p.peek()
  if (!t) return dateError(p, span(intro.span.end, intro.span.end), `\`${intro.text}\` needs a date`, 'write the date as YYYY-MM-DD, e.g. `starting 2024-07-04`')
  p.i++
  if (t.kind === 'iso-date') {
    const [y, mo, d] = t.text.split('-').map(Number) as [number, number, number]
    if (!isValidCivil(y, mo, d)) return dateError(p, t.span, `invalid date \`${t.text}\``, impossibleHelp(y, mo))
    return pushStart(p, intro, t, { kind: 'absolute', year: y, month: mo, day: d }, t.span)
  }
  if (t.kind === 'slash-date') return slashDate(p, intro, t)
  if (t.kind === 'dotted-date') {
    const [a, b, y] = t.text.split('.').map(Number) as [number, number, number]
    const readings = [
      y >= 1000 && isValidCivil(y, b, a) ? `\`${isoText(y, b, a)}\` (day.month.year)` : undefined,
      y >= 1000 && a !== b && isValidCivil(y, a, b) ? `\`${isoText(y, a, b)}\` (month.day.year)` : undefined,
    ].filter((r) => r !== undefined)
    return dateError(p, t.span, `ambiguous date \`${t.text}\`: dotted dates are day-first in some countries and month-first in others`, readings.length ? `write it as YYYY-MM-DD: ${readings.join(' or ')}` : 'write the date as YYYY-MM-DD')
  }
  if (t.kind === 'word' && (t.lower === 'today' || t.lower === 'tomorrow')) return pushStart(p, intro, t, { kind: t.lower }, t.span)
  if (t.kind === 'word' && t.lower === 'next') {
    const dayToken = p.peek()
    const day = dayToken?.kind === 'word' ? DAY_WORDS.get(dayToken.lower) : undefined
    if (!day) return dateError(p, dayToken?.span ?? span(t.span.end, t.span.end), '`next` needs a day name', 'write `next monday`, or the date as YYYY-MM-DD')
    p.i++
    return pushStart(p, intro, t, { kind: 'next', weekday: DAYS.indexOf(day) }, dayToken!.span)
  }
  // Month-name forms: `July 4, 2024`, `Jul 4th 2024`, `4 July 2024`.
  const monthFirst = t.kind === 'word' ? MONTH_WORDS.get(t.lower) : undefined
  if (monthFirst !== undefined) {
    const dayToken = p.peek()
    if (dayToken && (dayToken.kind === 'int' || dayToken.kind === 'ordinal')) {
      p.i++
      if (p.peek()?.kind === 'comma') p.i++
      return namedDate(p, intro, t, monthFirst, dayToken)
    }
    return dateError(p, t.span, `incomplete date \`${t.text}\``, 'write the date as YYYY-MM-DD, e.g. `starting 2024-07-04`')
  }
  if ((t.kind === 'int' || t.kind === 'ordinal') && p.peek()?.kind === 'word' && MONTH_WORDS.has(p.peek()!.lower)) {
    const monthToken = p.tokens[p.i++]!
    return namedDate(p, intro, t, MONTH_WORDS.get(monthToken.lower)!, t, monthToken)
  }
  dateError(p, t.span, `expected a date after \`${intro.text}\`, found \`${t.text}\``, 'write the date as YYYY-MM-DD (`2024-07-04`), `today`, `tomorrow` or `next monday`')
}

/** `first` is the date's first token (the month or the day); `monthToken` the month when the day came first. */
function namedDate(p: Cursor, intro: Token, first: Token, month: number, dayToken: Token, monthToken: Token = first): void {
  const startSpan = first.span
  const yearToken = p.peek()
  const day = Number.parseInt(dayToken.text, 10)
  if (!yearToken || yearToken.kind !== 'int' || yearToken.text.length !== 4) {
    const at = yearToken?.kind === 'int' ? joinSpan(startSpan, yearToken.span) : joinSpan(startSpan, dayToken.span.end > monthToken.span.end ? dayToken.span : monthToken.span)
    if (yearToken?.kind === 'int') p.i++
    return dateError(p, at, 'a start date needs a four-digit year', `write \`${String(yearToken?.kind === 'int' && yearToken.text.length === 2 ? 2000 + Number(yearToken.text) : 'YYYY')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}\``)
  }
  p.i++
  const year = Number(yearToken.text)
  const whole = joinSpan(startSpan, yearToken.span)
  if (!isValidCivil(year, month, day)) return dateError(p, whole, `invalid date: ${MONTH_NAMES[month - 1]} has no day ${day} in ${year}`, impossibleHelp(year, month))
  pushStart(p, intro, first, { kind: 'absolute', year, month, day }, yearToken.span)
}

function dateError(p: Cursor, at: Span, message: string, help: string, suggestions: Suggestion[] = []): void {
  p.error('DSL050', message, at, { help, suggestions })
}

function pushStart(p: Cursor, intro: Token, first: Token, date: DateExpr, end: Span): void {
  p.clauses.push({ kind: 'start', date, span: joinSpan(intro.span, end), valueSpan: joinSpan(first.span, end) })
}

function impossibleHelp(year: number, month: number): string {
  if (month < 1 || month > 12) return 'months run 01-12; write the date as YYYY-MM-DD'
  return `${MONTH_NAMES[month - 1]} ${year} has ${daysInMonth(year, month)} days`
}

function slashDate(p: Cursor, intro: Token, t: Token): void {
  const [a, b, y] = t.text.split('/') as [string, string, string]
  const month = Number(a)
  const day = Number(b)
  if (y.length !== 4) {
    const guess = y.length === 2 ? 2000 + Number(y) : undefined
    const fix = guess !== undefined && isValidCivil(guess, month, day) ? isoText(guess, month, day) : undefined
    return dateError(p, t.span, `invalid date \`${t.text}\`: the year needs four digits`, fix ? `if you mean ${MONTH_NAMES[month - 1]} ${day}, ${guess}, write \`${fix}\`` : 'write the date as YYYY-MM-DD', fix ? [{ replacement: fix, span: t.span, applicability: 'maybe-incorrect' }] : [])
  }
  const year = Number(y)
  if (month > 12 && day <= 12 && isValidCivil(year, day, month)) {
    const fix = isoText(year, day, month)
    return dateError(p, t.span, `invalid date \`${t.text}\`: slash dates are month/day/year and there is no month ${month}`, `if you mean ${month} ${MONTH_NAMES[day - 1]} ${year}, write \`${fix}\``, [{ replacement: fix, span: t.span, applicability: 'maybe-incorrect' }])
  }
  if (!isValidCivil(year, month, day)) return dateError(p, t.span, `invalid date \`${t.text}\``, `${impossibleHelp(year, month)}; slash dates are month/day/year`)
  if (day <= 12 && day !== month) {
    const fix = isoText(year, month, day)
    p.warn('W101', 'warning', `\`${t.text}\` read as ${day} ${MONTH_NAMES[month - 1]} ${year} (month/day/year)`, t.span, {
      help: `write \`${fix}\` to silence this`,
      suggestions: [{ replacement: fix, span: t.span, applicability: 'machine-applicable' }],
    })
  }
  pushStart(p, intro, t, { kind: 'absolute', year, month, day }, t.span)
}
