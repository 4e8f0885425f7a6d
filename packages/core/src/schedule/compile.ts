import type { Diagnostic, Span } from '../diagnostics/types.js'
import { civilFromDays, DAY_MS, daysFromCivil, formatMinutes, isoDate, MINUTE_MS, qualysDate, weekdayOfDays } from './calendar.js'
import { detectCron } from './cron.js'
import { dstFindings, utcToLocal } from './dst.js'
import { normalize, tokenize, type NormalizedText } from './lexer.js'
import { Parser } from './parser.js'
import type { Clause, ClauseKind, DayItem, DaySet } from './syntax.js'
import { DAYS, type CompileScheduleOptions, type CompileScheduleResult, type Day, type Schedule } from './types.js'
import { lookupZone, suggestZones, zoneInfo } from './zones.js'

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

function compile(text: string, options: CompileScheduleOptions): CompileScheduleResult {
  if (typeof text !== 'string') {
    return { ok: false, diagnostics: [{ code: 'DSL001', severity: 'error', message: 'a schedule must be text', span: { start: 0, end: 0 }, suggestions: [] }] }
  }
  const nowMs = options?.now instanceof Date ? options.now.getTime() : Number.NaN
  const normalized = normalize(text)
  const cron = detectCron(normalized.text)
  if (cron) return { ok: false, diagnostics: mapSpans([cron], normalized) }
  const tokens = tokenize(normalized.text)
  const parsed = new Parser(tokens, normalized.text.length, nowMs).parse()
  const diagnostics = parsed.diagnostics
  const end: Span = { start: normalized.text.length, end: normalized.text.length }

  const first = new Map<ClauseKind, Clause>()
  for (const clause of parsed.clauses) {
    const earlier = first.get(clause.kind)
    if (earlier) {
      diagnostics.push(conflict(clause, earlier, `${CLAUSE_NAMES[clause.kind]} is given twice`))
      continue
    }
    first.set(clause.kind, clause)
  }
  const recurrence = first.get('recurrence') as Extract<Clause, { kind: 'recurrence' }> | undefined
  const onDays = first.get('on-days') as Extract<Clause, { kind: 'on-days' }> | undefined
  const time = first.get('time') as Extract<Clause, { kind: 'time' }> | undefined
  const zoneClause = first.get('zone') as Extract<Clause, { kind: 'zone' }> | undefined
  const start = first.get('start') as Extract<Clause, { kind: 'start' }> | undefined

  // ---- days
  let mask: number | undefined
  let daysSpan: Span | undefined
  if (recurrence?.form === 'days' && onDays) {
    diagnostics.push(conflict(onDays, recurrence, 'the days are given twice'))
  } else if (recurrence?.form === 'weekly' && !onDays) {
    diagnostics.push({
      code: 'DSL034',
      severity: 'error',
      message: 'a weekly schedule needs its days',
      span: recurrence.span,
      help: `name the days, e.g. \`${normalized.text.slice(recurrence.span.start, recurrence.span.end)} on mon\``,
      suggestions: [{ replacement: `${normalized.text.slice(recurrence.span.start, recurrence.span.end)} on mon`, span: recurrence.span }],
    })
  } else if (recurrence?.form === 'daily') {
    const set = onDays ? daySetMask(onDays.days.items, onDays.days.except, diagnostics) : ALL_DAYS_MASK
    mask = set & ~itemsMask(recurrence.except)
    daysSpan = onDays ? onDays.days.span : recurrence.span
  } else if (recurrence?.form === 'days' || onDays) {
    const set = recurrence?.form === 'days' ? recurrence.days : onDays!.days
    mask = daySetMask(set.items, set.except, diagnostics)
    daysSpan = set.span
  } else if (!recurrence && !parsed.recurrenceReported) {
    diagnostics.push({
      code: 'DSL036',
      severity: 'error',
      message: 'missing the days the scan runs',
      span: end,
      help: 'say `daily`, `weekly on mon,wed`, `weekdays` or `every friday`',
      suggestions: [],
    })
  }
  const dayErrors = hasReportedItem(recurrence?.form === 'days' ? recurrence.days : undefined) || hasReportedItem(onDays?.days)
  if (mask === 0 && daysSpan && !dayErrors) {
    diagnostics.push({ code: 'DSL033', severity: 'error', message: 'no days are left', span: daysSpan, label: 'every listed day is excepted', help: 'remove the `except` part or list other days', suggestions: [] })
  }

  // ---- time and zone
  if (!time && !parsed.timeReported) {
    diagnostics.push({ code: 'DSL023', severity: 'error', message: 'missing the start time', span: end, help: 'add the time with minutes, e.g. `at 09:00` or `at 6:15pm`', suggestions: [{ replacement: ' at 09:00', span: end }] })
  }
  let zoneName: string | undefined
  if (zoneClause) {
    zoneName = zoneClause.canonical
    if (zoneClause.canonical !== 'UTC' && zoneClause.canonical !== zoneClause.spelled) {
      diagnostics.push({
        code: 'W102',
        severity: 'note',
        message: `\`${zoneClause.written}\` is an alias of \`${zoneClause.canonical}\``,
        span: zoneClause.valueSpan,
        help: `the schedule uses the canonical name \`${zoneClause.canonical}\``,
        suggestions: [{ replacement: zoneClause.canonical, span: zoneClause.valueSpan }],
      })
    }
  } else if (!parsed.zoneReported) {
    if (options?.defaultZone !== undefined) {
      const found = lookupZone(options.defaultZone)
      if (found) zoneName = found.canonical
      else {
        const close = suggestZones(options.defaultZone)
        diagnostics.push({
          code: 'DSL040',
          severity: 'error',
          message: `unknown default time zone \`${options.defaultZone}\``,
          span: end,
          help: close.length ? `did you mean ${close.map((z) => `\`${z}\``).join(' or ')}?` : 'name an IANA zone such as `Europe/Berlin` or `UTC`',
          suggestions: [],
        })
      }
    } else {
      diagnostics.push({ code: 'DSL043', severity: 'error', message: 'missing the time zone', span: end, help: 'name the zone the time is in, e.g. `Asia/Colombo`, `America/New_York` or `UTC`', suggestions: [] })
    }
  }
  const zone = zoneName ? zoneInfo(zoneName) : undefined

  // ---- start date
  let startDays: number | undefined
  if (start && zone) {
    if (start.date.kind === 'absolute') startDays = daysFromCivil(start.date.year, start.date.month, start.date.day)
    else if (Number.isFinite(nowMs)) {
      const today = Math.floor(utcToLocal(zone, nowMs) / DAY_MS)
      if (start.date.kind === 'today') startDays = today
      else if (start.date.kind === 'tomorrow') startDays = today + 1
      else startDays = today + 1 + ((start.date.weekday - weekdayOfDays(today + 1) + 7) % 7)
    } else {
      diagnostics.push({ code: 'DSL050', severity: 'error', message: 'a relative date needs the current date', span: start.valueSpan, help: 'write the date as YYYY-MM-DD', suggestions: [] })
    }
    if (startDays !== undefined && Number.isFinite(nowMs) && startDays < Math.floor(utcToLocal(zone, nowMs) / DAY_MS)) {
      diagnostics.push({
        code: 'W108',
        severity: 'warning',
        message: `the start date ${isoDate(civilFromDays(startDays))} is in the past`,
        span: start.valueSpan,
        help: 'the scan starts on the next matching day; write a future date or drop the start date',
        suggestions: [],
      })
    }
  }

  // ---- the schedule, then the checks that need all of it
  const hasErrors = containsError(diagnostics)
  if (hasErrors || mask === undefined || !time || !zoneName || !zone) {
    return { ok: false, diagnostics: mapSpans(sortDiagnostics(ensureError(diagnostics, end)), normalized) }
  }
  const daily = mask === ALL_DAYS_MASK
  if (daily && recurrence?.form !== 'daily') {
    diagnostics.push({ code: 'W107', severity: 'note', message: 'all seven days are listed: this is a daily schedule', span: daysSpan!, help: 'write `daily` for the same schedule', suggestions: [] })
  }
  if (!daily && (time.word === 'midnight' || time.word === '12am')) {
    diagnostics.push({
      code: 'W106',
      severity: 'note',
      message: 'midnight is 00:00 at the start of each listed day',
      span: time.valueSpan,
      help: 'on a weekly schedule, `on fri at midnight` runs as Thursday night turns into Friday',
      suggestions: [],
    })
  }
  const dstFrom = startDays !== undefined ? startDays * DAY_MS - 14 * 60 * MINUTE_MS : nowMs
  if (Number.isFinite(dstFrom)) {
    const firstRunDay = startDays === undefined ? undefined : firstMatchingDay(startDays, mask)
    for (const f of dstFindings(zone, mask, time.minutes, dstFrom, dstFrom + 366 * DAY_MS, startDays)) {
      const date = isoDate(civilFromDays(f.day))
      const interval = `${formatMinutes(localMinutes(f.from))}-${formatMinutes(localMinutes(f.to - MINUTE_MS))}`
      const at = formatMinutes(time.minutes)
      const related = zoneClause ? [{ span: zoneClause.valueSpan, label: 'in this zone' }] : undefined
      if (f.kind === 'overlap') {
        diagnostics.push({
          code: 'W104',
          severity: 'warning',
          message: `${at} happens twice in ${zoneName} on ${date} (${interval} is repeated when clocks go back)`,
          span: time.valueSpan,
          label: 'repeated on that day',
          help: 'the scan runs once; which instance depends on the scanner. Pick a time outside the repeated hour to be sure',
          suggestions: [],
          ...(related ? { related } : {}),
        })
      } else if (f.day === firstRunDay) {
        diagnostics.push({
          code: 'DSL052',
          severity: 'error',
          message: `${at} does not exist in ${zoneName} on ${date}, the first run`,
          span: time.valueSpan,
          label: `${interval} is skipped when clocks go forward`,
          help: 'pick a time outside the skipped interval, or another start date',
          suggestions: [],
          ...(related ? { related } : {}),
        })
      } else {
        diagnostics.push({
          code: 'W103',
          severity: options.strict ? 'error' : 'warning',
          message: `${at} does not exist in ${zoneName} on ${date} (${interval} is skipped when clocks go forward)`,
          span: time.valueSpan,
          label: 'missing on that day',
          help: `that run moves forward by the gap, as Qualys does; pick a time outside ${interval} to avoid it`,
          suggestions: [],
          ...(related ? { related } : {}),
        })
      }
    }
  }
  const sorted = mapSpans(sortDiagnostics(diagnostics), normalized)
  if (containsError(sorted)) return { ok: false, diagnostics: sorted }
  const profileClause = first.get('profile') as Extract<Clause, { kind: 'profile' }> | undefined
  const nameClause = first.get('name') as Extract<Clause, { kind: 'name' }> | undefined
  const schedule: Schedule = {
    recurrence: daily ? 'DAILY' : 'WEEKLY',
    daysOfWeek: daily ? [] : DAYS.filter((_, i) => (mask! & (1 << i)) !== 0),
    startTime: formatMinutes(time.minutes),
    timezone: zoneName,
    startDate: startDays === undefined ? null : qualysDate(civilFromDays(startDays)),
    prefix: nameClause ? nameClause.label : null,
    profile: profileClause ? profileClause.profile : null,
  }
  return { ok: true, schedule, diagnostics: sorted }
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
