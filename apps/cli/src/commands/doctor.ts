import { access } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { nowFlag, type ParsedArgs } from '../parsed-args.js'
import { ExitCode } from '../exit-codes.js'
import { readInput, readInputs } from '../input.js'
import { readSpecBases, specSources, type SpecWithBases } from '../spec-bases.js'
import type { CommandIO } from '../io.js'
import { colorsFor, info, printJson } from '../output.js'
import { UsageError } from '../usage-error.js'

type Check = import('@scanplan/connect').Check
type CheckStatus = import('@scanplan/connect').CheckStatus

/** Checks whose failure means Qualys could not be reached or refused us (exit 3), as opposed to bad input (exit 1). */
const networkChecks: ReadonlySet<Check['id']> = new Set(['reachability', 'login'])

const symbols: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗', skip: '-' }

function printHuman(io: CommandIO, file: string, checks: Check[], probe?: ProbeReport): void {
  const c = colorsFor(io, 'stdout')
  const paint: Record<CheckStatus, (s: string) => string> = { ok: c.green, warn: c.yellow, fail: c.red, skip: c.dim }
  const width = Math.max(...checks.map((k) => k.id.length))
  const lines = [`scanplan doctor ${file}`]
  for (const k of checks) {
    lines.push(`  ${paint[k.status](symbols[k.status])} ${k.id.padEnd(width)}  ${k.message}`)
    if (k.help && k.status !== 'ok') lines.push(`${' '.repeat(width + 6)}${c.dim(`help: ${k.help}`)}`)
  }
  if (probe && 'skipped' in probe) lines.push('', `  account readings (--probe): skipped: ${probe.skipped}`)
  else if (probe) {
    // A table: reading, what was seen, the detail; the simulator variant where it is not the default reading.
    const rows = [['reading', 'seen', 'detail'], ...probe.readings.map((r) => [r.id, r.value, `${r.message}${r.variant ? c.yellow(` [${r.variant}]`) : ''}`])]
    const w0 = Math.max(...rows.map((r) => r[0]!.length))
    const w1 = Math.max(...rows.map((r) => r[1]!.length))
    lines.push('', '  account readings (--probe)')
    for (const [i, r] of rows.entries()) lines.push(`    ${(i === 0 ? c.dim : (x: string) => x)(`${r[0]!.padEnd(w0)}  ${r[1]!.padEnd(w1)}  ${r[2]}`)}`)
    lines.push(`  simulator variants detected: ${probe.variants.length > 0 ? probe.variants.join(', ') : 'none (the default reading)'} (docs/simulator.md)`)
  }
  io.stdout(`${lines.join('\n')}\n`)
}

async function findSpec(io: CommandIO, given: string | undefined): Promise<string> {
  if (given !== undefined) return given
  // Like git finds its repository: the spec of the current directory, when there is one.
  try {
    await access(resolve(io.cwd, 'scanplan.yaml'))
    return 'scanplan.yaml'
  } catch {
    throw new UsageError('no SPEC given and no scanplan.yaml in this directory', 'scanplan doctor path/to/spec.yaml (or `scanplan init` to write one)')
  }
}

/** Spec problems that doctor reports as checks of their own rather than as "the spec has errors". */
const ownChecks = new Set(['SPEC030', 'SPEC031', 'SPEC045'])

/** How many specs doctor checks at once: each opens its own sessions, and a fleet of 500 should not wait in a row. */
const specsAtOnce = 4

type ProbeReport = import('@scanplan/connect').ProbeReport

interface SpecReport {
  file: string
  checks: Check[]
  diagnostics: unknown[]
  /** With --probe: the account's readings, or why they were not asked. */
  probe?: ProbeReport
}

export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  const v = args.values
  const now = nowFlag(v.now)
  const read = args.positionals.length > 0 ? await readInputs(io, args.positionals) : [await readInput(io, await findSpec(io, undefined))]
  const inputs = await Promise.all(read.map((input) => readSpecBases(io, input)))
  const json = v.json === true
  if (v.probe === true && v.offline === true) throw new UsageError('--probe reads the account, and --offline sends nothing', 'drop one of them')
  // One target for the whole run (`--target sim` starts one simulator), opened when the first spec needs it.
  let target: Promise<import('@scanplan/connect').QualysTarget> | undefined
  const openOnce = async () => (target ??= import('../qualys-target.js').then(({ openTarget }) => openTarget(v.target, io)))
  const { createConcurrencyLimit } = await import('@scanplan/qualys')
  const limit = createConcurrencyLimit(specsAtOnce)
  let reports: SpecReport[]
  try {
    reports = await Promise.all(inputs.map((input) => limit.run(() => checkSpec(io, input, now, v.offline === true, v.probe === true, openOnce))))
  } finally {
    if (target) await (await target).stop()
  }
  return report(io, json, reports)
}

/** The checks of one spec (one account), in order; the target is opened only when the network checks run. */
async function checkSpec(io: CommandIO, input: SpecWithBases, now: Date, offline: boolean, probe: boolean, openTarget: () => Promise<import('@scanplan/connect').QualysTarget>): Promise<SpecReport> {
  const { compileSpec, machineDiagnostic, renderSpecDiagnostics } = await import('@scanplan/core')
  const compiled = compileSpec(input.text, { file: input.name, now, bases: input.bases })
  // Titles are looked up online by the account probe below, not reported as errors here.
  const shown = compiled.diagnostics.filter((d) => d.data?.kind !== 'profile-title')
  if (shown.length > 0) io.stderr(renderSpecDiagnostics(input.text, shown, { color: io.color.stderr, file: input.name, sources: specSources([input]) }))
  const checks: Check[] = []
  const account: { probe?: ProbeReport } = probe ? { probe: { skipped: 'the spec has errors' } } : {}
  const done = () => ({ file: input.name, checks, diagnostics: compiled.diagnostics.map(machineDiagnostic), ...account })
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error' && !ownChecks.has(d.code)).length
  const source = compiled.source
  if (errors > 0 || !source) {
    const n = Math.max(errors, 1)
    checks.push({ id: 'spec', status: 'fail', message: `${input.name} has ${n} error${n === 1 ? '' : 's'} (shown above)`, help: `fix ${n === 1 ? 'it' : 'them'}; \`scanplan compile ${input.name === '<stdin>' ? '-' : input.name}\` shows the same` })
    return done()
  }
  // The decoded spec names every secret, also for connectors that did not compile (a title still to resolve).
  const { loadSpec } = await import('@scanplan/core')
  const spec = loadSpec(input.text, { file: input.name, bases: input.bases }).spec!
  checks.push({ id: 'spec', status: 'ok', message: `${spec.connectors.length} connector${spec.connectors.length === 1 ? '' : 's'} for ${source.username} (site ${source.site})` })

  const specDir = input.name === '<stdin>' ? io.cwd : dirname(resolve(io.cwd, input.name))
  const { credentialCheck, expiryCheck, secretUses } = await import('@scanplan/connect')
  const credentials = await credentialCheck(secretUses(spec), io.env, specDir)
  checks.push(credentials.check)
  const p = source.platform
  checks.push({ id: 'platform', status: 'ok', message: `${p.id === 'private' ? 'private platform' : p.id}: API server ${p.apiServer}, gateway ${p.gateway}` })
  checks.push(
    source.auth === 'oidc' && source.passwordExpires === undefined
      ? { id: 'password-expiry', status: 'skip', message: 'OIDC client credentials: no password to expire' }
      : expiryCheck(source.passwordExpires, now),
  )

  const titles = compiled.unresolvedProfiles
  if (offline) {
    for (const id of ['reachability', 'login', 'option-profiles'] as const) checks.push({ id, status: 'skip', message: 'skipped (--offline)' })
    return done()
  }
  const target = await openTarget()
  const [{ probeQualys }, { version }] = await Promise.all([import('@scanplan/connect'), import('../version.js')])
  checks.push(...(await probeQualys({
    source, specDir, haveCredentials: credentials.check.status === 'ok', text: input.text, file: input.name, bases: input.bases, now, titles, account,
    env: io.env, userAgent: `scanplan/${version} (doctor)`,
    ...(target.url ? { targetUrl: target.url } : {}), ...(io.strategiesFor ? { strategiesFor: io.strategiesFor } : {}),
  })))
  return done()
}

/**
 * One block per spec, in the order given. `--json` prints today's object for one spec, and `{ ok, specs: [...] }` with
 * those objects for several. Exit 1 when any check failed for bad input, else 3 when only reachability or login did.
 */
function report(io: CommandIO, json: boolean, reports: SpecReport[]): number {
  const shaped = reports.map((r) => ({ ok: r.checks.every((k) => k.status !== 'fail'), spec: r.file, checks: r.checks, diagnostics: r.diagnostics, ...(r.probe ? { probe: r.probe } : {}) }))
  const failed = reports.flatMap((r) => r.checks.filter((k) => k.status === 'fail'))
  const ok = failed.length === 0
  if (json) printJson(io, shaped.length === 1 ? shaped[0] : { ok, specs: shaped })
  else {
    reports.forEach((r, i) => {
      if (i > 0) io.stdout('\n')
      printHuman(io, r.file, r.checks, r.probe)
    })
    if (reports.length > 1) {
      const bad = shaped.filter((r) => !r.ok).map((r) => r.spec)
      info(io, `\n${reports.length} specs checked: ${reports.length - bad.length} ok${bad.length > 0 ? `, ${bad.length} with failures (${bad.join(', ')})` : ''}`)
    }
  }
  if (ok) return ExitCode.ok
  return failed.every((k) => networkChecks.has(k.id)) ? ExitCode.unreachable : ExitCode.failure
}
