import { nowFlag, zoneFlag, type ParsedArgs } from '../parsed-args.js'
import { ExitCode } from '../exit-codes.js'
import type { CommandIO } from '../io.js'
import { UsageError } from '../usage-error.js'

interface Run {
  utc: string
  inZone: string
  local: string
}

interface Explanation {
  input: string
  ok: boolean
  sentence: string | null
  zone: string | null
  localZone: string
  nextRuns: Run[]
  dstNotes: string[]
  diagnostics: unknown[]
}

const dayMs = 86_400_000

/** The user's own zone: TZ when it names a zone Intl knows, else what the system reports. */
function localZone(env: CommandIO['env']): string {
  if (env.TZ) {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: env.TZ }).resolvedOptions().timeZone
    } catch {
      // An unknown TZ falls through to the system zone, as Node itself does.
    }
  }
  // With an unknown TZ, Node's own default zone is unnamed (undefined); its clock is then UTC.
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC'
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** `Mon 2024-06-17 12:00 +05:30`: Intl does the zone arithmetic, so no date library is loaded for this. */
function wallClock(instant: Date, zone: string): { text: string; date: string; hhmm: string; offset: string } {
  // Building a DateTimeFormat costs far more than using one, and a year of runs formats hundreds of instants.
  let format = formatters.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })
    formatters.set(zone, format)
  }
  const parts = Object.fromEntries(
    format
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : (parts.timeZoneName ?? '').replace('GMT', '')
  const hhmm = `${parts.hour}:${parts.minute}`
  const date = `${parts.weekday} ${parts.year}-${parts.month}-${parts.day}`
  return { text: `${date} ${hhmm} ${offset}`, date, hhmm, offset }
}

/**
 * Where the runs' local time moves in the user's zone during the coming year (one zone changes its clocks and the
 * other does not, or they change on different days): the case people get wrong when they read a schedule.
 */
function localShifts(runs: Date[], zone: string, local: string): string[] {
  const notes: string[] = []
  let previous: { hhmm: string; localOffset: string; zoneOffset: string } | undefined
  for (const run of runs) {
    const here = wallClock(run, local)
    const zoneOffset = wallClock(run, zone).offset
    if (previous && here.hhmm !== previous.hhmm && (here.offset !== previous.localOffset || zoneOffset !== previous.zoneOffset)) {
      const who = [...(zoneOffset !== previous.zoneOffset ? [zone] : []), ...(here.offset !== previous.localOffset ? [local] : [])].join(' and ')
      notes.push(`from ${here.date} the runs are at ${here.hhmm} in ${local}, not ${previous.hhmm} (${who} ${who.includes(' and ') ? 'change their' : 'changes its'} clocks)`)
    }
    previous = { hhmm: here.hhmm, localOffset: here.offset, zoneOffset }
  }
  return notes
}

async function explainOne(phrase: string, now: Date, options: { zone?: string; count: number; local: string; color: boolean }) {
  const { compileScheduleReadingDates, explainSchedule, machineDiagnostic, nextRuns, renderDiagnostics } = await import('@scanplan/core/schedule')
  const result = await compileScheduleReadingDates(phrase, { now, ...(options.zone ? { defaultZone: options.zone } : {}) })
  const rendered = result.diagnostics.length > 0 ? renderDiagnostics(phrase, result.diagnostics, { color: options.color }) : ''
  const base: Explanation = { input: phrase, ok: result.ok, sentence: null, zone: null, localZone: options.local, nextRuns: [], dstNotes: [], diagnostics: result.diagnostics.map(machineDiagnostic) }
  if (!result.ok) return { explanation: base, rendered }
  const { schedule } = result
  const zone = schedule.timezone
  const shown = nextRuns(schedule, { from: now, count: options.count })
  // A year of runs, to find every clock change the user will meet (daily schedules have at most 366 in a year).
  const year = nextRuns(schedule, { from: now, count: 400 }).filter((d) => d.getTime() < now.getTime() + 366 * dayMs)
  const dstNotes = result.diagnostics.filter((d) => d.code === 'W103' || d.code === 'W104').map((d) => d.message)
  if (zone !== options.local) dstNotes.push(...localShifts(year, zone, options.local))
  return {
    explanation: {
      ...base,
      sentence: explainSchedule(schedule),
      zone,
      nextRuns: shown.map((d) => ({ utc: d.toISOString(), inZone: wallClock(d, zone).text, local: wallClock(d, options.local).text })),
      dstNotes,
    },
    rendered,
  }
}

function printHuman(io: CommandIO, e: Explanation): void {
  if (!e.ok || !e.zone) return
  const lines = [e.sentence ?? '', '']
  const sameZone = e.zone === e.localZone
  const width = Math.max(`in ${e.zone}`.length, ...e.nextRuns.map((r) => r.inZone.length))
  lines.push(e.nextRuns.length === 1 ? 'Next run' : `Next ${e.nextRuns.length} runs`)
  lines.push(sameZone ? `  in ${e.zone} (also your zone)` : `  ${`in ${e.zone}`.padEnd(width)}   in your zone (${e.localZone})`)
  for (const r of e.nextRuns) lines.push(sameZone ? `  ${r.inZone}` : `  ${r.inZone.padEnd(width)}   ${r.local}`)
  lines.push('', 'Daylight saving')
  if (e.dstNotes.length === 0) lines.push(`  no clock change moves these runs in the next 12 months${sameZone ? '' : ` (in ${e.zone} or ${e.localZone})`}`)
  for (const note of e.dstNotes) lines.push(`  ${note}`)
  io.stdout(`${lines.join('\n')}\n`)
}

export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  const v = args.values
  const count = v.count === undefined ? 5 : Number(v.count)
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new UsageError(`--count must be a whole number from 1 to 100, not \`${String(v.count)}\``)
  const now = nowFlag(v.now)
  if (args.positionals.length === 0) throw new UsageError('no schedule phrase given', 'e.g. scanplan explain "weekly on MON,WED at 12:00 Asia/Colombo", or - to read phrases from stdin')

  let phrases: string[]
  if (args.positionals.length === 1 && args.positionals[0] === '-') {
    const { readInput } = await import('../input.js')
    phrases = (await readInput(io, '-')).text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')
    if (phrases.length === 0) throw new UsageError('stdin held no phrase', 'write one schedule phrase per line')
  } else {
    // Unquoted words are one phrase: `scanplan explain daily at 9am UTC` is what people type.
    phrases = [args.positionals.join(' ')]
  }

  // A wrong --zone is a wrong argument (exit 2), named as such, not a problem at the end of every phrase.
  const zone = v.zone === undefined ? undefined : zoneFlag(v.zone, await import('@scanplan/core/schedule'))
  const options = { ...(zone ? { zone } : {}), count, local: localZone(io.env), color: io.color.stderr }
  let failed = false
  for (const [i, phrase] of phrases.entries()) {
    const { explanation, rendered } = await explainOne(phrase, now, options)
    failed ||= !explanation.ok
    if (rendered) io.stderr(rendered.endsWith('\n') ? rendered : `${rendered}\n`)
    if (v.json === true) {
      const { printJsonLine } = await import('../output.js')
      printJsonLine(io, explanation)
    } else {
      if (i > 0) io.stdout('\n')
      if (phrases.length > 1) io.stdout(`${phrase}\n`)
      printHuman(io, explanation)
    }
  }
  return failed ? ExitCode.failure : ExitCode.ok
}
