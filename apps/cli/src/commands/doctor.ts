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

type ProbeReport = import('@scanplan/qualys').AccountProbe | { skipped: string }

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
  checks.push(...(await probeQualys(io, source, target.url, specDir, credentials.check.status === 'ok', input.text, input.name, input.bases, now, titles, account)))
  return done()
}

type Source = NonNullable<import('@scanplan/core').CompileSpecResult['source']>

/**
 * Reachability, login and option profiles, through the same client `plan` uses, with no retries: doctor reports
 * what happens on the first try instead of waiting out a backoff.
 */
async function probeQualys(io: CommandIO, source: Source, targetUrl: string | undefined, specDir: string, haveCredentials: boolean, text: string, file: string, bases: SpecWithBases['bases'], now: Date, titles: string[], account: { probe?: ProbeReport }): Promise<Check[]> {
  const [{ OptionProfileNotFoundError, isLimitRefusal, createProbeRecorder, probeAccount }, { createQualysPool, createSecretReader }, { TransportError }, { compileSpec }, { version }] = await Promise.all([
    import('@scanplan/qualys'),
    import('@scanplan/connect'),
    import('@scanplan/core/adapters'),
    import('@scanplan/core'),
    import('../version.js'),
  ])
  // No retries and no waiting out limits: doctor reports the first answer, a limit refusal included (and --probe's
  // recorder sees every answer, a token endpoint's 503 too).
  const recorder = account.probe ? createProbeRecorder() : undefined
  const pool = createQualysPool({
    ...(recorder ? { wrapTransport: recorder.wrap } : {}),
    maxRetries: 0,
    maxServerWaitMs: 0,
    timeoutMs: 15_000,
    userAgent: `scanplan/${version} (doctor)`,
    ...(targetUrl ? { target: targetUrl } : {}),
    ...(io.strategiesFor ? { strategiesFor: io.strategiesFor } : {}),
  })
  const { transport } = pool
  const urls = targetUrl ? { apiServer: targetUrl, gateway: targetUrl } : { apiServer: source.platform.apiServer, gateway: source.platform.gateway }
  const checks: Check[] = []

  const unreachable: string[] = []
  for (const [name, url] of [['API server', urls.apiServer], ['gateway', urls.gateway]] as const) {
    if (name === 'gateway' && urls.gateway === urls.apiServer) continue
    try {
      // Any HTTP answer, even 404, means the host is there; only the network can fail this.
      await transport.send({ method: 'GET', url: `${url}/`, headers: {} })
    } catch (error) {
      unreachable.push(`${name} ${url}: ${error instanceof TransportError ? error.failure : (error as Error).message}`)
    }
  }
  if (unreachable.length > 0) {
    if (account.probe) account.probe = { skipped: 'Qualys is not reachable' }
    checks.push({ id: 'reachability', status: 'fail', message: `cannot reach ${unreachable.join('; ')}`, help: 'check the network, a proxy or firewall, and the platform URLs (or --target)' })
    checks.push({ id: 'login', status: 'skip', message: 'skipped: Qualys is not reachable' }, { id: 'option-profiles', status: 'skip', message: 'skipped: Qualys is not reachable' })
    return checks
  }
  checks.push({ id: 'reachability', status: 'ok', message: urls.gateway === urls.apiServer ? `${urls.apiServer} answers` : `${urls.apiServer} and ${urls.gateway} answer` })
  if (!haveCredentials) {
    if (account.probe) account.probe = { skipped: 'credentials are missing' }
    checks.push({ id: 'login', status: 'skip', message: 'skipped: credentials are missing' }, { id: 'option-profiles', status: 'skip', message: 'skipped: credentials are missing' })
    return checks
  }

  // AuthError and TransportError messages name the call and the reason, never a credential.
  const problem = (error: unknown) => (error instanceof Error ? error.message : String(error))
  try {
    const secrets = createSecretReader({ env: io.env, baseDir: specDir })
    const client = await pool.clientFor(source, secrets)
    if (recorder) {
      // First, so that a token the probe had to ask twice for (a 503) serves the login check too.
      const desired = compileSpec(text, { file, now, bases }).requests.map((r) => r.body)
      account.probe = await probeAccount({
        client, recorder, auth: source.auth, ...(source.oidcOnApiServer ? { oidcOnApiServer: true } : {}), desired,
        ...(source.auth === 'oidc' && !source.oidcOnApiServer ? { bearerClient: () => pool.clientFor({ ...source, oidcOnApiServer: true }, secrets) } : {}),
      })
    }
    let profiles: { id: number; title: string; isDefault: boolean }[] | undefined
    const logins: string[] = []
    const refused: string[] = []
    let limited: import('@scanplan/qualys').QualysApiError | undefined
    // OIDC client credentials sign in to the gateway only, unless Qualys enabled their token on the API server.
    const apiServerLogin = source.auth !== 'oidc' || source.oidcOnApiServer === true
    if (apiServerLogin) {
      try {
        profiles = await client.listOptionProfiles()
        logins.push(`API server (${source.auth === 'oidc' ? 'oidc token' : source.auth})`)
      } catch (error) {
        if (isLimitRefusal(error)) limited ??= error
        refused.push(`API server (${source.auth}): ${problem(error)}`)
      }
    }
    try {
      const connectors = await client.listOrgConnectors()
      logins.push(`gateway (${source.auth === 'oidc' ? 'oidc' : 'jwt'}, ${connectors.length} Azure connector${connectors.length === 1 ? '' : 's'} visible)`)
    } catch (error) {
      if (isLimitRefusal(error)) limited ??= error
      refused.push(`gateway: ${problem(error)}`)
    }
    if (limited) {
      // Refused for the account's API limits (1965, 429), not for the credentials: password advice would mislead.
      const wait = limited.secondsToWait
      const until = wait !== undefined ? ` (until about ${new Date(Date.now() + wait * 1000).toISOString().slice(11, 16)} UTC)` : ''
      checks.push({ id: 'login', status: 'fail', message: `as ${source.username}: rate limit: ${problem(limited)}`,
        help: `Qualys limits API calls per subscription; wait${wait !== undefined ? ` ${waitWords(wait)}` : ''}${until} and run doctor again, or ask Qualys to raise the limit` })
    } else if (refused.length > 0) checks.push({ id: 'login', status: 'fail', message: `as ${source.username}: ${refused.join('; ')}`, help: 'check the username, the password (or OIDC client) and that the user has API access and has accepted the EULA' })
    else checks.push({ id: 'login', status: 'ok', message: `as ${source.username} on the ${logins.join(' and the ')}` })

    if (!apiServerLogin) {
      checks.push({ id: 'option-profiles', status: 'skip', message: 'not applicable (oidc: option profiles must be numeric ids)' })
      return checks
    }
    if (!profiles) {
      checks.push({ id: 'option-profiles', status: 'skip', message: 'skipped: no API server login' })
      return checks
    }
    // Compile again with the subscription's titles: every profile the spec names, by title or by id, must exist.
    const mapping = Object.fromEntries(profiles.map((p) => [p.title, p.id]))
    const resolved = compileSpec(text, { file, now, profiles: mapping, bases })
    const used = resolved.connectors.flatMap((c) => (c.settings.perimeterScan.mode === 'custom' ? [c.settings.perimeterScan.config.optionProfileId] : []))
    const missingTitles = titles.filter((t) => !(t in mapping))
    const missingIds = [...new Set(used)].filter((id) => !profiles!.some((p) => p.id === id))
    if (missingTitles.length > 0 || missingIds.length > 0) {
      let help = `the subscription has ${profiles.map((p) => `"${p.title}"${p.isDefault ? ' (default)' : ''} (${p.id})`).join(', ') || 'no option profiles'}`
      try {
        if (missingTitles[0]) await client.resolveOptionProfile(missingTitles[0])
      } catch (error) {
        if (error instanceof OptionProfileNotFoundError) help = error.message
      }
      const what = [...missingTitles.map((t) => `title "${t}"`), ...missingIds.map((id) => `id ${id}`)].join(', ')
      checks.push({ id: 'option-profiles', status: 'fail', message: `not in the subscription: ${what}`, help })
    } else {
      const named = [...titles.map((t) => `"${t}" = ${mapping[t]}`), ...[...new Set(used)].filter((id) => !titles.some((t) => mapping[t] === id)).map((id) => `id ${id}`)]
      checks.push({ id: 'option-profiles', status: named.length ? 'ok' : 'skip', message: named.length ? `found ${named.join(', ')}` : 'the spec uses no option profile' })
    }
    return checks
  } finally {
    await pool.closeAll()
  }
}

/** "1 h 59 min" from seconds, for a wait. */
function waitWords(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.ceil((seconds % 3600) / 60)
  return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${Math.max(1, m)} min`
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
