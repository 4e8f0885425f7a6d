import { createHash, randomUUID } from 'node:crypto'
import { connectorView } from './connector-view.js'
import { validateOrgConnector, type FieldError } from './connector-validation.js'
import type { Reply, SimRequest, SimulatorCore } from './core.js'
import type { FixtureUser } from './fixture.js'
import type { SubscriptionState } from './state.js'
import { gatewayTimestamp } from './connector-view.js'

/**
 * The gateway: `/auth`, `/auth/oidc` and the Azure organization connector API under `/connectors/v1.0/`.
 * No public sample of a gateway error body exists (reference §6); the simulator answers errors as JSON
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

function issueToken(sim: SimulatorCore, user: FixtureUser, subscription: SubscriptionState): Reply {
  const iat = Math.floor(sim.clock.now() / 1000)
  const token = sim.signer.sign({ sub: user.username, subscriptionId: subscription.id, userUuid: user.uuid, iat, exp: iat + sim.tokenTtlSec })
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

function authOidc(sim: SimulatorCore, req: SimRequest): Reply {
  if (req.method !== 'POST') return error(sim, req, 405, 'use POST', undefined, [['Allow', 'POST']])
  const clientId = req.headers.clientid
  const clientSecret = req.headers.clientsecret
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') return error(sim, req, 401, 'the clientId and clientSecret headers are required')
  const found = sim.state.findOidcClient(clientId)
  if (!found || found.client.clientSecret !== clientSecret) return error(sim, req, 401, 'Authentication failed: bad client id or secret')
  const user = found.subscription.users.find((u) => u.username === found.client.username)!
  const problem = accountProblem(sim, user)
  if (problem) return error(sim, req, 401, problem)
  return issueToken(sim, user, found.subscription)
}

const orgPath = /^\/connectors\/v1\.0\/org\/azure\/?$/
const orgItemPath = /^\/connectors\/v1\.0\/org\/azure\/(\d+)\/?$/
const listPath = /^\/connectors\/v1\.0\/AZURE\/list\/?$/
const statusPath = /^\/connectors\/v1\.0\/org\/azure\/status\/?$/

export async function handleGateway(sim: SimulatorCore, req: SimRequest): Promise<Reply> {
  if (req.path === '/auth' || req.path === '/auth/') return auth(sim, req)
  if (req.path === '/auth/oidc' || req.path === '/auth/oidc/') return authOidc(sim, req)
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
  const limiter = sim.gatewayLimiter(subscription)
  const admitted = limiter.admit(sim.clock.now())
  if (!admitted.ok) {
    counters.gatewayRejected429++
    const blank = sim.faults.blankGatewayRateHeaders === true
    return error(sim, req, 429, 'API rate limit exceeded', undefined, [
      ['Retry-After', String(admitted.toWaitSec)],
      ['X-RateLimit-Limit', blank ? '' : String(subscription.limits.gateway.rate)],
      ['X-RateLimit-Remaining', blank ? '' : '0'],
      ['X-RateLimit-Window-Sec', blank ? '' : String(subscription.limits.gateway.windowSec)],
      ['X-RateLimit-Reset', blank ? '' : String(admitted.toWaitSec)],
    ])
  }
  const blank = sim.faults.blankGatewayRateHeaders === true
  const rateHeaders: Array<[string, string]> = [
    ['X-RateLimit-Limit', blank ? '' : String(subscription.limits.gateway.rate)],
    ['X-RateLimit-Remaining', blank ? '' : String(admitted.remaining)],
    ['X-RateLimit-Window-Sec', blank ? '' : String(subscription.limits.gateway.windowSec)],
    // Seconds until the oldest call of the sliding window leaves it (elastic/integrations#16517 saw this header).
    ['X-RateLimit-Reset', blank ? '' : String(limiter.resetSec(sim.clock.now()))],
  ]
  await sim.latency(req)
  const reply = connectors(sim, req, user, subscription)
  reply.headers.push(...rateHeaders)
  return reply
}

function readJson(sim: SimulatorCore, req: SimRequest): { ok: true; body: unknown } | { ok: false; reply: Reply } {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return { ok: false, reply: error(sim, req, 415, 'Content-Type must be application/json') }
  try {
    return { ok: true, body: JSON.parse(req.body.toString('utf8')) }
  } catch (e) {
    return { ok: false, reply: error(sim, req, 400, `the body is not valid JSON: ${(e as Error).message}`) }
  }
}

function connectors(sim: SimulatorCore, req: SimRequest, user: FixtureUser, subscription: SubscriptionState): Reply {
  if (orgPath.test(req.path)) {
    if (req.method !== 'POST') return error(sim, req, 405, `${req.method} is not supported here; create with POST`, undefined, [['Allow', 'POST']])
    const read = readJson(sim, req)
    if (!read.ok) return read.reply
    const result = validateOrgConnector(read.body, {
      optionProfileIds: subscription.optionProfiles.map((p) => p.id),
      vmActivated: subscription.vmActivated,
      otherNames: subscription.connectors.map((c) => c.view.name),
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
    subscription.connectors.push({ view, secretValueSha256: createHash('sha256').update(result.value.secretValue).digest('hex') })
    sim.countersOf(subscription.id).connectorCreates++
    sim.state.save()
    return json(200, view)
  }
  if (statusPath.test(req.path)) return setStatus(sim, req, subscription)
  const item = orgItemPath.exec(req.path)
  if (item) {
    const stored = subscription.connectors.find((c) => c.view.id === Number(item[1]))
    if (req.method === 'GET') return stored ? json(200, stored.view) : error(sim, req, 404, `no Azure organization connector ${item[1]}`)
    if (req.method !== 'PUT') return error(sim, req, 405, `${req.method} is not supported here; update with PUT`, undefined, [['Allow', 'GET, PUT']])
    if (!stored) return error(sim, req, 404, `no Azure organization connector ${item[1]}`)
    const read = readJson(sim, req)
    if (!read.ok) return read.reply
    const result = validateOrgConnector(read.body, {
      optionProfileIds: subscription.optionProfiles.map((p) => p.id),
      vmActivated: subscription.vmActivated,
      otherNames: subscription.connectors.filter((c) => c !== stored).map((c) => c.view.name),
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
    stored.view = view
    stored.secretValueSha256 = createHash('sha256').update(result.value.secretValue).digest('hex')
    sim.countersOf(subscription.id).connectorUpdates++
    sim.state.save()
    return json(200, view)
  }
  if (listPath.test(req.path)) {
    if (req.method !== 'GET') return error(sim, req, 405, 'use GET', undefined, [['Allow', 'GET']])
    const pageNumber = req.query.get('pageNumber') ?? '0'
    const pageSize = req.query.get('pageSize') ?? '50'
    if (!/^\d+$/.test(pageNumber)) return error(sim, req, 400, `pageNumber must be a non-negative integer, got ${pageNumber}`)
    if (!/^\d+$/.test(pageSize) || Number(pageSize) < 1 || Number(pageSize) > 1000) return error(sim, req, 400, `pageSize must be an integer from 1 to 1000, got ${pageSize}`)
    const size = Number(pageSize)
    const page = Number(pageNumber)
    const all = subscription.connectors.map((c) => c.view)
    const content = all.slice(page * size, page * size + size)
    return json(200, { currentPage: page, currentPageSize: size, totalPages: Math.ceil(all.length / size), numberOfElements: content.length, content })
  }
  return error(sim, req, 404, `no such path ${req.path}`)
}

/**
 * Enable or disable connectors: `?action=ENABLE|DISABLE` and a JSON array of ids (§1.2). The docs' heading says POST
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
