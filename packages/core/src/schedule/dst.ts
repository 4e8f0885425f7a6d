import { DAY_MS, MINUTE_MS } from './calendar.js'
import { offsetAt, offsetIndexAt, type ZoneInfo } from './zones.js'

/** A run whose wall-clock time is skipped (gap) or repeated (overlap) by a DST transition. */
export interface DstFinding {
  kind: 'gap' | 'overlap'
  /** The local day (days since 1970-01-01) of the affected run. */
  day: number
  /** The skipped or repeated local interval, as local wall-clock ms since the epoch, [from, to). */
  from: number
  to: number
  /** The UTC instant (ms) of the transition, and the UTC offsets (minutes) before and after it. */
  at: number
  offsetBefore: number
  offsetAfter: number
}

/**
 * The runs in [fromMs, toMs) that a DST transition skips or repeats, read straight off the zone's transition
 * arrays: no wall-clock conversion per day, so the check costs one binary search plus the transitions in the window.
 * `dayMask` has bit d set when weekday d (0 = Sunday) is scheduled; `firstDay` excludes runs before a start date.
 */
export function dstFindings(zone: ZoneInfo, dayMask: number, startMinutes: number, fromMs: number, toMs: number, firstDay = -Infinity): DstFinding[] {
  const findings: DstFinding[] = []
  const { untils, offsets } = zone
  for (let i = offsetIndexAt(zone, fromMs); i < untils.length - 1 && untils[i]! < toMs; i++) {
    const before = offsets[i]!
    const after = offsets[i + 1]!
    if (before === after) continue
    const at = untils[i]!
    const kind = after > before ? 'gap' : 'overlap'
    const from = at + Math.min(before, after) * MINUTE_MS
    const to = at + Math.max(before, after) * MINUTE_MS
    for (let day = Math.floor(from / DAY_MS); day <= Math.floor((to - 1) / DAY_MS); day++) {
      const run = day * DAY_MS + startMinutes * MINUTE_MS
      if (run < from || run >= to || day < firstDay) continue
      if ((dayMask & (1 << (((day + 4) % 7 + 7) % 7))) === 0) continue
      findings.push({ kind, day, from, to, at, offsetBefore: before, offsetAfter: after })
    }
  }
  return findings
}

/**
 * The UTC instant of a local wall-clock time (local ms since the epoch). A time in a gap moves forward by the gap's
 * length (the Qualys rule, "the start time will move forward an hour"); a repeated time takes its first instance.
 */
export function localToUtc(zone: ZoneInfo, localMs: number): number {
  const before = offsetAt(zone, localMs - DAY_MS)
  const after = offsetAt(zone, localMs + DAY_MS)
  const first = localMs - before * MINUTE_MS
  const second = localMs - after * MINUTE_MS
  const firstValid = offsetAt(zone, first) === before
  const secondValid = offsetAt(zone, second) === after
  if (firstValid && secondValid) return Math.min(first, second)
  if (firstValid) return first
  if (secondValid) return second
  return first
}

/** The local wall-clock ms of a UTC instant. */
export function utcToLocal(zone: ZoneInfo, utcMs: number): number {
  return utcMs + offsetAt(zone, utcMs) * MINUTE_MS
}
