import { nowFlag, zoneFlag, type ParsedArgs } from '../parsed-args.js'
import { ExitCode } from '../exit-codes.js'
import { readAll, type CommandIO } from '../io.js'
import { UsageError } from '../usage-error.js'

/**
 * `scanplan schedule PHRASE` / `scanplan schedule -` (one phrase per stdin line): compile plain-language schedules.
 * Data on stdout (the report, or one JSON object per phrase with --json); rendered diagnostics on stderr.
 */
export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  const core = await import('@scanplan/core/schedule')
  const now = nowFlag(args.values.now)
  const defaultZone = zoneFlag(args.values.zone, core)
  if (args.positionals.length === 0) throw new UsageError('missing the schedule phrase', 'write `scanplan schedule "daily at 09:00 UTC"`, or `-` to read one phrase per line from stdin')
  const fromStdin = args.positionals.length === 1 && args.positionals[0] === '-'
  const phrases = fromStdin
    ? (await readAll(io.stdin)).split(/\r?\n/).filter((line) => line.trim() !== '')
    : [args.positionals.join(' ')]
  const json = args.values.json === true
  const strict = args.values.strict === true
  let allCompiled = true
  for (const [n, input] of phrases.entries()) {
    const result = await core.compileScheduleReadingDates(input, { now, strict, ...(defaultZone ? { defaultZone } : {}) })
    if (!result.ok) allCompiled = false
    if (json) {
      const diagnostics = result.diagnostics.map(core.machineDiagnostic)
      io.stdout(`${JSON.stringify({ input, ok: result.ok, schedule: result.ok ? result.schedule : null, diagnostics })}\n`)
      continue
    }
    if (phrases.length > 1) io.stdout(`${n > 0 ? '\n' : ''}# ${input}\n`)
    if (result.ok) io.stdout(core.scheduleReport(result.schedule, { from: now, count: 5 }))
    if (result.diagnostics.length > 0 && !(io.quiet && result.ok)) {
      io.stderr(core.renderDiagnostics(input, result.diagnostics, { color: io.color.stderr }))
    }
  }
  return allCompiled ? ExitCode.ok : ExitCode.failure
}
