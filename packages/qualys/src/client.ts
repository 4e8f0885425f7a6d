import {
  describeTarget,
  gatewayErrorMessage,
  parseSimpleReturn,
  withRequestedWith,
  type AuthContext,
  type AuthStrategy,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from '@scanplan/core/adapters'
import { createConcurrencyLimit, type ConcurrencyLimit } from './concurrency-limit.js'
import { NoApiServerLoginError, QualysApiError } from './errors.js'
import { findOptionProfile, parseOptionProfiles, type OptionProfile } from './option-profiles.js'
import { applyPlan, planConnectors, type ApplyOptions, type AppliedChange, type DesiredConnector, type Plan, type PlanOptions } from './plan.js'

export interface QualysUrls {
  /** The API server (`/api/2.0/`). */
  apiServer: string
  /** The gateway (`/auth`, `/connectors/v1.0/`). */
  gateway: string
}

export interface QualysClientOptions {
  /** The platform's URLs (core's `resolvePlatform(...).platform` fits), or `urls` for any other place. */
  platform?: QualysUrls
  urls?: QualysUrls
  transport: Transport
  /**
   * `v2` authenticates `/api/2.0/` calls, `gateway` the connector API. Without `v2` (OIDC client credentials sign in
   * to the gateway only) option profiles cannot be listed: such calls fail with NoApiServerLoginError.
   */
  auth: { v2?: AuthStrategy; gateway: AuthStrategy }
  /** Qualys' per-subscription concurrency limit (default 2). Ignored when `concurrencyLimit` is given. */
  limits?: { concurrency?: number }
  /** A limit shared with other clients of the same subscription. */
  concurrencyLimit?: ConcurrencyLimit
  signal?: AbortSignal
}

/** An Azure organization connector as the gateway returns it. */
export type OrgConnector = Record<string, unknown> & { id: number; name: string }

/** The one place that knows the connector API's paths (the seed: POST create, PUT update). */
export const connectorPaths = {
  list: (page: number, size: number) => `/connectors/v1.0/AZURE/list?pageNumber=${page}&pageSize=${size}`,
  create: '/connectors/v1.0/org/azure/',
  update: (id: number) => `/connectors/v1.0/org/azure/${id}/`,
  /** Enable/disable (docs: enable_disable_azure_organization_connector.htm): the heading says POST, the sample PUT. */
  status: (action: 'ENABLE' | 'DISABLE') => `/connectors/v1.0/org/azure/status/?action=${action}`,
} as const

export const optionProfileListPath = '/api/2.0/fo/subscription/option_profile/vm/?action=list'

const trimSlash = (url: string) => url.replace(/\/+$/, '')

export interface QualysClient {
  readonly urls: QualysUrls
  listOptionProfiles(): Promise<OptionProfile[]>
  /** The profile with exactly this title; otherwise an OptionProfileNotFoundError listing the titles and the default. */
  resolveOptionProfile(title: string): Promise<OptionProfile>
  listOrgConnectors(): Promise<OrgConnector[]>
  createOrgConnector(body: Record<string, unknown>): Promise<OrgConnector>
  updateOrgConnector(id: number, body: Record<string, unknown>): Promise<OrgConnector>
  /** Enables or disables one Azure organization connector (never deletes). */
  setOrgConnectorStatus(id: number, status: 'enable' | 'disable'): Promise<void>
  /** Per connector: create, update (with the field diff), enable/disable or no change. Reads only. */
  plan(desired: DesiredConnector[], options?: PlanOptions): Promise<Plan>
  /** Makes the plan so, within the concurrency limit; never throws for one connector's failure (see each result). */
  apply(plan: Plan, options: ApplyOptions): Promise<AppliedChange[]>
  /** Logs out of what the auth strategies opened. Call it in a `finally`. */
  close(): Promise<void>
}

export function createQualysClient(options: QualysClientOptions): QualysClient {
  const given = options.urls ?? options.platform
  if (!given) throw new Error('createQualysClient needs `platform` or `urls`')
  const urls = { apiServer: trimSlash(given.apiServer), gateway: trimSlash(given.gateway) }
  const limit = options.concurrencyLimit ?? createConcurrencyLimit(options.limits?.concurrency ?? 2)
  const { transport } = options
  const ctx: AuthContext = { transport, ...(options.signal ? { signal: options.signal } : {}) }

  async function send(auth: AuthStrategy, request: HttpRequest): Promise<HttpResponse> {
    return limit.run(async () => {
      let response = await transport.send(withRequestedWith(await auth.authenticate(request, ctx)))
      // One renewal (expired token or session), never more: a second 401 is the answer.
      if (response.status === 401 && auth.renew && (await auth.renew(response, ctx))) {
        response = await transport.send(withRequestedWith(await auth.authenticate(request, ctx)))
      }
      return response
    })
  }

  async function v2(method: HttpMethod, path: string): Promise<string> {
    const url = `${urls.apiServer}${path}`
    if (!options.auth.v2) {
      throw new NoApiServerLoginError(`${method} ${describeTarget(url)} needs an API server login, and this account signs in with OIDC client credentials (gateway only): give option profiles by numeric id`)
    }
    const response = await send(options.auth.v2, { method, url, headers: {}, ...(options.signal ? { signal: options.signal } : {}) })
    // Qualys reports v2 errors in SIMPLE_RETURN whatever the status: an expired account is CODE 2001 in an HTTP 200.
    const answer = parseSimpleReturn(response.body)
    if (answer?.code !== undefined) {
      throw new QualysApiError(`Qualys answered ${method} ${describeTarget(url)} with code ${answer.code}: ${answer.text}`, response.status, answer.code)
    }
    if (response.status >= 400) throw new QualysApiError(`Qualys answered ${method} ${describeTarget(url)} with HTTP ${response.status}`, response.status)
    return response.body
  }

  async function gateway(method: HttpMethod, path: string, body?: unknown): Promise<unknown> {
    const url = `${urls.gateway}${path}`
    const response = await send(options.auth.gateway, {
      method,
      url,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })
    if (response.status < 200 || response.status > 299) {
      const said = gatewayErrorMessage(response.body)
      throw new QualysApiError(`Qualys answered ${method} ${describeTarget(url)} with HTTP ${response.status}${said ? `: ${said}` : ''}`, response.status)
    }
    try {
      return JSON.parse(response.body) as unknown
    } catch {
      throw new QualysApiError(`Qualys answered ${method} ${describeTarget(url)} with a body that is not JSON`, response.status)
    }
  }

  function asConnector(value: unknown, what: string): OrgConnector {
    const c = value as OrgConnector
    if (c === null || typeof c !== 'object' || typeof c.id !== 'number' || typeof c.name !== 'string') {
      throw new QualysApiError(`${what}: the answer is not a connector (no numeric id and name)`, 200)
    }
    return c
  }

  let profiles: Promise<OptionProfile[]> | undefined

  const client: QualysClient = {
    urls,
    listOptionProfiles() {
      // Profiles do not change during a run: one list call serves every title of every spec.
      profiles ??= v2('GET', optionProfileListPath).then(parseOptionProfiles)
      profiles.catch(() => (profiles = undefined))
      return profiles
    },
    async resolveOptionProfile(title) {
      return findOptionProfile(await client.listOptionProfiles(), title)
    },
    async listOrgConnectors() {
      const all: OrgConnector[] = []
      const size = 100
      for (let page = 0; ; page++) {
        const answer = (await gateway('GET', connectorPaths.list(page, size))) as { content?: unknown[]; totalPages?: number }
        const content = Array.isArray(answer?.content) ? answer.content : []
        for (const item of content) all.push(asConnector(item, 'listing connectors'))
        const totalPages = typeof answer?.totalPages === 'number' ? answer.totalPages : page + 1
        if (page + 1 >= totalPages || content.length === 0) return all
      }
    },
    async createOrgConnector(body) {
      return asConnector(await gateway('POST', connectorPaths.create, body), 'creating a connector')
    },
    async updateOrgConnector(id, body) {
      return asConnector(await gateway('PUT', connectorPaths.update(id), body), `updating connector ${id}`)
    },
    async setOrgConnectorStatus(id, status) {
      await gateway('PUT', connectorPaths.status(status === 'enable' ? 'ENABLE' : 'DISABLE'), [id])
    },
    plan(desired, planOptions) {
      return planConnectors(client, desired, planOptions)
    },
    apply(plan, applyOptions) {
      return applyPlan(client, plan, applyOptions)
    },
    async close() {
      const strategies = new Set([options.auth.v2 ?? options.auth.gateway, options.auth.gateway])
      const results = await Promise.allSettled([...strategies].map((s) => s.close()))
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failed) throw failed.reason
    },
  }
  return client
}
