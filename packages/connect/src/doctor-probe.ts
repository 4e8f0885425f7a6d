import { compileSpec, type CompileSpecResult, type SpecBases } from '@scanplan/core'
import { TransportError } from '@scanplan/core/adapters'
import { createProbeRecorder, isLimitRefusal, OptionProfileNotFoundError, probeAccount, type AccountProbe, type QualysApiError } from '@scanplan/qualys'
import type { Check } from './doctor-checks.js'
import { createQualysPool, type QualysPoolOptions } from './qualys-pool.js'
import { createSecretReader } from './secrets.js'

// `scanplan doctor`'s checks that ask Qualys (reachability, login, option profiles, and `--probe`'s readings); the
// CLI only prints them. Beside doctor-checks.ts, which holds the offline ones.

/** `--probe`'s readings of the account, or why they were not taken. */
export type ProbeReport = AccountProbe | { skipped: string }

export interface ProbeQualysOptions {
  source: NonNullable<CompileSpecResult['source']>
  /** `--target`: one URL for both the API server and the gateway; else the source's platform URLs. */
  targetUrl?: string
  /** The spec's directory: `{ file }` secrets are read relative to it. */
  specDir: string
  /** The credentials check passed; without it, login and option profiles are skipped. */
  haveCredentials: boolean
  text: string
  file: string
  bases?: SpecBases
  now: Date
  /** Option profile titles the offline compile could not resolve. */
  titles: string[]
  /** With `probe` set, `--probe` was given: it receives the account's readings (or why they were not taken). */
  account: { probe?: ProbeReport }
  env: Readonly<Record<string, string | undefined>>
  userAgent: string
  strategiesFor?: QualysPoolOptions['strategiesFor']
}


/**
 * Reachability, login and option profiles, through the same client `plan` uses, with no retries: doctor reports
 * what happens on the first try instead of waiting out a backoff.
 */
export async function probeQualys(options: ProbeQualysOptions): Promise<Check[]> {
  const { source, targetUrl, specDir, haveCredentials, text, file, bases, now, titles, account } = options
  // No retries and no waiting out limits: doctor reports the first answer, a limit refusal included (and --probe's
  // recorder sees every answer, a token endpoint's 503 too).
  const recorder = account.probe ? createProbeRecorder() : undefined
  const pool = createQualysPool({
    ...(recorder ? { wrapTransport: recorder.wrap } : {}),
    maxRetries: 0,
    maxServerWaitMs: 0,
    timeoutMs: 15_000,
    userAgent: options.userAgent,
    ...(targetUrl ? { target: targetUrl } : {}),
    ...(options.strategiesFor ? { strategiesFor: options.strategiesFor } : {}),
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
    const secrets = createSecretReader({ env: options.env, baseDir: specDir })
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
    let limited: QualysApiError | undefined
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

