import type { Diagnostic, DiagnosticData, Span } from '../diagnostics/types.js'
import { civilFromDays, DAY_MS, daysFromCivil, formatMinutes, isoDate, MINUTE_MS, qualysDate, weekdayOfDays } from './calendar.js'
import { detectCron } from './cron.js'
import { dstFindings, utcToLocal } from './dst.js'
import { codePointName, INVISIBLE, INVISIBLE_NAMES, normalize, tokenize, type NormalizedText } from './lexer.js'
import { Parser, type ParseResult } from './parser.js'
import type { Clause, ClauseKind, DayItem, DaySet } from './syntax.js'
import { DAYS, type CompileScheduleOptions, type CompileScheduleResult, type Day, type Schedule } from './types.js'
import { lookupZone, suggestZones, zoneInfo, type ZoneInfo } from './zones.js'

const ALL_DAYS_MASK = 0b1111111
const CLAUSE_NAMES: Record<ClauseKind, string> = {
  recurrence: 'the recurrence',
  'on-days': 'the days',
  time: 'the start time',
  zone: 'the time zone',
  start: 'the start date',
  name: 'the prefix',
  profile: 'the option profile',
}

/**
 * Compiles a plain-language schedule (design: schedule-language.md) into the Qualys CPS schedule fields, or
 * diagnostics. Pure and synchronous: `now` is injected, nothing reads the clock, and no string makes it throw.
 */
export function compileSchedule(text: string, options: CompileScheduleOptions): CompileScheduleResult {
  try {
    return compile(text, options)
  } catch (error) {
    // A compiler bug must still give the caller a result; the fuzz tests assert this never happens.
    const length = typeof text === 'string' ? text.length : 0
    return {
      ok: false,
      diagnostics: [{ code: 'DSL999', severity: 'error', message: `internal compiler error: ${(error as Error)?.message ?? String(error)}`, span: { start: 0, end: length }, help: 'please report this phrase to the scanplan maintainers', suggestions: [] }],
    }
  }
}

type ClauseOf<K extends ClauseKind> = Extract<Clause, { kind: K }>

/** The first clause of each kind; a second one is DSL060 with both places marked. */
interface Clauses {
  recurrence?: ClauseOf<'recurrence'>
  onDays?: ClauseOf<'on-days'>
  time?: ClauseOf<'time'>
  zone?: ClauseOf<'zone'>
  start?: ClauseOf<'start'>
  name?: ClauseOf<'name'>
  profile?: ClauseOf<'profile'>
}

/** What each step reads: the phrase, the options, the end of the phrase (for "missing ..." carets), the findings. */
interface Step {
  text: string
  options: CompileScheduleOptions
  nowMs: number
  end: Span
  diagnostics: Diagnostic[]
}

function compile(text: string, options: CompileScheduleOptions): CompileScheduleResult {
  if (typeof text !== 'string') {
    return { ok: false, diagnostics: [{ code: 'DSL001', severity: 'error', message: 'a schedule must be text', span: { start: 0, end: 0 }, suggestions: [] }] }
  }
  const normalized = normalize(text)
  const cron = detectCron(normalized.text)
  if (cron) return { ok: false, diagnostics: present(withInvisible(normalized, mapSpans([cron], normalized))) }
  const nowMs = options?.now instanceof Date ? options.now.getTime() : Number.NaN
  const parsed = new Parser(tokenize(normalized.text), normalized.text.length, nowMs, options?.readDate).parse()
  const step: Step = { text: normalized.text, options, nowMs, end: { start: normalized.text.length, end: normalized.text.length }, diagnostics: parsed.diagnostics }

  const clauses = firstClauses(parsed.clauses, step)
  const days = resolveDays(clauses, parsed, step)
  if (!clauses.time && !parsed.timeReported) {
    step.diagnostics.push({ code: 'DSL023', severity: 'error', message: 'missing the start time', span: step.end, help: 'add the time with minutes, e.g. `at 09:00` or `at 6:15pm`', suggestions: [{ replacement: ' at 09:00', span: step.end, applicability: 'has-placeholders' }] })
  }
  const zone = resolveZone(clauses, parsed, step)
  const startDays = zone ? resolveStartDate(clauses, zone, step) : undefined

  const { time } = clauses
  if (containsError(step.diagnostics) || days.mask === undefined || !time || !zone) {
    return { ok: false, diagnostics: present(sortDiagnostics(withInvisible(normalized, mapSpans(ensureError(step.diagnostics, step.end), normalized)))) }
  }
  const daily = days.mask === ALL_DAYS_MASK
  scheduleNotes(clauses, time, daily, days.span!, step)
  dstDiagnostics(clauses, time, zone, days.mask, startDays, step)

  const sorted = present(sortDiagnostics(withInvisible(normalized, mapSpans(step.diagnostics, normalized))))
  if (containsError(sorted)) return { ok: false, diagnostics: sorted }
  const mask = days.mask
  const schedule: Schedule = {
    recurrence: daily ? 'DAILY' : 'WEEKLY',
    daysOfWeek: daily ? [] : DAYS.filter((_, i) => (mask & (1 << i)) !== 0),
    startTime: formatMinutes(time.minutes),
    timezone: zone.name,
    startDate: startDays === undefined ? null : qualysDate(civilFromDays(startDays)),
    prefix: clauses.name ? clauses.name.label : null,
    profile: clauses.profile ? clauses.profile.profile : null,
  }
  return { ok: true, schedule, diagnostics: sorted }
}

/** Where each clause kind is kept in `Clauses`. */
const CLAUSE_KEYS = { recurrence: 'recurrence', 'on-days': 'onDays', time: 'time', zone: 'zone', start: 'start', name: 'name', profile: 'profile' } as const satisfies Record<ClauseKind, keyof Clauses>

function firstClauses(all: Clause[], step: Step): Clauses {
  // A plain record, no Map or closures: this runs for every phrase (measured in `pnpm bench:schedule`).
  const clauses: Record<string, Clause> = {}
  for (const clause of all) {
    const key = CLAUSE_KEYS[clause.kind]
    const earlier = clauses[key]
    if (earlier) step.diagnostics.push(conflict(clause, earlier, `${CLAUSE_NAMES[clause.kind]} is given twice`))
    else clauses[key] = clause
  }
  return clauses as Clauses
}

/** The scheduled weekdays as a bit mask (bit d = weekday d, 0 = Sunday), and the words that named them. */
function resolveDays(clauses: Clauses, parsed: ParseResult, step: Step): { mask?: number; span?: Span } {
  const { recurrence, onDays } = clauses
  const diagnostics = step.diagnostics
  let mask: number | undefined
  let span: Span | undefined
  if (recurrence?.form === 'days' && onDays) {
    diagnostics.push(conflict(onDays, recurrence, 'the days are given twice'))
  } else if (recurrence?.form === 'weekly' && !onDays) {
    const written = step.text.slice(recurrence.span.start, recurrence.span.end)
    diagnostics.push({
      code: 'DSL034',
      severity: 'error',
      message: 'a weekly schedule needs its days',
      span: recurrence.span,
      help: `name the days, e.g. \`${written} on mon\``,
      suggestions: [{ replacement: `${written} on mon`, span: recurrence.span, applicability: 'has-placeholders' }],
    })
  } else if (recurrence?.form === 'daily') {
    const set = onDays ? daySetMask(onDays.days.items, onDays.days.except, diagnostics) : ALL_DAYS_MASK
    mask = set & ~itemsMask(recurrence.except)
    span = onDays ? onDays.days.span : recurrence.span
  } else if (recurrence?.form === 'days' || onDays) {
    const set = recurrence?.form === 'days' ? recurrence.days : onDays!.days
    mask = daySetMask(set.items, set.except, diagnostics)
    span = set.span
  } else if (!recurrence && !parsed.recurrenceReported) {
    diagnostics.push({
      code: 'DSL036',
      severity: 'error',
      message: 'missing the days the scan runs',
      span: step.end,
      help: 'say `daily`, `weekly on mon,wed`, `weekdays` or `every friday`',
      suggestions: [],
    })
  }
  const dayErrors = hasReportedItem(recurrence?.form === 'days' ? recurrence.days : undefined) || hasReportedItem(onDays?.days)
  if (mask === 0 && span && !dayErrors) {
    diagnostics.push({ code: 'DSL033', severity: 'error', message: 'no days are left', span, label: 'every listed day is excepted', help: 'remove the `except` part or list other days', suggestions: [] })
  }
  const days: { mask?: number; span?: Span } = {}
  if (mask !== undefined) days.mask = mask
  if (span) days.span = span
  return days
}

/** The zone the phrase names (W102 for an alias), else the caller's default zone, else DSL043. */
function resolveZone(clauses: Clauses, parsed: ParseResult, step: Step): ZoneInfo | undefined {
  const zoneClause = clauses.zone
  if (zoneClause) {
    if (zoneClause.canonical !== 'UTC' && zoneClause.canonical !== zoneClause.spelled) {
      step.diagnostics.push({
        code: 'W102',
        severity: 'note',
        message: `\`${zoneClause.written}\` is an alias of \`${zoneClause.canonical}\``,
        span: zoneClause.valueSpan,
        help: `the schedule uses the canonical name \`${zoneClause.canonical}\``,
        suggestions: [{ replacement: zoneClause.canonical, span: zoneClause.valueSpan, applicability: 'machine-applicable' }],
      })
    }
    const posix = /^Etc\/GMT([+-])(\d{1,2})$/.exec(zoneClause.canonical)
    if (posix) {
      // POSIX TZ signs count hours WEST of Greenwich, the opposite of how people write offsets.
      const real = `UTC${posix[1] === '-' ? '+' : '-'}${posix[2]!.padStart(2, '0')}:00`
      step.diagnostics.push({
        code: 'W109',
        severity: 'warning',
        message: `\`${zoneClause.written}\` is ${real}: POSIX inverts the sign`,
        span: zoneClause.valueSpan,
        label: `${real} all year, without daylight saving time`,
        help: `keep it if you mean ${real}; to follow a place's clock, name the place (e.g. \`Asia/Karachi\`)`,
        suggestions: [],
      })
    }
    return zoneInfo(zoneClause.canonical)
  }
  if (parsed.zoneReported) return undefined
  const defaultZone = step.options?.defaultZone
  if (defaultZone === undefined) {
    step.diagnostics.push({ code: 'DSL043', severity: 'error', message: 'missing the time zone', span: step.end, help: 'name the zone the time is in, e.g. `Asia/Colombo`, `America/New_York` or `UTC`', suggestions: [] })
    return undefined
  }
  const found = lookupZone(defaultZone)
  if (found) return zoneInfo(found.canonical)
  const close = suggestZones(defaultZone)
  step.diagnostics.push({
    code: 'DSL040',
    severity: 'error',
    message: `unknown default time zone \`${defaultZone}\``,
    span: step.end,
    help: close.length ? `did you mean ${close.map((z) => `\`${z}\``).join(' or ')}?` : 'name an IANA zone such as `Europe/Berlin` or `UTC`',
    suggestions: [],
  })
  return undefined
}

/** The start date as days since 1970-01-01; relative dates resolve in the schedule's zone against `now`. */
function resolveStartDate(clauses: Clauses, zone: ZoneInfo, step: Step): number | undefined {
  const { start } = clauses
  if (!start) return undefined
  const { nowMs } = step
  let startDays: number | undefined
  if (start.date.kind === 'absolute') startDays = daysFromCivil(start.date.year, start.date.month, start.date.day)
  else if (Number.isFinite(nowMs)) {
    const today = Math.floor(utcToLocal(zone, nowMs) / DAY_MS)
    if (start.date.kind === 'today') startDays = today
    else if (start.date.kind === 'tomorrow') startDays = today + 1
    else if (start.date.kind === 'free') {
      // Read again against today in the schedule's zone; the parser only knew the UTC date.
      const civil = civilFromDays(today)
      const reading = step.options.readDate?.(start.date.text, civil)?.readings[0]
      if (reading) startDays = daysFromCivil(reading.year, reading.month, reading.day)
    }
    else startDays = today + 1 + ((start.date.weekday - weekdayOfDays(today + 1) + 7) % 7)
  } else {
    step.diagnostics.push({ code: 'DSL050', severity: 'error', message: 'a relative date needs the current date', span: start.valueSpan, help: 'write the date as YYYY-MM-DD', suggestions: [] })
  }
  if (startDays !== undefined && Number.isFinite(nowMs) && startDays < Math.floor(utcToLocal(zone, nowMs) / DAY_MS)) {
    step.diagnostics.push({
      code: 'W108',
      severity: 'warning',
      message: `the start date ${isoDate(civilFromDays(startDays))} is in the past`,
      span: start.valueSpan,
      help: 'the scan starts on the next matching day; write a future date or drop the start date',
      suggestions: [],
    })
  }
  return startDays
}

/** Notes on a schedule that compiles: seven listed days (W107), midnight on a weekly schedule (W106). */
function scheduleNotes(clauses: Clauses, time: ClauseOf<'time'>, daily: boolean, daysSpan: Span, step: Step): void {
  if (daily && clauses.recurrence?.form !== 'daily') {
    step.diagnostics.push({ code: 'W107', severity: 'note', message: 'all seven days are listed: this is a daily schedule', span: daysSpan, help: 'write `daily` for the same schedule', suggestions: [] })
  }
  if (!daily && (time.word === 'midnight' || time.word === '12am')) {
    step.diagnostics.push({
      code: 'W106',
      severity: 'note',
      message: 'midnight is 00:00 at the start of each listed day',
      span: time.valueSpan,
      help: 'on a weekly schedule, `on fri at midnight` runs as Thursday night turns into Friday',
      suggestions: [],
    })
  }
}

/**
 * The runs of the coming year (from the start date, or now) that a DST transition skips (W103, or DSL052 for the
 * first run of an explicit start date) or repeats (W104), each with the transition as data.
 */
function dstDiagnostics(clauses: Clauses, time: ClauseOf<'time'>, zone: ZoneInfo, mask: number, startDays: number | undefined, step: Step): void {
  const dstFrom = startDays !== undefined ? startDays * DAY_MS - 14 * 60 * MINUTE_MS : step.nowMs
  if (!Number.isFinite(dstFrom)) return
  const findings = dstFindings(zone, mask, time.minutes, dstFrom, dstFrom + 366 * DAY_MS, startDays)
  if (findings.length === 0) return
  const firstRunDay = startDays === undefined ? undefined : firstMatchingDay(startDays, mask)
  const zoneName = zone.name
  const related = clauses.zone ? { related: [{ span: clauses.zone.valueSpan, label: 'in this zone' }] } : {}
  for (const f of findings) {
    const date = isoDate(civilFromDays(f.day))
    const interval = { from: formatMinutes(localMinutes(f.from)), to: formatMinutes(localMinutes(f.to - MINUTE_MS)) }
    const range = `${interval.from}-${interval.to}`
    const at = formatMinutes(time.minutes)
    const firstRun = f.kind === 'gap' && f.day === firstRunDay
    const data: DiagnosticData = {
      kind: f.kind === 'gap' ? 'dst-gap' : 'dst-overlap',
      zone: zoneName,
      date,
      time: at,
      interval,
      transition: new Date(f.at).toISOString(),
      offsetBefore: f.offsetBefore,
      offsetAfter: f.offsetAfter,
      firstRun,
    }
    if (f.kind === 'overlap') {
      step.diagnostics.push({
        code: 'W104',
        severity: 'warning',
        message: `${at} happens twice in ${zoneName} on ${date} (${range} is repeated when clocks go back)`,
        span: time.valueSpan,
        label: 'repeated on that day',
        help: 'the scan runs once; which instance depends on the scanner. Pick a time outside the repeated hour to be sure',
        suggestions: [],
        data,
        ...related,
      })
    } else if (firstRun) {
      step.diagnostics.push({
        code: 'DSL052',
        severity: 'error',
        message: `${at} does not exist in ${zoneName} on ${date}, the first run`,
        span: time.valueSpan,
        label: `${range} is skipped when clocks go forward`,
        help: 'pick a time outside the skipped interval, or another start date',
        suggestions: [],
        data,
        ...related,
      })
    } else {
      step.diagnostics.push({
        code: 'W103',
        severity: step.options.strict ? 'error' : 'warning',
        message: `${at} does not exist in ${zoneName} on ${date} (${range} is skipped when clocks go forward)`,
        span: time.valueSpan,
        label: 'missing on that day',
        help: `that run moves forward by the gap, as Qualys does; pick a time outside ${range} to avoid it`,
        suggestions: [],
        data,
        ...related,
      })
    }
  }
}

/** The most diagnostics one phrase reports; the rest are counted in a last note (a 10 KB paste is not 1,460 errors). */
const MAX_DIAGNOSTICS = 10
/** Longer quoted text in a message is cut: the caret already shows the user's own words. */
const MAX_QUOTED = 40

/**
 * The diagnostics as the user sees them: at most MAX_DIAGNOSTICS and a DSL002 summary, long quoted tokens cut, and
 * invisible characters in messages named by code point instead of printed raw (a BEL rings, an RLM reorders the
 * terminal line). One place, so that no message writer has to remember it.
 */
function present(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length === 0) return diagnostics
  let shown = diagnostics
  if (diagnostics.length > MAX_DIAGNOSTICS) {
    const kept = diagnostics.slice(0, MAX_DIAGNOSTICS)
    const rest = diagnostics.slice(MAX_DIAGNOSTICS)
    const errors = rest.filter((d) => d.severity === 'error').length
    const last = rest[rest.length - 1]!
    kept.push({
      code: 'DSL002',
      severity: kept.some((d) => d.severity === 'error') || errors === 0 ? 'note' : 'error',
      message: `${rest.length} more problems not shown (${errors} error${errors === 1 ? '' : 's'})`,
      span: { start: rest[0]!.span.start, end: Math.max(rest[0]!.span.start, last.span.end) },
      label: 'and more in here',
      help: 'fix the problems above first; the phrase is probably not a schedule phrase',
      suggestions: [],
    })
    shown = kept
  }
  return shown.map((d) => {
    const message = readable(d.message)
    const help = d.help === undefined ? undefined : readable(d.help)
    const label = d.label === undefined ? undefined : readable(d.label)
    if (message === d.message && help === d.help && label === d.label) return d
    return { ...d, message, ...(help !== undefined ? { help } : {}), ...(label !== undefined ? { label } : {}) }
  })
}

const INVISIBLE_GLOBAL = new RegExp(INVISIBLE.source, 'g')

/**
 * Whether `readable` may have to rewrite the text: a quoted token longer than MAX_QUOTED (two backticks with more
 * than MAX_QUOTED others between), or any character outside printable ASCII (where the invisible ones are). One
 * pass over the characters: this runs on every message, help and label, and a regex test here cost 3 % of a compile.
 */
function mayBeUnreadable(text: string): boolean {
  let lastTick = -1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 96) {
      if (lastTick >= 0 && i - lastTick - 1 > MAX_QUOTED) return true
      lastTick = i
    } else if (c < 0x20 || c > 0x7e) return true
  }
  return false
}

function readable(text: string): string {
  if (!mayBeUnreadable(text)) return text
  let out = text.replace(/`([^`]{41,})`/g, (_, quoted: string) => `\`${[...quoted].slice(0, MAX_QUOTED - 8).join('')}…\``)
  if (INVISIBLE.test(out)) out = out.replace(INVISIBLE_GLOBAL, (ch) => codePointName(ch.codePointAt(0)!))
  return out
}

/** The phrase's findings with a DSL001 for each invisible character first (most phrases have none: no copy then). */
function withInvisible(normalized: NormalizedText, diagnostics: Diagnostic[]): Diagnostic[] {
  return normalized.invisible.length === 0 ? diagnostics : [...invisibleCharacters(normalized), ...diagnostics]
}

/** One DSL001 per invisible character, at its place in the original text, with the fix that removes it. */
function invisibleCharacters(normalized: NormalizedText): Diagnostic[] {
  return normalized.invisible.map(({ offset, codePoint }) => {
    const width = codePoint > 0xffff ? 2 : 1
    const at = { start: offset, end: offset + width }
    const name = INVISIBLE_NAMES[codePoint]
    return {
      code: 'DSL001' as const,
      severity: 'error' as const,
      message: `invisible character ${codePointName(codePoint)}${name ? ` (${name})` : ''}`,
      span: at,
      label: 'an invisible character is here',
      help: 'delete it: it shows as nothing, and may change how the phrase is displayed',
      suggestions: [{ replacement: '', span: at, applicability: 'machine-applicable' as const }],
    }
  })
}

function containsError(diagnostics: Diagnostic[]): boolean {
  for (const d of diagnostics) if (d.severity === 'error') return true
  return false
}

function hasReportedItem(set: DaySet | undefined): boolean {
  if (!set) return false
  for (const item of set.items) if (item.reported) return true
  for (const item of set.except) if (item.reported) return true
  return false
}

function localMinutes(localMs: number): number {
  return Math.floor((((localMs % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS)
}

function firstMatchingDay(from: number, mask: number): number {
  for (let d = from; d < from + 7; d++) if ((mask & (1 << weekdayOfDays(d))) !== 0) return d
  return from
}

function itemsMask(items: DayItem[]): number {
  let mask = 0
  for (const item of items) for (const d of item.days) mask |= 1 << DAYS.indexOf(d)
  return mask
}

/** The days of a day set, with W105 for days listed more than once. */
function daySetMask(items: DayItem[], except: DayItem[], diagnostics: Diagnostic[]): number {
  let mask = 0
  for (const item of items) {
    const repeated: Day[] = []
    for (const d of item.days) {
      const bit = 1 << DAYS.indexOf(d)
      if ((mask & bit) !== 0) repeated.push(d)
      mask |= bit
    }
    if (repeated.length > 0) {
      diagnostics.push({
        code: 'W105',
        severity: 'warning',
        message: `${repeated.join(', ')} ${repeated.length === 1 ? 'is' : 'are'} listed more than once`,
        span: item.span,
        label: 'already listed',
        help: 'each day runs once; the duplicate is ignored',
        suggestions: [],
      })
    }
  }
  return mask & ~itemsMask(except)
}

function conflict(second: Clause, first: Clause, message: string): Diagnostic {
  return {
    code: 'DSL060',
    severity: 'error',
    message,
    span: second.span,
    label: 'given again here',
    help: 'keep one of the two',
    suggestions: [],
    related: [{ span: first.span, label: 'first given here' }],
  }
}

/** A failed compile always carries an error, even when only a missing part could be said. */
function ensureError(diagnostics: Diagnostic[], end: Span): Diagnostic[] {
  if (diagnostics.some((d) => d.severity === 'error')) return diagnostics
  return [...diagnostics, { code: 'DSL036', severity: 'error', message: 'the schedule is incomplete', span: end, suggestions: [] }]
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length < 2) return diagnostics
  let inOrder = true
  for (let i = 1; i < diagnostics.length && inOrder; i++) inOrder = diagnostics[i - 1]!.span.start <= diagnostics[i]!.span.start
  if (inOrder) return diagnostics
  return diagnostics.map((d, i) => [d, i] as const).sort((a, b) => a[0].span.start - b[0].span.start || a[1] - b[1]).map(([d]) => d)
}

function mapSpans(diagnostics: Diagnostic[], normalized: NormalizedText): Diagnostic[] {
  const origin = normalized.origin
  if (!origin) return diagnostics
  const map = (s: Span): Span => {
    const start = origin[s.start] ?? s.start
    return s.end <= s.start ? { start, end: start } : { start, end: origin[s.end - 1]! + endWidth(origin, s.end) }
  }
  return diagnostics.map((d) => ({
    ...d,
    span: map(d.span),
    suggestions: d.suggestions.map((s) => ({ ...s, span: map(s.span) })),
    ...(d.related ? { related: d.related.map((r) => ({ ...r, span: map(r.span) })) } : {}),
  }))
}

/** How many original code units the normalized unit before `end` came from. */
function endWidth(origin: number[], end: number): number {
  const here = origin[end - 1]!
  // Several normalized units can come from one original character (NFKC `ﬁ` -> `fi`): skip to its end.
  let k = end
  while (k < origin.length - 1 && origin[k] === here) k++
  return origin[k]! - here
}
