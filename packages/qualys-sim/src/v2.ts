import { randomBytes } from 'node:crypto'
import { activityCsv, activityParameters, recordActivity } from './activity-log.js'
import type { FixtureUser } from './fixture.js'
import type { Reply, SimRequest, SimulatorCore } from './simulator-core.js'
import { callsToFinishText, waitWords } from './limits.js'
import { platformOfUsername, platforms } from './platforms.js'
import type { SubscriptionState } from './state.js'
import { optionProfileList, simpleReturn } from './xml.js'

/**
 * The API server's `/api/2.0/` paths: session login/logout, HTTP Basic, the option profile list, limits and the
 * v2 error answers, laid out as the US3 captures are (the US3 recordings in JupiterOne-Archives/graph-qualys, src/provider/__recordings__; https://docs.qualys.com/en/vm/api/assets/get_started/api_limits.htm).
 */

const xmlType: [string, string] = ['Content-Type', 'text/xml;charset=UTF-8']

function apiServerFor(platform: string | undefined): string {
  return platforms[platform ?? 'US1']?.apiServer ?? platforms.US1!.apiServer
}

/** An error answered before the caller is known to be allowed in: `Server: Qualys`, no limit headers (as in the US3 recordings). */
function errorReply(sim: SimulatorCore, status: number, platform: string | undefined, code: number, text: string, items?: Array<[string, string]>): Reply {
  return {
    status,
    headers: [['Server', 'Qualys'], xmlType],
    body: simpleReturn({ apiServer: apiServerFor(platform), now: sim.clock.now(), code, text, ...(items ? { items } : {}) }),
  }
}

/** Query string and, for a form POST, the form body: Qualys reads parameters from both. */
function parameters(req: SimRequest): URLSearchParams {
  const params = new URLSearchParams(req.query)
  const type = req.headers['content-type'] ?? ''
  if (req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.append(k, v)
  }
  return params
}

function cookie(req: SimRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}

interface Caller {
  user: FixtureUser
  subscription: SubscriptionState
}

type Authenticated = { ok: true; caller: Caller } | { ok: false; reply: Reply }

/** Who is calling (session cookie first, then Basic), and whether that account may call at all. */
function authenticate(sim: SimulatorCore, req: SimRequest): Authenticated {
  let username: string | undefined
  let platformHint: string | undefined
  const sessionId = cookie(req, 'QualysSession')
  const session = sessionId ? sim.sessions.get(sessionId) : undefined
  if (session) username = session.username
  else if (/^Bearer\s/i.test(req.headers.authorization ?? '')) {
    // An OIDC client's token, where Qualys Support enabled OIDC on the API server (fixture `oidcOnApiServer`);
    // elsewhere, and for password tokens, the API server knows no bearer token: the answer to no credentials.
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? ''
    const verified = sim.signer.verify(token, Math.floor(sim.clock.now() / 1000))
    const found = verified.ok && verified.claims.clientId !== undefined ? sim.state.findUser(verified.claims.sub) : undefined
    if (found?.subscription.oidcOnApiServer) username = found.user.username
    else platformHint = found?.subscription.platform
  } else {
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      const name = colon < 0 ? decoded : decoded.slice(0, colon)
      platformHint = platformOfUsername(name)
      const found = colon < 0 ? undefined : sim.state.findUser(name)
      if (found && found.user.password === decoded.slice(colon + 1)) username = name
    }
  }
  const found = username === undefined ? undefined : sim.state.findUser(username)
  if (!found) return { ok: false, reply: errorReply(sim, 401, platformHint, 2000, 'Bad Login/Password') }
  return accountCheck(sim, found)
}

function accountCheck(sim: SimulatorCore, found: Caller): Authenticated {
  const { user, subscription } = found
  if (sim.isExpired(user.username, user.accountExpired)) {
    // Captured on US3: the expired account is reported inside an HTTP 200.
    return { ok: false, reply: errorReply(sim, 200, subscription.platform, 2001, 'This account has expired.') }
  }
  if (sim.isInactive(user.username, user.status)) {
    return { ok: false, reply: errorReply(sim, 409, subscription.platform, 2003, 'Registration must be completed before API requests will be served for this account') }
  }
  return { ok: true, caller: found }
}

export async function handleV2(sim: SimulatorCore, req: SimRequest): Promise<Reply> {
  // CSRF protection: every /api/2.0/ call must carry X-Requested-With, whatever the authentication (https://docs.qualys.com/en/vm/api/assets/get_started/authentication.htm).
  if (req.headers['x-requested-with'] === undefined) {
    return errorReply(sim, 400, undefined, 1903, 'Missing required parameter(s): X-Requested-With header')
  }
  if (req.path === '/api/2.0/fo/session/' || req.path === '/api/2.0/fo/session') return session(sim, req)

  const auth = authenticate(sim, req)
  if (!auth.ok) return auth.reply
  const { user, subscription } = auth.caller
  const counters = sim.countersOf(subscription.id)
  counters.v2Requests++
  const limiter = sim.v2Limiter(subscription)
  const limits = subscription.limits.v2
  const now = sim.clock.now()
  const limitHeaders = (running: number, toWait: number, remaining: number): Array<[string, string]> => [
    ['Server', 'Apache'],
    ['X-RateLimit-Limit', String(limits.rate)],
    ['X-RateLimit-Window-Sec', String(limits.windowSec)],
    ['X-Concurrency-Limit-Limit', String(limits.concurrency)],
    ['X-Concurrency-Limit-Running', String(running)],
    ['X-RateLimit-ToWait-Sec', String(toWait)],
    ['X-RateLimit-Remaining', String(remaining)],
    ['X-Powered-By', `Qualys:${platforms[subscription.platform]!.pod}:${subscription.uuid}:${user.uuid}`],
    ['Strict-Transport-Security', 'max-age=63072000;, max-age=31536000; includeSubDomains'],
    xmlType,
  ]
  const apiServer = apiServerFor(subscription.platform)
  // The concurrency check comes first and its error takes precedence (https://docs.qualys.com/en/vm/api/assets/get_started/api_limits.htm).
  if (limiter.running >= limits.concurrency) {
    counters.v2Rejected1960++
    const toFinish = limiter.running - limits.concurrency + 1
    return {
      status: 409,
      headers: limitHeaders(limiter.running, 0, limiter.rate.remaining(now)),
      body: simpleReturn({ apiServer, now, code: 1960, text: callsToFinishText(toFinish), items: [['CALLS_TO_FINISH', String(toFinish)]] }),
    }
  }
  const admitted = limiter.rate.admit(now)
  if (!admitted.ok) {
    counters.v2Rejected1965++
    return {
      status: 409,
      headers: limitHeaders(limiter.running, admitted.toWaitSec, 0),
      body: simpleReturn({ apiServer, now, code: 1965, text: `This API cannot be run again for another ${waitWords(admitted.toWaitSec)}.`, items: [['SECONDS_TO_WAIT', String(admitted.toWaitSec)]] }),
    }
  }
  // The live capture shows `Running: 0` on a lone call: the count excludes the call being answered.
  const othersRunning = limiter.running
  limiter.running++
  counters.v2MaxConcurrent = Math.max(counters.v2MaxConcurrent, limiter.running)
  try {
    await sim.latency(req)
    const answer = route(sim, req, auth.caller)
    // An admitted call counts against the limits whatever its outcome, so every answer to it carries the headers.
    const headers = limitHeaders(othersRunning, 0, admitted.remaining)
    if (answer.contentType) headers[headers.length - 1] = ['Content-Type', answer.contentType]
    return { status: answer.status, headers, body: answer.body }
  } finally {
    limiter.running--
  }
}

type Answer = { status: number; body: string; contentType?: string }

function route(sim: SimulatorCore, req: SimRequest, caller: Caller): Answer {
  const apiPath = req.path.endsWith('/') ? req.path : `${req.path}/`
  recordActivity(sim, caller.subscription.id, { action: 'request', module: 'auth', details: `API: ${apiPath}index.php`, username: caller.user.username, ip: req.remoteAddress })
  if (apiPath === '/api/2.0/fo/activity_log/') return activityLog(sim, req, caller)
  if (apiPath !== '/api/2.0/fo/subscription/option_profile/vm/') {
    // An unknown path is Apache's plain 404, not an API error.
    return { status: 404, contentType: 'text/html; charset=iso-8859-1', body: `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n` }
  }
  return optionProfiles(sim, req, caller)
}

function checkedParameters(sim: SimulatorCore, req: SimRequest, caller: Caller, known: string[]): { ok: true; params: URLSearchParams } | { ok: false; answer: Answer } {
  const apiServer = apiServerFor(caller.subscription.platform)
  const fail = (status: number, code: number, text: string) => ({ ok: false as const, answer: { status, body: simpleReturn({ apiServer, now: sim.clock.now(), code, text }) } })
  if (req.method !== 'GET' && req.method !== 'POST') return fail(400, 1908, `Request method (GET or POST) is incompatible with specified parameter(s): action`)
  const params = parameters(req)
  const unknown = [...new Set(params.keys())].filter((k) => !known.includes(k))
  if (unknown.length > 0) return fail(400, 1901, `Unrecognized parameter(s): ${unknown.join(', ')}`)
  const action = params.get('action')
  if (action === null) return fail(400, 1903, 'Missing required parameter(s): action')
  if (action !== 'list') return fail(400, 1905, `parameter action has invalid value: ${action}`)
  return { ok: true, params }
}

function activityLog(sim: SimulatorCore, req: SimRequest, caller: Caller): Answer {
  const checked = checkedParameters(sim, req, caller, activityParameters)
  if (!checked.ok) return checked.answer
  const params = checked.params
  const apiServer = apiServerFor(caller.subscription.platform)
  const fail = (name: string, value: string) => ({ status: 400, body: simpleReturn({ apiServer, now: sim.clock.now(), code: 1905, text: `parameter ${name} has invalid value: ${value}` }) })
  const int = (name: string) => params.get(name)
  for (const name of ['truncation_limit', 'id_max']) {
    const v = int(name)
    if (v !== null && !/^\d+$/.test(v)) return fail(name, v)
  }
  const dates: Record<string, number | undefined> = {}
  for (const name of ['since_datetime', 'until_datetime']) {
    const v = params.get(name)
    if (v === null) continue
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(v) || Number.isNaN(Date.parse(v))) return fail(name, v)
    dates[name] = Date.parse(v)
  }
  const format = params.get('output_format')
  if (format !== null && format.toUpperCase() !== 'CSV') return fail('output_format', format)
  const username = params.get('username')
  const idMax = params.get('id_max')
  const body = activityCsv(
    sim,
    caller.subscription.id,
    {
      ...(username !== null ? { username } : {}),
      truncationLimit: Number(params.get('truncation_limit') ?? '1000'),
      ...(idMax !== null ? { idMax: Number(idMax) } : {}),
      ...(dates.since_datetime !== undefined ? { since: dates.since_datetime } : {}),
      ...(dates.until_datetime !== undefined ? { until: dates.until_datetime } : {}),
    },
    (next) => {
      const again = new URLSearchParams(params)
      again.delete('id_max')
      return `${apiServer}/api/2.0/fo/activity_log/?${again.toString()}&id_max=${next}`
    },
  )
  return { status: 200, contentType: 'text/csv;charset=UTF-8', body }
}

function optionProfiles(sim: SimulatorCore, req: SimRequest, caller: Caller): Answer {
  const apiServer = apiServerFor(caller.subscription.platform)
  const now = sim.clock.now()
  const fail = (status: number, code: number, text: string) => ({ status, body: simpleReturn({ apiServer, now, code, text }) })
  const checked = checkedParameters(sim, req, caller, ['action', 'id', 'title'])
  if (!checked.ok) return checked.answer
  const params = checked.params
  const id = params.get('id')
  if (id !== null && !/^\d+$/.test(id)) return fail(400, 1905, `parameter id has invalid value: ${id}`)
  const title = params.get('title')
  const owners = new Map(caller.subscription.users.map((u) => [u.username, `${u.fullName} (${u.username})`]))
  const rows = caller.subscription.optionProfiles
    .filter((p) => (id === null || p.id === Number(id)) && (title === null || p.title === title))
    .map((p) => ({ ...p, owner: owners.get(p.owner) ?? p.owner, subscriptionId: caller.subscription.id }))
  return { status: 200, body: optionProfileList(apiServer, rows) }
}

function session(sim: SimulatorCore, req: SimRequest): Reply {
  const now = sim.clock.now()
  if (req.method !== 'POST') return errorReply(sim, 400, undefined, 1908, 'Request method (GET or POST) is incompatible with specified parameter(s): action')
  const params = parameters(req)
  const action = params.get('action')
  if (action === 'login') {
    const username = params.get('username') ?? ''
    const password = params.get('password') ?? ''
    const found = sim.state.findUser(username)
    if (!found || found.user.password !== password) return errorReply(sim, 401, platformOfUsername(username), 2000, 'Bad Login/Password')
    const checked = accountCheck(sim, found)
    if (!checked.ok) return checked.reply
    const id = randomBytes(16).toString('hex')
    sim.sessions.set(id, { username, subscriptionId: found.subscription.id })
    sim.countersOf(found.subscription.id).logins++
    recordActivity(sim, found.subscription.id, { action: 'login', module: 'auth', details: 'user_logged in', username, ip: req.remoteAddress })
    return {
      status: 200,
      headers: [['Server', 'Apache'], ['Set-Cookie', `QualysSession=${id}; path=/api; secure; HttpOnly`], xmlType],
      body: simpleReturn({ apiServer: apiServerFor(found.subscription.platform), now, text: 'Logged in' }),
    }
  }
  if (action === 'logout') {
    const id = cookie(req, 'QualysSession')
    const session = id ? sim.sessions.get(id) : undefined
    if (!id || !session) return errorReply(sim, 401, undefined, 2000, 'Bad Login/Password')
    sim.sessions.delete(id)
    sim.countersOf(session.subscriptionId).logouts++
    recordActivity(sim, session.subscriptionId, { action: 'logout', module: 'auth', details: 'user_logged out', username: session.username, ip: req.remoteAddress })
    const platform = sim.state.subscription(session.subscriptionId)?.platform
    return {
      status: 200,
      headers: [['Server', 'Apache'], ['Set-Cookie', 'QualysSession=; path=/api; secure; HttpOnly; Max-Age=0'], xmlType],
      body: simpleReturn({ apiServer: apiServerFor(platform), now, text: 'Logged out' }),
    }
  }
  if (action === null) return errorReply(sim, 400, undefined, 1903, 'Missing required parameter(s): action')
  return errorReply(sim, 400, undefined, 1905, `parameter action has invalid value: ${action}`)
}
