import type { Span } from '../diagnostics/types.js'
import { choices, Cursor, joinSpan, span } from './cursor.js'
import type { Clause } from './syntax.js'
import { MERIDIEM_WORDS, TIME_WORDS } from './vocabulary.js'

/** The start time: `at 09:00`, `6:15pm`, `noon`, and its diagnostics (DSL012, DSL020-DSL023). */

export function atTime(p: Cursor): void {
  const at = p.tokens[p.i++]!
  const t = p.peek()
  if (!t || !(t.kind === 'time' || t.kind === 'int' || (t.kind === 'word' && (t.lower === 'noon' || t.lower === 'midday' || t.lower === 'midnight')))) {
    p.timeReported = true
    return p.error('DSL023', '`at` needs a start time', t ? t.span : span(at.span.end, at.span.end), {
      help: 'write the time with minutes: `at 09:00`, `at 6:15pm`, `at noon`',
    })
  }
  timeClause(p, at.span.start)
}

export function timeClause(p: Cursor, clauseStart: number): void {
  const value = timeValue(p)
  if (!value) return
  const clause: Clause = { kind: 'time', minutes: value.minutes, word: value.word, span: span(clauseStart, value.span.end), valueSpan: value.span }
  // `at 09:00 and 17:00`: a second time is a second schedule.
  const sep = p.peek()
  if (sep && (sep.kind === 'comma' || sep.kind === 'amp' || (sep.kind === 'word' && sep.lower === 'and'))) {
    let k = 1
    if (p.peek(k)?.kind === 'word' && p.peek(k)!.lower === 'at') k++
    const second = p.peek(k)
    if (second && (second.kind === 'time' || (second.kind === 'int' && p.isWord(p.peek(k + 1), MERIDIEM_WORDS)) || p.isWord(second, TIME_WORDS))) {
      p.i += k
      const secondValue = timeValue(p)
      const end = secondValue ? secondValue.span : second.span
      p.error('DSL012', 'a schedule has one start time', joinSpan(value.span, end), {
        help: 'write one schedule per start time, e.g. `daily at 09:00 UTC` and `daily at 17:00 UTC`',
      })
      p.timeReported = true
      return
    }
  }
  if (value.valid) p.clauses.push(clause)
  else p.timeReported = true
}

function timeValue(p: Cursor): { minutes: number; span: Span; word: 'midnight' | 'noon' | '12am' | undefined; valid: boolean } | undefined {
  const t = p.tokens[p.i++]!
  if (t.kind === 'word') {
    if (t.lower === 'midnight') return { minutes: 0, span: t.span, word: 'midnight', valid: true }
    return { minutes: 720, span: t.span, word: 'noon', valid: true }
  }
  if (t.kind === 'int') {
    const next = p.peek()
    if (p.isWord(next, MERIDIEM_WORDS)) {
      p.i++
      return hour12(p, Number(t.text), 0, next!.lower, joinSpan(t.span, next!.span), `${t.text}${next!.lower.replace(/\./g, '')}`)
    }
    let whole = t.span
    if (next?.kind === 'word' && (next.lower === "o'clock" || next.lower === 'oclock' || next.lower === 'h')) {
      p.i++
      whole = joinSpan(t.span, next.span)
    }
    const h = Number(t.text)
    // `0930`, `1700`: military-style times; the fix is the same digits with a colon.
    if (/^\d{3,4}$/.test(t.text) && whole === t.span && Number(t.text.slice(-2)) < 60 && Number(t.text.slice(0, -2)) < 24) {
      const fixed = `${t.text.slice(0, -2).padStart(2, '0')}:${t.text.slice(-2)}`
      return invalidTime(p, t.text, whole, 'hours and minutes are separated by a colon', [fixed])
    }
    const candidates = h >= 1 && h <= 12 ? [`${String(h).padStart(2, '0')}:00`, `${h}am`, `${h}pm`] : h >= 0 && h <= 23 ? [`${String(h).padStart(2, '0')}:00`] : []
    p.error('DSL021', `\`${p.sliceText(t.span, whole)}\` is a bare hour`, whole, {
      label: h >= 1 && h <= 12 ? 'morning or evening?' : 'minutes are required',
      help: candidates.length ? `write ${candidates.map((c) => `\`${c}\``).join(', ').replace(/, ([^,]*)$/, ' or $1')}` : 'write the time as HH:MM, 00:00-23:59',
      suggestions: candidates.map((replacement) => ({ replacement, span: whole, applicability: 'maybe-incorrect' as const })),
    })
    return { minutes: 0, span: whole, word: undefined, valid: false }
  }
  const dotted = /^(\d{1,2})\.(\d{2})$/.exec(t.text)
  if (dotted) {
    const ok = Number(dotted[1]) < 24 && Number(dotted[2]) < 60
    return invalidTime(p, t.text, t.span, 'hours and minutes are separated by a colon', ok ? [`${dotted[1]!.padStart(2, '0')}:${dotted[2]}`] : [])
  }
  // time token: H:MM[:SS][meridiem] or H[meridiem]
  const m = /^(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?(am|pm|a\.m\.?|p\.m\.?)?$/i.exec(t.text)!
  const hour = Number(m[1])
  const minute = m[2] === undefined ? 0 : Number(m[2])
  let meridiem = m[4]?.toLowerCase()
  let whole = t.span
  if (!meridiem && p.isWord(p.peek(), MERIDIEM_WORDS)) {
    meridiem = p.peek()!.lower
    whole = joinSpan(t.span, p.peek()!.span)
    p.i++
  }
  if (m[3] !== undefined) {
    const fixed = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}${meridiem ? meridiem.replace(/\./g, '') : ''}`
    p.error('DSL022', `seconds are not supported (\`${t.text}\`)`, whole, {
      label: 'schedules have minute precision',
      help: `write \`${fixed}\``,
      suggestions: [{ replacement: fixed, span: whole, applicability: 'machine-applicable' }],
    })
    return { minutes: 0, span: whole, word: undefined, valid: false }
  }
  if (m[2] !== undefined && m[2].length !== 2) return invalidTime(p, t.text, whole, 'minutes have two digits', [])
  if (meridiem) return hour12(p, hour, minute, meridiem, whole, t.text)
  if (hour === 24 && minute === 0) return invalidTime(p, t.text, whole, 'hours run 00-23', ['00:00'])
  if (hour > 23) return invalidTime(p, t.text, whole, 'hours run 00-23', [])
  if (minute > 59) return invalidTime(p, t.text, whole, 'minutes run 00-59', [])
  return { minutes: hour * 60 + minute, span: whole, word: undefined, valid: true }
}

function hour12(p: Cursor, hour: number, minute: number, meridiem: string, at: Span, written: string) {
  const pm = meridiem.startsWith('p')
  if (minute > 59) return invalidTime(p, written, at, 'minutes run 00-59', [])
  if (hour === 0) return invalidTime(p, written, at, '12-hour times run 1-12', [`${String(minute === 0 ? 0 : 0).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, `12${minute ? `:${String(minute).padStart(2, '0')}` : ''}${pm ? 'pm' : 'am'}`])
  if (hour > 12) {
    const h24 = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
    const options = hour <= 23 ? [h24, `${hour - 12}${minute ? `:${String(minute).padStart(2, '0')}` : ''}pm`] : []
    return invalidTime(p, written, at, '12-hour times run 1-12', options)
  }
  const h24 = (hour % 12) + (pm ? 12 : 0)
  return { minutes: h24 * 60 + minute, span: at, word: hour === 12 && !pm && minute === 0 ? ('12am' as const) : undefined, valid: true }
}

function invalidTime(p: Cursor, written: string, at: Span, label: string, fixes: string[]) {
  p.error('DSL020', `invalid time \`${written}\``, at, {
    label,
    help: fixes.length ? `did you mean ${fixes.map((f) => `\`${f}\``).join(' or ')}?` : 'write a time from 00:00 to 23:59, or 1-12 with am/pm',
    suggestions: choices(fixes, at),
  })
  return { minutes: 0, span: at, word: undefined, valid: false }
}
