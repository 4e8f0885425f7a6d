import type { Span } from '../diagnostics/types.js'
import { editDistance } from '../suggest/distance.js'
import { cachedClosest, choices, Cursor, joinSpan, span } from './cursor.js'
import type { Token } from './lexer.js'
import type { DayItem, DaySet } from './syntax.js'
import type { Day } from './types.js'
import { CLAUSE_WORDS, DAY_FULL_NAMES, DAY_WORDS, FOREIGN_DAY_WORDS, GROUP_WORDS, HOLIDAY_TAIL_WORDS, HOLIDAY_WORDS, KEYWORDS, RANGE_WORDS } from './vocabulary.js'

/** Day lists: names, ranges (Monday first), groups, `except`, and the day-name diagnostics (DSL030-DSL035). */

/** Monday-first positions, so ranges run MON..SUN like systemd (`sat-sun` is the weekend). */
const MONDAY_FIRST: readonly Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']
const FULL_DAY_NAMES = Object.values(DAY_FULL_NAMES).map((d) => d.toLowerCase())
const DAY_SPELLINGS = [...DAY_WORDS.keys()].filter((w) => w.length >= 6 || !w.endsWith('s'))
const nearDayCache = new Map<string, boolean>()

export function holidays(p: Cursor, t: Token): void {
  let end = t.span
  // `business days`, `workdays except holidays`: take the whole phrase so one message covers it.
  while (p.isWord(p.peek(), HOLIDAY_TAIL_WORDS)) end = p.tokens[p.i++]!.span
  const at = p.tokens.indexOf(t)
  const except = p.tokens[at - 1]
  const before = p.tokens[at - 2]
  if (except?.kind === 'word' && except.lower === 'except' && before) {
    // `daily except holidays`: the days the user meant are the ones before `except`; dropping the exception keeps
    // them. Offering `weekdays` here would read as `daily except weekdays`, i.e. SUN and SAT only.
    const dropped = span(before.span.end, end.end)
    p.error('DSL035', 'holidays cannot be excluded from a Qualys schedule', joinSpan(except.span, end), {
      help: `remove \`${p.sliceText(except.span, end)}\`; skip holidays by pausing the scan in Qualys`,
      suggestions: [{ replacement: '', span: dropped, applicability: 'machine-applicable' }],
    })
    return
  }
  p.recurrenceReported = true
  p.error('DSL035', 'holidays cannot be excluded from a Qualys schedule', joinSpan(t.span, end), {
    help: '`weekdays` means MON-FRI; skip holidays by pausing the scan in Qualys',
    suggestions: [{ replacement: 'weekdays', span: joinSpan(t.span, end), applicability: 'maybe-incorrect' }],
  })
}

export function expectedDays(p: Cursor, after: Span, what: string): void {
  const t = p.peek()
  p.error('DSL030', t ? `expected a day name after ${what}, found \`${t.text}\`` : `expected a day name after ${what}`, t ? t.span : span(after.end, after.end), {
    help: 'name days in English: `mon`, `tuesday`, `weekdays`, `sat-sun`',
  })
}

export function nearDayWord(_p: Cursor, t: Token): boolean {
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
export function startsDayItem(_p: Cursor, t: Token, numericAllowed: boolean): boolean {
  if (t.kind === 'int') return numericAllowed
  if (t.kind !== 'word') return false
  return DAY_WORDS.has(t.lower) || GROUP_WORDS.has(t.lower) || FOREIGN_DAY_WORDS.has(t.lower) || HOLIDAY_WORDS.has(t.lower)
}

export function daySet(p: Cursor, numericAllowed = false): DaySet | undefined {
  const items = dayItems(p, numericAllowed)
  if (!items) return undefined
  let except: DayItem[] = []
  let end = items[items.length - 1]!.span
  if (p.peekWord('except')) {
    const exceptToken = p.tokens[p.i++]!
    const ex = dayItems(p, numericAllowed)
    if (ex) {
      except = ex
      end = ex[ex.length - 1]!.span
    } else {
      expectedDays(p, exceptToken.span, '`except`')
      end = exceptToken.span
    }
  }
  return { items, except, span: joinSpan(items[0]!.span, end) }
}

export function dayItems(p: Cursor, numericAllowed: boolean): DayItem[] | undefined {
  const first = dayItem(p, numericAllowed)
  if (!first) return undefined
  const items = [first]
  for (;;) {
    // A separator joins only when a day follows it; `and` before `at` belongs to someone else.
    let k = 0
    const sep = p.peek()
    if (!sep) break
    if (sep.kind === 'comma' || sep.kind === 'amp' || (sep.kind === 'word' && sep.lower === 'and')) k = 1
    // `mon wed fri`: day names side by side are a list too (only real day names, never near-misses).
    else if (sep.kind === 'word' && (DAY_WORDS.has(sep.lower) || GROUP_WORDS.has(sep.lower))) k = 0
    else break
    if (sep.kind === 'comma' && p.peek(1)?.kind === 'word' && p.peek(1)!.lower === 'and') k = 2
    const next = p.peek(k)
    if (!next || !(startsDayItem(p, next, numericAllowed) || (next.kind === 'word' && nearDayWord(p, next)))) break
    p.i += k
    const item = dayItem(p, numericAllowed)
    if (!item) break
    items.push(item)
  }
  return items
}

function dayItem(p: Cursor, numericAllowed: boolean): DayItem | undefined {
  const t = p.peek()
  if (!t) return undefined
  if (t.kind === 'int') {
    if (!numericAllowed) return undefined
    // Take the whole numeric list (`1,3,5`) so one message covers it.
    let end = t.span
    p.i++
    while (p.peek()?.kind === 'comma' && p.peek(1)?.kind === 'int') {
      end = p.peek(1)!.span
      p.i += 2
    }
    p.error('DSL032', 'numeric days are ambiguous', joinSpan(t.span, end), {
      help: 'cron counts 0 (and 7) as Sunday, later.js counts 1 as Sunday; name the days: `mon`, `wed`',
    })
    return { days: [], span: joinSpan(t.span, end), reported: true }
  }
  if (t.kind !== 'word') return undefined
  const group = GROUP_WORDS.get(t.lower)
  if (group) {
    p.i++
    return { days: group, span: t.span }
  }
  if (HOLIDAY_WORDS.has(t.lower)) {
    holidays(p, p.tokens[p.i++]!)
    return { days: [], span: t.span, reported: true }
  }
  const day = dayName(p, t)
  if (day === undefined) return undefined
  p.i++
  const sep = p.peek()
  const isSep = sep && (sep.kind === 'dash' || sep.kind === 'dots' || (sep.kind === 'word' && RANGE_WORDS.has(sep.lower)))
  if (!isSep) return day ? { days: [day], span: t.span } : { days: [], span: t.span, reported: true }
  const endToken = p.peek(1)
  const endDay = endToken?.kind === 'word' ? dayName(p, endToken) : undefined
  if (endDay === undefined) {
    p.i++
    p.error('DSL030', endToken ? `expected a day name to end the range, found \`${endToken.text}\`` : 'expected a day name to end the range', endToken?.span ?? span(sep.span.end, sep.span.end), {
      help: 'a range names two days: `mon-fri`, `sat..sun`, `tue to thu`',
    })
    return { days: day ? [day] : [], span: t.span, reported: true }
  }
  p.i += 2
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
    p.error('DSL031', `the range \`${p.sliceText(t.span, endToken!.span).replace(/ /g, '')}\` runs backwards`, whole, {
      label: 'weeks run MON..SUN',
      help: `for ${wrapped.map((d) => d.toLowerCase()).join(', ')} write \`${replacement}\``,
      suggestions: [{ replacement, span: whole, applicability: 'machine-applicable' }],
    })
    return { days: wrapped, span: whole }
  }
  return { days: MONDAY_FIRST.slice(from, to + 1), span: whole }
}

/** The day a word names; `null` when it is a reported non-English or misspelled day; undefined when not a day. */
function dayName(p: Cursor, t: Token): Day | null | undefined {
  const day = DAY_WORDS.get(t.lower)
  if (day) return day
  const foreign = FOREIGN_DAY_WORDS.get(t.lower)
  if (foreign) {
    const english = DAY_FULL_NAMES[foreign].toLowerCase()
    p.error('DSL030', `unknown day name \`${t.text}\``, t.span, {
      label: 'day names are English',
      help: `\`${t.text}\` is \`${english}\``,
      suggestions: [{ replacement: english, span: t.span, applicability: 'machine-applicable' }],
    })
    return null
  }
  if (nearDayWord(p, t)) {
    const close = cachedClosest(t.lower, FULL_DAY_NAMES, 'day')
    const shortClose = cachedClosest(t.lower, DAY_SPELLINGS, 'spelling').map((w) => DAY_FULL_NAMES[DAY_WORDS.get(w)!].toLowerCase())
    const names = [...new Set([...close, ...shortClose])].slice(0, 4)
    p.error('DSL030', `unknown day name \`${t.text}\``, t.span, {
      help: names.length ? `did you mean ${names.map((n) => `\`${n}\``).join(' or ')}?` : 'day names are English: `mon`..`sun` or `monday`..`sunday`',
      suggestions: choices(names, t.span),
    })
    return null
  }
  return undefined
}
