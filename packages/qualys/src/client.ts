import {
  describeTarget,
  gatewayErrorMessage,
  headerValue,
  parseSimpleReturn,
  TransportError,
  withRequestedWith,
  type AuthContext,
  type AuthStrategy,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from '@scanplan/core/adapters'
import { orgConnectorEndpoints, seedUpdateForm, updateOrgConnectorRequest, type ConnectorRequest, type UpdateForm } from '@scanplan/core'
import { createConcurrencyLimit, type ConcurrencyLimit } from './concurrency-limit.js'
import { createRateBudget, type BudgetState, type RateBudget } from './rate-budget.js'
import { ConnectorNotListedError, NoApiServerLoginError, QualysApiError } from './errors.js'
import { findOptionProfile, parseOptionProfiles, type OptionProfile } from './option-profiles.js'
import type { ConnectorApi, OrgConnector } from './connector-api.js'
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
   * `v2` authenticates `/api/2.0/` calls, `gateway` the connector API (one bearer strategy may do both: an OIDC
   * token where Qualys enabled it on the API server). Without `v2` (OIDC client credentials sign in to the gateway
   * only) option profiles cannot be listed: such calls fail with NoApiServerLoginError. `apiServerRefusedHint` is
   * added to the error of an API server 401.
   */
  auth: { v2?: AuthStrategy; gateway: AuthStrategy; apiServerRefusedHint?: string }
  /** Qualys' per-subscription concurrency limit (default 2). Ignored when `concurrencyLimit` is given. */
  limits?: { concurrency?: number }
  /** A limit shared with other clients of the same subscription. */
  concurrencyLimit?: ConcurrencyLimit
  /**
   * The gateway's calls-per-window budget, shared with other clients of the same subscription (`createRateBudget`,
   * where waits are reported). Default: this client's own, which reports nothing.
   */
  gatewayBudget?: RateBudget
  signal?: AbortSignal
}

/** Member connectors asked for the documented organization listing at most, when `AZURE/list` shows no organization connectors. */
const maxMemberProbes = 20

/** An item of `AZURE/list` that is an organization (tenant) connector, not an account-level one. */
export function isOrgItem(item: Record<string, unknown>): boolean {
  return typeof item.organizationId === 'string' || typeof item.tenantId === 'string'
}

export const optionProfileListPath = '/api/2.0/fo/subscription/option_profile/vm/?action=list'

/** 429s one gateway call takes (each after waiting out the reset it named) before its refusal is the answer. */
const maxRefusalsPerCall = 5

const trimSlash = (url: string) => url.replace(/\/+$/, '')

export interface QualysClient extends ConnectorApi {
  readonly urls: QualysUrls
  /** The profile with exactly this title; otherwise an OptionProfileNotFoundError listing the titles and the default. */
  resolveOptionProfile(title: string): Promise<OptionProfile>
  /** One connector by id (a pinned id), or undefined when the gateway says 404. */
  getOrgConnector(id: number): Promise<OrgConnector | undefined>
  /**
   * Learns the update's method and id form with updates that carry no body (nothing to apply, so nothing changes),
   * and keeps it for later updates. Throws the gateway's answer when neither reading fits (the connector is gone).
   */
  probeUpdateForm(id: number, uuid?: string): Promise<UpdateForm>
  /** The gateway budget as the answers so far stated it: what plan compares its estimate with. */
  gatewayBudget(): BudgetState
  /** What this client learned of the update, once an update (or probeUpdateForm) succeeded. */
  readonly updateForm: UpdateForm | undefined
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
  const budget = options.gatewayBudget ?? createRateBudget()
  const { transport } = options
  const ctx: AuthContext = { transport, gateway: urls.gateway, ...(options.signal ? { signal: options.signal } : {}) }

  async function send(auth: AuthStrategy, request: HttpRequest): Promise<HttpResponse> {
    return limit.run(async () => {
      let response = await transport.send(withRequestedWith(await auth.authenticate(request, ctx)))
      // One renewal (expired token or session), never more: a second 401 is the answer.
      if (response.status === 401 && auth.renew && (await auth.renew(response, ctx))) {
        response = await transport.send(withRequestedWith(await auth.authenticate(request, ctx)))
      }
      return response
    }, request.signal)
  }

  async function v2(method: HttpMethod, path: string): Promise<string> {
    const url = `${urls.apiServer}${path}`
    if (!options.auth.v2) {
      throw new NoApiServerLoginError(`${method} ${describeTarget(url)} needs an API server login, and this account signs in with OIDC client credentials (gateway only): give option profiles by numeric id`)
    }
    const response = await send(options.auth.v2, { method, url, headers: {}, ...(options.signal ? { signal: options.signal } : {}) })
    // Qualys reports v2 errors in SIMPLE_RETURN whatever the status: an expired account is CODE 2001 in an HTTP 200.
    const answer = parseSimpleReturn(response.body)
    // A refused sign-in on the API server: the strategies' advice says what to change (an OIDC token not enabled there).
    const hint = response.status === 401 && options.auth.apiServerRefusedHint ? `; ${options.auth.apiServerRefusedHint}` : ''
    if (answer?.code !== undefined) {
      const wait = Number(answer.items.SECONDS_TO_WAIT ?? headerValue(response.headers, 'x-ratelimit-towait-sec') ?? Number.NaN)
      throw new QualysApiError(`Qualys answered ${method} ${describeTarget(url)} with code ${answer.code}: ${answer.text}${hint}`, response.status, answer.code, undefined, Number.isFinite(wait) ? wait : undefined)
    }
    if (response.status >= 400) throw new QualysApiError(`Qualys answered ${method} ${describeTarget(url)} with HTTP ${response.status}${hint}`, response.status)
    return response.body
  }

  /** `signal`: this call's own, instead of the client's (a check that must finish although the run was interrupted). */
  async function gateway(method: HttpMethod, path: string, body?: unknown, signal = options.signal): Promise<unknown> {
    const url = `${urls.gateway}${path}`
    const request: HttpRequest = {
      method,
      url,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
      pacedByCaller: true,
    }
    let response: HttpResponse
    // The budget waits for the window; a 429 proves the call did not run (a POST too), so it is sent again once the
    // reset it named has passed, a few times at most.
    for (let refused = 0; ; refused++) {
      try {
        await budget.acquire(signal)
      } catch {
        // Cancelled while waiting: nothing was sent, so a run stopped here can simply be run again.
        throw new TransportError(`${method} ${describeTarget(url)} was cancelled while waiting for the gateway's budget (nothing was sent)`, 'aborted', method, describeTarget(url), false, 0)
      }
      try {
        response = await send(options.auth.gateway, request)
      } catch (error) {
        budget.release()
        throw error
      }
      budget.observe(response)
      if (response.status !== 429 || refused >= maxRefusalsPerCall || !budget.waitsOut()) break
    }
    if (response.status < 200 || response.status > 299) {
      const said = gatewayErrorMessage(response.body)
      if (response.status === 429) {
        const reset = Number(headerValue(response.headers, 'retry-after') || headerValue(response.headers, 'x-ratelimit-reset') || Number.NaN)
        const wait = Number.isFinite(reset) ? `; the gateway's limit resets in ${reset} s (${Math.ceil(reset / 60)} min)` : ''
        throw new QualysApiError(`Qualys rate limit: ${method} ${describeTarget(url)} was refused with HTTP 429${wait}`, 429, undefined, said, Number.isFinite(reset) ? reset : undefined)
      }
      throw new QualysApiError(`Qualys answered ${method} ${describeTarget(url)} with HTTP ${response.status}${said ? `: ${said}` : ''}`, response.status, undefined, said)
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
  let learned: UpdateForm | undefined

  /**
   * Runs one update `attempt` in the form this account answered before, else the seed's reading (PUT, numeric id).
   * A 405 (wrong method) or a 404 (wrong id form) changes nothing on the server, so trying the other reading is
   * safe; what worked is kept for the next update. At most four calls.
   */
  async function withUpdateForm<T>(id: number, uuid: string | undefined, attempt: (form: UpdateForm) => Promise<T>): Promise<T> {
    let form: UpdateForm = learned ?? seedUpdateForm
    const tried = new Set<string>()
    for (;;) {
      tried.add(`${form.method} ${form.by}`)
      try {
        if (form.by === 'uuid' && uuid === undefined) throw new QualysApiError(`updating connector ${id}: the gateway wants its uuid, and the listing gave none`, 404)
        const result = await attempt(form)
        learned = form
        return result
      } catch (error) {
        if (!(error instanceof QualysApiError) || (error.status !== 405 && !(error.status === 404 && uuid !== undefined))) throw error
        form = error.status === 405 ? { ...form, method: form.method === 'PUT' ? 'POST' : 'PUT' } : { ...form, by: form.by === 'id' ? 'uuid' : 'id' }
        // Both readings of this answer tried (a 404 under both id forms: the connector is gone): the answer stands.
        if (tried.has(`${form.method} ${form.by}`)) throw error
      }
    }
  }

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
    async listOrgConnectors(names, listOptions) {
      const signal = listOptions?.signal ?? options.signal
      const size = 100
      const listing = async (path: (page: number) => string) => {
        const items: Record<string, unknown>[] = []
        for (let page = 0; page < 10_000; page++) {
          const answer = (await gateway(orgConnectorEndpoints.list.method, path(page), undefined, signal)) as { content?: unknown[]; totalPages?: number }
          const content = Array.isArray(answer?.content) ? answer.content : []
          for (const item of content) if (item !== null && typeof item === 'object') items.push(item as Record<string, unknown>)
          const totalPages = typeof answer?.totalPages === 'number' ? answer.totalPages : page + 1
          if (page + 1 >= totalPages || content.length === 0) break
        }
        return items
      }
      const listed = await listing((page) => orgConnectorEndpoints.list.path(page, size))
      const byId = new Map<number, OrgConnector>()
      for (const item of listed.filter(isOrgItem)) byId.set(Number(item.id), asConnector(item, 'listing connectors'))
      // AZURE/list is attested only with account-level items (docs/simulator.md, variant org-list-absent): the organization connectors are then
      // in the documented listing of the tenant connectors a member connector may attach to.
      const members = listed.filter((item) => !isOrgItem(item) && item.id !== undefined)
      const missing = () => (names ?? []).some((n) => ![...byId.values()].some((c) => c.name === n))
      for (const member of members.slice(0, maxMemberProbes)) {
        if (names !== undefined && !missing()) break
        for (const item of await listing((page) => orgConnectorEndpoints.validOrgConnectors.path(member.id as number | string, page, size))) {
          const connector = asConnector(item, 'listing organization connectors')
          if (!byId.has(connector.id)) byId.set(connector.id, connector)
        }
        if (names === undefined) break
      }
      return [...byId.values()].filter((c) => c.isDeleted !== true && c.deleted !== true)
    },
    async getOrgConnector(id) {
      try {
        return asConnector(await gateway(orgConnectorEndpoints.get.method, orgConnectorEndpoints.get.path(id)), `reading connector ${id}`)
      } catch (error) {
        if (error instanceof QualysApiError && error.status === 404) return undefined
        throw error
      }
    },
    async createOrgConnector(request) {
      try {
        return asConnector(await gateway(request.method, request.path, request.body), 'creating a connector')
      } catch (error) {
        // Names are unique per account ("A unique name for the tenant connector", create page): refused for its name,
        // the connector exists, and no listing showed it. Never create a second one under another name.
        if (error instanceof QualysApiError && (error.status === 400 || error.status === 409) && /\bname\b[^;]*(already exists|unique|duplicate)/i.test(error.said ?? '')) {
          throw new ConnectorNotListedError(request.body.name, error.said ?? '')
        }
        throw error
      }
    },
    gatewayBudget() {
      return budget.state()
    },
    get updateForm() {
      return learned
    },
    updateOrgConnector(id, body, uuid) {
      return withUpdateForm(id, uuid, async (form) => {
        const request: ConnectorRequest = updateOrgConnectorRequest(id, body, form, uuid)
        return asConnector(await gateway(request.method, request.path, request.body), `updating connector ${id}`)
      })
    },
    probeUpdateForm(id, uuid) {
      // An update with no body has nothing to apply: the gateway refuses it for the body (400, 415) once method and
      // id form are right, and with 405 or 404 (which change nothing) while they are not.
      return withUpdateForm(id, uuid, async (form) => {
        try {
          await gateway(form.method, orgConnectorEndpoints.update.path(form.by === 'id' ? id : uuid!, form.method))
        } catch (error) {
          // Refused for the body: this method and id form reach the connector. Any other answer is the answer.
          const forTheBody = error instanceof QualysApiError && error.status >= 400 && error.status < 500 && ![401, 404, 405, 429].includes(error.status)
          if (!forTheBody) throw error
        }
        return form
      })
    },
    async setOrgConnectorStatus(id, status) {
      await gateway(orgConnectorEndpoints.status.method, orgConnectorEndpoints.status.path(status === 'enable' ? 'ENABLE' : 'DISABLE'), [id])
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
