import { createHash, randomUUID } from 'node:crypto'
import { connectorView } from './connector-view.js'
import { validateOrgConnector, type FieldError } from './connector-validation.js'
import { documentedOrgItem, memberConnectorId, memberConnectorItem, presentConnector } from './connector-answers.js'
import { serviceUnavailable, type Reply, type SimRequest, type SimulatorCore } from './simulator-core.js'
import type { FixtureUser } from './fixture.js'
import type { SubscriptionState } from './state.js'
import { gatewayTimestamp } from './connector-view.js'
import type { Variant } from './variants.js'

/**
 * The gateway: `/auth`, `/auth/oidc` and the Azure organization connector API under `/connectors/v1.0/`.
 * No public sample of a gateway error body exists (docs/simulator.md); the simulator answers errors as JSON
 * `{ timestamp, status, error, message, path, errors? }` and the README records that choice.
 */

const reasons: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests',
}

function json(status: number, body: unknown, headers: Array<[string, string]> = []): Reply {
  return { status, headers: [['Content-Type', 'application/json'], ...headers], body: JSON.stringify(body) }
}

function error(sim: SimulatorCore, req: SimRequest, status: number, message: string, errors?: FieldError[], headers: Array<[string, string]> = []): Reply {
  return json(
    status,
    { timestamp: gatewayTimestamp(sim.clock.now()), status, error: reasons[status] ?? 'Error', message, path: req.path, ...(errors ? { errors } : {}) },
    headers,
  )
}

function issueToken(sim: SimulatorCore, user: FixtureUser, subscription: SubscriptionState, clientId?: string): Reply {
  const iat = Math.floor(sim.clock.now() / 1000)
  const token = sim.signer.sign({ sub: user.username, subscriptionId: subscription.id, userUuid: user.uuid, iat, exp: iat + sim.tokenTtlSec, ...(clientId !== undefined ? { clientId } : {}) })
  sim.countersOf(subscription.id).tokensIssued++
  return { status: 201, headers: [['Content-Type', 'text/plain;charset=UTF-8']], body: token }
}

function accountProblem(sim: SimulatorCore, user: FixtureUser): string | undefined {
  if (sim.isExpired(user.username, user.accountExpired)) return 'This account has expired.'
  if (sim.isInactive(user.username, user.status)) return 'Registration must be completed before API requests will be served for this account'
  return undefined
}

function auth(sim: SimulatorCore, req: SimRequest): Reply {
  if (req.method !== 'POST') return error(sim, req, 405, 'use POST', undefined, [['Allow', 'POST']])
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return error(sim, req, 415, 'send username, password and token=true as application/x-www-form-urlencoded')
  }
  const form = new URLSearchParams(req.body.toString('utf8'))
  if (form.get('token') !== 'true') return error(sim, req, 400, 'token=true is required')
  const found = sim.state.findUser(form.get('username') ?? '')
  if (!found || found.user.password !== form.get('password')) return error(sim, req, 401, 'Authentication failed: bad username or password')
  const problem = accountProblem(sim, found.user)
  if (problem) return error(sim, req, 401, problem)
  return issueToken(sim, found.user, found.subscription)
}

/**
 * OIDC client credentials: `/auth/oidc` for user-level clients, `/auth/oauth` for subscription-level ones
 * (generate_authentication_token.htm). A client asking at the other endpoint is refused.
 */
function authOidc(sim: SimulatorCore, req: SimRequest, level: 'user' | 'subscription'): Reply {
  if (req.method !== 'POST') return error(sim, req, 405, 'use POST', undefined, [['Allow', 'POST']])
  const clientId = req.headers.clientid
  const clientSecret = req.headers.clientsecret
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') return error(sim, req, 401, 'the clientId and clientSecret headers are required')
  const found = sim.state.findOidcClient(clientId)
  if (!found || found.client.clientSecret !== clientSecret) return error(sim, req, 401, 'Authentication failed: bad client id or secret')
  if ((found.client.level ?? 'user') !== level) {
    return error(sim, req, 401, `Authentication failed: this is a ${found.client.level ?? 'user'}-level client; ask ${level === 'user' ? '/auth/oauth' : '/auth/oidc'}`)
  }
  const user = found.subscription.users.find((u) => u.username === found.client.username)!
  const problem = accountProblem(sim, user)
  if (problem) return error(sim, req, 401, problem)
  return issueToken(sim, user, found.subscription, found.client.clientId)
}

const orgPath = /^\/connectors\/v1\.0\/org\/azure\/?$/
const orgItemPath = /^\/connectors\/v1\.0\/org\/azure\/([^/]+)\/?$/
const validOrgPath = /^\/connectors\/v1\.0\/azure\/valid-org-connectors\/([^/]+)\/?$/
const listPath = /^\/connectors\/v1\.0\/AZURE\/list\/?$/
const statusPath = /^\/connectors\/v1\.0\/org\/azure\/status\/?$/

const tokenPaths: Record<string, (sim: SimulatorCore, req: SimRequest) => Reply> = {
  '/auth': auth,
  '/auth/oidc': (sim, req) => authOidc(sim, req, 'user'),
  '/auth/oauth': (sim, req) => authOidc(sim, req, 'subscription'),
}

export async function handleGateway(sim: SimulatorCore, req: SimRequest): Promise<Reply> {
  const tokenEndpoint = tokenPaths[req.path.replace(/(.)\/$/, '$1')]
  if (tokenEndpoint) {
    sim.tokenRequests++
    // Variant token-503: every other token request meets a front end with nothing behind it.
    if (sim.plays('token-503') && sim.tokenRequests % 2 === 1) {
      sim.totals.token503++
      return serviceUnavailable(503)
    }
    return tokenEndpoint(sim, req)
  }
  if (!req.path.startsWith('/connectors/v1.0/')) return error(sim, req, 404, `no such path ${req.path}`)

  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
  if (!bearer) return error(sim, req, 401, 'a bearer token from POST /auth is required')
  const verified = sim.signer.verify(bearer, Math.floor(sim.clock.now() / 1000))
  if (!verified.ok) return error(sim, req, 401, verified.reason)
  const found = sim.state.findUser(verified.claims.sub)
  if (!found) return error(sim, req, 401, 'unknown user')
  const problem = accountProblem(sim, found.user)
  if (problem) return error(sim, req, 401, problem)
  const { user, subscription } = found
  const counters = sim.countersOf(subscription.id)
  counters.gatewayRequests++
  if (req.method === 'POST' && orgPath.test(req.path)) counters.connectorCreateRequests++
  const limiter = sim.gatewayLimiter(subscription)
  const now = sim.clock.now()
  const admitted = limiter.admit(now)
  // Variant gateway-429-bare (elastic/integrations#16517): blank rate headers, `X-RateLimit-Reset`, no `Retry-After`.
  const bare = sim.plays('gateway-429-bare')
  const blank = bare || sim.faults.blankGatewayRateHeaders === true
  // Both windows say when they free a call: the sliding one when its oldest call leaves it, the fixed one when it
  // ends (elastic/integrations#16517 saw `x-ratelimit-Reset`); apply paces itself by it.
  const reset: Array<[string, string]> = [['X-RateLimit-Reset', String(limiter.resetSec(now))]]
  const windowSec: Array<[string, string]> = [['X-RateLimit-Window-Sec', blank ? '' : String(subscription.limits.gateway.windowSec)]]
  if (!admitted.ok) {
    counters.gatewayRejected429++
    return error(sim, req, 429, 'API rate limit exceeded', undefined, [
      ...(bare ? [] : [['Retry-After', String(admitted.toWaitSec)] as [string, string]]),
      ['X-RateLimit-Limit', blank ? '' : String(subscription.limits.gateway.rate)],
      ['X-RateLimit-Remaining', blank ? '' : '0'],
      ...windowSec,
      ...reset,
    ])
  }
  const rateHeaders: Array<[string, string]> = [
    ['X-RateLimit-Limit', blank ? '' : String(subscription.limits.gateway.rate)],
    ['X-RateLimit-Remaining', blank ? '' : String(admitted.remaining)],
    ...windowSec,
    ...reset,
  ]
  const running = (sim.gatewayRunning.get(subscription.id) ?? 0) + 1
  sim.gatewayRunning.set(subscription.id, running)
  counters.gatewayMaxConcurrent = Math.max(counters.gatewayMaxConcurrent, running)
  try {
    await sim.latency(req)
    const reply = connectors(sim, req, user, subscription)
    reply.headers.push(...rateHeaders)
    return reply
  } finally {
    sim.gatewayRunning.set(subscription.id, sim.gatewayRunning.get(subscription.id)! - 1)
  }
}

function readJson(sim: SimulatorCore, req: SimRequest): { ok: true; body: unknown } | { ok: false; reply: Reply } {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return { ok: false, reply: error(sim, req, 415, 'Content-Type must be application/json') }
  try {
    return { ok: true, body: JSON.parse(req.body.toString('utf8')) }
  } catch (e) {
    return { ok: false, reply: error(sim, req, 400, `the body is not valid JSON: ${(e as Error).message}`) }
  }
}

/** `pageNumber` (0-based) and `pageSize` of a listing, and the documented page wrapper around its items. */
function listPage(sim: SimulatorCore, req: SimRequest): { ok: true; of: (all: unknown[]) => unknown } | { ok: false; reply: Reply } {
  const pageNumber = req.query.get('pageNumber') ?? '0'
  const pageSize = req.query.get('pageSize') ?? '50'
  if (!/^\d+$/.test(pageNumber)) return { ok: false, reply: error(sim, req, 400, `pageNumber must be a non-negative integer, got ${pageNumber}`) }
  if (!/^\d+$/.test(pageSize) || Number(pageSize) < 1 || Number(pageSize) > 1000) return { ok: false, reply: error(sim, req, 400, `pageSize must be an integer from 1 to 1000, got ${pageSize}`) }
  const size = Number(pageSize)
  const page = Number(pageNumber)
  return {
    ok: true,
    of: (all) => {
      const content = all.slice(page * size, page * size + size)
      return { currentPage: page, currentPageSize: size, totalPages: Math.ceil(all.length / size), numberOfElements: content.length, content }
    },
  }
}

function connectors(sim: SimulatorCore, req: SimRequest, user: FixtureUser, subscription: SubscriptionState): Reply {
  const plays = (v: Variant) => sim.plays(v)
  if (orgPath.test(req.path)) {
    if (req.method !== 'POST') return error(sim, req, 405, `${req.method} is not supported here; create with POST`, undefined, [['Allow', 'POST']])
    const read = readJson(sim, req)
    if (!read.ok) return read.reply
    const result = validateOrgConnector(read.body, {
      optionProfileIds: subscription.optionProfiles.map((p) => p.id),
      vmActivated: subscription.vmActivated,
      nameTaken: (name) => subscription.connectorsByName.has(name),
    })
    if (!result.ok) return error(sim, req, 400, `invalid connector: ${result.errors.length} problem(s)`, result.errors)
    const view = connectorView(result.value, {
      id: subscription.nextConnectorId,
      uuid: randomUUID(),
      customerId: subscription.uuid,
      userUuid: user.uuid,
      userName: user.username,
      createdBy: user.fullName,
      lastSynced: sim.clock.now(),
      disabled: false,
    })
    subscription.nextConnectorId++
    const created = { view, secretValueSha256: createHash('sha256').update(result.value.secretValue).digest('hex') }
    subscription.connectors.push(created)
    subscription.connectorsByName.set(view.name, created)
    sim.countersOf(subscription.id).connectorCreates++
    sim.state.save()
    return json(200, presentConnector(view, plays))
  }
  if (statusPath.test(req.path)) return setStatus(sim, req, subscription)
  const item = orgItemPath.exec(req.path)
  if (item) {
    const key = item[1]!
    const numeric = /^\d+$/.test(key)
    const stored = subscription.connectors.find((c) => (numeric ? c.view.id === Number(key) : c.view.uuid === key))
    if (req.method === 'GET') return stored ? json(200, presentConnector(stored.view, plays)) : error(sim, req, 404, `no Azure organization connector ${key}`)
    // The docs disagree on the update (https://docs.qualys.com/en/conn/api/azure_3/Update_Azure_Organization_Connector1.htm; docs/simulator.md#variants-the-readings-of-the-docs-where-qualys-public-sources-disagree): the seed's PUT with a numeric id by default; variants
    // update-post (the page heading's POST) and update-by-uuid (the release note's curl) play the other readings.
    const method = sim.plays('update-post') ? 'POST' : 'PUT'
    if (req.method !== method) return error(sim, req, 405, `${req.method} is not supported here; update with ${method}`, undefined, [['Allow', `GET, ${method}`]])
    if (!stored || numeric === sim.plays('update-by-uuid')) return error(sim, req, 404, `no Azure organization connector ${key}`)
    const read = readJson(sim, req)
    if (!read.ok) return read.reply
    const result = validateOrgConnector(read.body, {
      optionProfileIds: subscription.optionProfiles.map((p) => p.id),
      vmActivated: subscription.vmActivated,
      nameTaken: (name) => (subscription.connectorsByName.get(name) ?? stored) !== stored,
    })
    const errors = result.ok ? [] : result.errors
    if (result.ok && result.value.tenantId !== stored.view.tenantId) errors.push({ field: 'tenantId', message: 'cannot be changed by the Update API; create a new connector for another tenant' })
    if (!result.ok || errors.length > 0) return error(sim, req, 400, `invalid connector: ${errors.length} problem(s)`, errors)
    const view = connectorView(result.value, {
      id: stored.view.id,
      uuid: stored.view.uuid,
      customerId: stored.view.customerId,
      userUuid: stored.view.userUuid,
      userName: stored.view.userName,
      createdBy: stored.view.createdBy,
      lastSynced: Date.parse(stored.view.lastSynced),
      disabled: stored.view.disabled,
    })
    subscription.connectorsByName.delete(stored.view.name)
    stored.view = view
    subscription.connectorsByName.set(view.name, stored)
    stored.secretValueSha256 = createHash('sha256').update(result.value.secretValue).digest('hex')
    sim.countersOf(subscription.id).connectorUpdates++
    sim.state.save()
    return json(200, presentConnector(view, plays))
  }
  const page = listPage(sim, req)
  if (listPath.test(req.path)) {
    if (req.method !== 'GET') return error(sim, req, 405, 'use GET', undefined, [['Allow', 'GET']])
    if (!page.ok) return page.reply
    // Variant org-list-absent: the community clients' listing shows account-level connectors only (docs/simulator.md, variant org-list-absent).
    const all = sim.plays('org-list-absent') ? subscription.connectors.map(memberConnectorItem) : subscription.connectors.map((c) => presentConnector(c.view, plays))
    return json(200, page.of(all))
  }
  const valid = validOrgPath.exec(req.path)
  if (valid) {
    if (req.method !== 'GET') return error(sim, req, 405, 'use GET', undefined, [['Allow', 'GET']])
    if (!page.ok) return page.reply
    // Tenant connectors the member connector may attach to: in the simulator, every one of its subscription.
    const member = subscription.connectors.find((c) => String(memberConnectorId(c.view.id)) === valid[1])
    if (!member) return error(sim, req, 404, `no Azure member connector ${valid[1]}`)
    return json(200, page.of(subscription.connectors.map((c) => documentedOrgItem(c.view, plays))))
  }
  return error(sim, req, 404, `no such path ${req.path}`)
}

/**
 * Enable or disable connectors: `?action=ENABLE|DISABLE` and a JSON array of ids (https://docs.qualys.com/en/conn/api/azure_3/enable_disable_azure_organization_connector.htm). The docs' heading says POST
 * and their sample PUT, so both are accepted. All ids must be the caller's, or nothing changes.
 */
function setStatus(sim: SimulatorCore, req: SimRequest, subscription: SubscriptionState): Reply {
  if (req.method !== 'PUT' && req.method !== 'POST') return error(sim, req, 405, 'use PUT (or POST)', undefined, [['Allow', 'PUT, POST']])
  const action = req.query.get('action')
  if (action !== 'ENABLE' && action !== 'DISABLE') return error(sim, req, 400, `action must be ENABLE or DISABLE, got ${action === null ? 'nothing' : JSON.stringify(action)}`)
  const read = readJson(sim, req)
  if (!read.ok) return read.reply
  const ids = read.body
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => Number.isInteger(id))) return error(sim, req, 400, 'the body must be a non-empty JSON array of connector ids, e.g. [186015]')
  const targets = ids.map((id: number) => subscription.connectors.find((c) => c.view.id === id))
  const unknown = ids.filter((_, i) => targets[i] === undefined)
  if (unknown.length > 0) return error(sim, req, 404, `no Azure organization connector ${unknown.join(', ')}`)
  for (const target of targets) target!.view.disabled = action === 'DISABLE'
  sim.state.save()
  const content = targets.map((t) => t!.view)
  return json(200, { currentPage: 0, currentPageSize: content.length, totalPages: 1, numberOfElements: content.length, content })
}
