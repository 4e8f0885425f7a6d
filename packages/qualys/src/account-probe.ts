import { formatDuration, runFrequencyMinutes } from '@scanplan/core'
import { QualysUnavailableError, type Transport } from '@scanplan/core/adapters'
import { isOrgItem, type QualysClient } from './client.js'
import type { OrgConnector } from './connector-api.js'
import { QualysApiError } from './errors.js'

/**
 * `scanplan doctor --probe`: which of the readings of the Qualys docs an account speaks, learned from read calls
 * and from updates without a body (nothing to apply). The names of the detected readings are the simulator's
 * variant names (docs/simulator.md), so a user can reproduce what their account does.
 */

/** What the probe keeps of one answer: never a credential (a token answer is reduced to its form at once). */
export interface ProbeExchange {
  method: string
  path: string
  status: number
  /** Limit headers only (`x-ratelimit-*`, `x-concurrency-limit-*`, `retry-after`), names lower-cased. */
  headers: Record<string, string>
  /** Connector API answers only (`/connectors/`). */
  body?: string
  /** Token answers (`/auth`, `/auth/oidc`, `/auth/oauth`) that carried one. */
  token?: { form: 'jwt' | 'json' | 'opaque'; lifetimeSec?: number }
}

export interface ProbeRecorder {
  /**
   * The transport to give the client pool: every answer through it is recorded. Wrap one that does not retry (as
   * doctor's), or the retried answers (a token endpoint's 503) are not seen.
   */
  wrap(transport: Transport): Transport
  readonly exchanges: readonly ProbeExchange[]
}

const tokenPath = /\/auth(?:\/oidc|\/oauth)?\/?$/
const limitHeader = /^(x-ratelimit-|x-concurrency-limit-|retry-after$)/

function tokenForm(body: string): ProbeExchange['token'] {
  const text = body.trim()
  if (text.startsWith('{')) return { form: 'json' }
  const parts = text.split('.')
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: unknown; exp?: unknown }
      const lifetime = typeof claims.exp === 'number' && typeof claims.iat === 'number' ? claims.exp - claims.iat : undefined
      return { form: 'jwt', ...(lifetime !== undefined ? { lifetimeSec: lifetime } : {}) }
    } catch {
      // Three dotted parts that are not a JWT: an opaque token.
    }
  }
  return { form: 'opaque' }
}

export function createProbeRecorder(): ProbeRecorder {
  const exchanges: ProbeExchange[] = []
  return {
    exchanges,
    wrap: (inner) => ({
      async send(request) {
        const response = await inner.send(request)
        const path = new URL(request.url).pathname
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(response.headers)) if (limitHeader.test(name.toLowerCase())) headers[name.toLowerCase()] = String(value)
        const exchange: ProbeExchange = { method: request.method, path, status: response.status, headers }
        if (tokenPath.test(path)) {
          if (response.status === 200 || response.status === 201) exchange.token = tokenForm(response.body)
        } else if (path.includes('/connectors/')) exchange.body = response.body
        exchanges.push(exchange)
        return response
      },
    }),
  }
}

export type ReadingId = 'token' | 'org-listing' | 'update-form' | 'frequency-echo' | 'profile-id-echo' | 'gateway-limits' | 'api-server-limits' | 'api-server-bearer'

export interface AccountReading {
  id: ReadingId
  /** A short machine-readable value, e.g. `jwt`, `valid-org-connectors`, `POST uuid`; `unknown` when not learnable. */
  value: string
  message: string
  /** The simulator variant this reading is (docs/simulator.md), when it differs from the default reading. */
  variant?: string
}

export interface AccountProbe {
  /** The simulator variants detected, in the order of the readings. */
  variants: string[]
  readings: AccountReading[]
}

export interface ProbeAccountOptions {
  client: QualysClient
  recorder: ProbeRecorder
  auth: 'session' | 'basic' | 'oidc'
  oidcOnApiServer?: boolean
  /** oidc without oidcOnApiServer: a client of the same account whose `/api/2.0/` calls carry the OIDC token. */
  bearerClient?: () => Promise<QualysClient>
  /** The spec's connectors: the one to read is one of these when listed, and their run frequencies show rounding. */
  desired?: readonly { name: string; orgRunFrequency?: unknown; connectorRunFrequency?: unknown }[]
}

const problem = (error: unknown) => (error instanceof Error ? error.message : String(error))
const items = (body: string | undefined): Record<string, unknown>[] => {
  try {
    const content = (JSON.parse(body ?? '') as { content?: unknown }).content
    return Array.isArray(content) ? content.filter((i): i is Record<string, unknown> => i !== null && typeof i === 'object') : []
  } catch {
    return []
  }
}

/** Reads the account; every call is a read, a token request, or an update with no body. Never throws for a reading. */
export async function probeAccount(options: ProbeAccountOptions): Promise<AccountProbe> {
  const { client, recorder } = options
  const seen = recorder.exchanges
  // A token endpoint that answered 503 is asked once more (the token-503 reading): the probe wants the account's
  // other readings too, and a token request creates nothing.
  const once = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call()
    } catch (error) {
      if (error instanceof QualysUnavailableError && seen.some((e) => e.token === undefined && tokenPath.test(e.path) && e.status === 503)) return call()
      throw error
    }
  }
  const readings: AccountReading[] = []

  // Organization connectors: AZURE/list, else the documented listing of a member connector's tenant connectors.
  let connectors: OrgConnector[] | undefined
  try {
    connectors = await once(() => client.listOrgConnectors())
    const listed = seen.filter((e) => e.path.endsWith('/AZURE/list') && e.status === 200).flatMap((e) => items(e.body))
    const documented = seen.filter((e) => e.path.includes('/valid-org-connectors/') && e.status === 200).flatMap((e) => items(e.body))
    const inList = listed.filter(isOrgItem).length
    if (inList > 0) readings.push({ id: 'org-listing', value: 'azure-list', message: `AZURE/list shows ${inList} organization connector${inList === 1 ? '' : 's'}` })
    else if (documented.length > 0) {
      readings.push({ id: 'org-listing', value: 'valid-org-connectors', variant: 'org-list-absent',
        message: `AZURE/list shows ${listed.length} account-level connector${listed.length === 1 ? '' : 's'} only; the organization connectors (${documented.length}) are in valid-org-connectors` })
    } else readings.push({ id: 'org-listing', value: 'none', message: `no organization connector is listed (AZURE/list: ${listed.length} item${listed.length === 1 ? '' : 's'}); create one, then probe again` })
  } catch (error) {
    readings.push({ id: 'org-listing', value: 'unknown', message: `listing failed: ${problem(error)}` })
  }

  // The token, as the first gateway call fetched it.
  const tokenSeen = seen.find((e) => e.token !== undefined)
  const refusedToken = seen.filter((e) => e.token === undefined && tokenPath.test(e.path) && e.status === 503).length
  if (tokenSeen?.token) {
    const t = tokenSeen.token
    const life = t.lifetimeSec !== undefined ? `, valid ${formatDuration(Math.max(1, Math.round(t.lifetimeSec / 60)))}` : ''
    readings.push({
      id: 'token',
      value: t.form,
      message: `${t.form === 'jwt' ? 'a raw JWT' : t.form === 'json' ? 'a JSON object holding the token' : 'a raw opaque token'} from POST ${tokenSeen.path} (HTTP ${tokenSeen.status})${life}${refusedToken > 0 ? `; ${refusedToken} token request${refusedToken === 1 ? ' was' : 's were'} answered 503 first` : ''}`,
      ...(refusedToken > 0 ? { variant: 'token-503' } : {}),
    })
  } else readings.push({ id: 'token', value: 'unknown', message: refusedToken > 0 ? `the token endpoint answered 503 ${refusedToken} time${refusedToken === 1 ? '' : 's'} and gave no token` : 'no token was issued' })

  // One connector, read by id: how answers echo run frequencies and the option profile id.
  const names = new Set((options.desired ?? []).map((d) => d.name))
  const ordered = [...(connectors ?? [])].sort((a, b) => Number(names.has(b.name)) - Number(names.has(a.name)))
  const withProfile = ordered.find((c) => typeof c.connectorScanConfig === 'object' && c.connectorScanConfig !== null) ?? ordered[0]
  let answer: OrgConnector | undefined
  if (withProfile) answer = (await once(() => client.getOrgConnector(withProfile.id)).catch(() => undefined)) ?? withProfile
  if (!answer) {
    for (const id of ['frequency-echo', 'profile-id-echo', 'update-form'] as const) readings.push({ id, value: 'unknown', message: 'no organization connector to read' })
  } else {
    const echo = answer.orgRunFrequency
    const desired = options.desired?.find((d) => d.name === answer!.name)
    const sent = runFrequencyMinutes(desired?.orgRunFrequency)
    const got = runFrequencyMinutes(echo)
    const rounded = sent !== undefined && got !== undefined && got !== sent && got % 1440 === 0 && Math.ceil(sent / 1440) * 1440 === got
    const form = typeof echo === 'string' ? 'minutes' : typeof echo === 'object' && echo !== null ? 'hours-minutes' : 'unknown'
    readings.push({
      id: 'frequency-echo',
      value: form,
      message: `${answer.name}: orgRunFrequency ${JSON.stringify(echo)}${rounded ? ` for ${formatDuration(sent!)} sent: rounded up to whole days` : ''}`,
      ...(form === 'minutes' || rounded ? { variant: 'frequency-minutes' } : {}),
    })
    const profileId = (answer.connectorScanConfig as { optionProfileId?: unknown } | undefined)?.optionProfileId
    const idForm = typeof profileId === 'number' ? 'number' : typeof profileId === 'string' ? 'string' : 'unknown'
    readings.push({
      id: 'profile-id-echo',
      value: idForm,
      message: idForm === 'unknown' ? `${answer.name} has no custom scan configuration to show it` : `${answer.name}: optionProfileId ${JSON.stringify(profileId)}`,
      ...(idForm === 'string' ? { variant: 'profile-id-string' } : {}),
    })
    try {
      const uuid = typeof answer.uuid === 'string' ? answer.uuid : undefined
      const learned = await client.probeUpdateForm(answer.id, uuid)
      const variant = [learned.method === 'POST' ? 'update-post' : '', learned.by === 'uuid' ? 'update-by-uuid' : ''].filter(Boolean).join(',')
      readings.push({ id: 'update-form', value: `${learned.method} ${learned.by}`, message: `${learned.method} .../org/azure/{${learned.by === 'id' ? 'numeric id' : 'uuid'}} (learned from updates with no body: nothing changed)`, ...(variant ? { variant } : {}) })
    } catch (error) {
      readings.push({ id: 'update-form', value: 'unknown', message: `not learnable: ${problem(error)}` })
    }
  }

  // The API server: its limits, and whether it takes the OIDC token.
  let apiServerError: unknown
  let apiServerCalled = false
  if (options.auth !== 'oidc' || options.oidcOnApiServer === true) {
    apiServerCalled = true
    await client.listOptionProfiles().catch((error: unknown) => (apiServerError = error))
  }
  if (options.auth !== 'oidc') readings.push({ id: 'api-server-bearer', value: 'not-applicable', message: `${options.auth} sign-in: the API server takes the password` })
  else {
    let refusal = apiServerError
    let accepted = options.oidcOnApiServer === true && apiServerError === undefined
    if (options.oidcOnApiServer !== true && options.bearerClient) {
      apiServerCalled = true
      try {
        const bearer = await options.bearerClient()
        await once(() => bearer.listOptionProfiles())
        accepted = true
      } catch (error) {
        refusal = error
      }
    }
    if (accepted) readings.push({ id: 'api-server-bearer', value: 'accepted', message: `/api/2.0/ takes the OIDC token${options.oidcOnApiServer ? '' : ': set `oidcOnApiServer: true` under source to resolve option profile titles'}` })
    else if (refusal instanceof QualysApiError && refusal.status === 401) readings.push({ id: 'api-server-bearer', value: 'refused', message: '/api/2.0/ refused the OIDC token (401): Qualys Support enables it per subscription (oauth_oidc.htm); until then give option profiles by numeric id' })
    else readings.push({ id: 'api-server-bearer', value: 'unknown', message: refusal === undefined ? 'not asked' : `not learnable: ${problem(refusal)}` })
  }

  readings.push(limitReading('gateway-limits', seen.filter((e) => e.path.includes('/connectors/')), 'gateway'))
  const v2 = seen.filter((e) => e.path.includes('/api/2.0/') && !e.path.includes('/fo/session'))
  readings.push(apiServerCalled ? limitReading('api-server-limits', v2, 'API server') : { id: 'api-server-limits', value: 'unknown', message: 'not asked (no API server sign-in)' })

  readings.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
  return { variants: readings.flatMap((r) => (r.variant ? r.variant.split(',') : [])), readings }
}

const order: ReadingId[] = ['token', 'org-listing', 'update-form', 'frequency-echo', 'profile-id-echo', 'gateway-limits', 'api-server-limits', 'api-server-bearer']

/** The budget the last answer of a host announced: present, blank (the gateway-429-bare reading) or absent. */
function limitReading(id: 'gateway-limits' | 'api-server-limits', exchanges: ProbeExchange[], host: string): AccountReading {
  const last = [...exchanges].reverse().find((e) => Object.keys(e.headers).length > 0)
  if (!last) return { id, value: 'absent', message: exchanges.length === 0 ? `no ${host} call answered` : `the ${host} sent no limit headers` }
  const h = last.headers
  const blank = ['x-ratelimit-limit', 'x-ratelimit-remaining'].some((k) => k in h && h[k] === '')
  const shown = Object.entries(h).map(([k, v]) => `${k}: ${v === '' ? '(blank)' : v}`).join(', ')
  if (blank) return { id, value: 'blank', message: `blank rate headers (${shown}): the budget is unknown; wait for X-RateLimit-Reset after a 429`, ...(id === 'gateway-limits' ? { variant: 'gateway-429-bare' } : {}) }
  const rate = h['x-ratelimit-limit']
  const window = h['x-ratelimit-window-sec']
  const budget = rate !== undefined ? `${rate} calls${window ? ` per ${window} s` : ''}, ${h['x-ratelimit-remaining'] ?? '?'} left` : 'no rate limit announced'
  return { id, value: 'headers', message: `${budget}${h['x-concurrency-limit-limit'] ? `, ${h['x-concurrency-limit-limit']} at once` : ''}${h['x-ratelimit-reset'] ? `, resets in ${h['x-ratelimit-reset']} s` : ''}` }
}
