import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { AuthError } from './auth.js'
import { createBearerTokenCache, jwtExpiry, requestGatewayToken } from './bearer-token.js'
import { QualysUnavailableError, type HttpRequest, type Transport } from './http.js'

const transport: Transport = { send: async () => ({ status: 500, headers: {}, body: '' }) }
const jwt = (claims: object) => `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`

test('jwtExpiry reads exp, ignores opaque tokens', () => {
  assert.is(jwtExpiry(jwt({ exp: 1000 })), 1_000_000)
  assert.is(jwtExpiry('opaque-token'), undefined)
  assert.is(jwtExpiry('a.!!!.c'), undefined)
})

test('a token whose exp comes before 4 h is renewed before its exp', async () => {
  let now = 0
  let issued = 0
  const cache = createBearerTokenCache({ now: () => now, marginMs: 60_000, fetchToken: async () => jwt({ exp: 3600, n: ++issued }) })
  const first = await cache.token('http://127.0.0.1:1', { transport })
  now = 3600_000 - 120_000
  assert.is(await cache.token('http://127.0.0.1:1', { transport }), first)
  now = 3600_000 - 30_000
  assert.is.not(await cache.token('http://127.0.0.1:1', { transport }), first)
  assert.is(issued, 2)
})

test('a failed login is not cached: the next call tries again', async () => {
  let calls = 0
  const cache = createBearerTokenCache({
    now: () => 0,
    fetchToken: async () => {
      calls++
      if (calls === 1) throw new AuthError('refused', 401)
      return 'ok-token'
    },
  })
  await cache.token('o', { transport }).catch(() => {})
  assert.is(await cache.token('o', { transport }), 'ok-token')
  assert.is(calls, 2)
})

test('requestGatewayToken: POSTs the request, returns the body of a 200/201, and names refusals with status and reason', async () => {
  const sent: HttpRequest[] = []
  const answering = (status: number, body: string): Transport => ({ send: async (r) => (sent.push(r), { status, headers: {}, body }) })
  const request = { url: 'https://gateway.qg3.apps.qualys.com/auth', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=b' }
  assert.is(await requestGatewayToken({ transport: answering(201, 'tok\n') }, request, 'refused'), 'tok\n')
  assert.is(sent[0]!.method, 'POST')
  assert.is(sent[0]!.body, 'a=b')
  assert.is(await requestGatewayToken({ transport: answering(200, 'tok') }, request, 'refused'), 'tok')
  const error = await requestGatewayToken({ transport: answering(401, '{"message":"bad username or password"}') }, request, 'the gateway refused a token for user u').catch((e: unknown) => e)
  assert.instance(error, AuthError)
  assert.is((error as AuthError).status, 401)
  assert.is((error as AuthError).message, 'the gateway refused a token for user u (POST https://gateway.qg3.apps.qualys.com/auth: HTTP 401: bad username or password)')
  const silent = await requestGatewayToken({ transport: answering(403, '') }, request, 'refused').catch((e: unknown) => e)
  assert.match((silent as AuthError).message, /HTTP 403\)$/)
  // A 5xx that outlived the transport's retries is an outage, not refused credentials, and its HTML stays out.
  const down = await requestGatewayToken({ transport: answering(503, '<html><body><h1>503 Error</h1></body></html>') }, request, 'the gateway refused a token for user u').catch((e: unknown) => e)
  assert.instance(down, QualysUnavailableError)
  assert.match((down as Error).message, /^Qualys unavailable: POST https:\/\/gateway\.qg3\.apps\.qualys\.com\/auth answered HTTP 503/)
  assert.not.match((down as Error).message, /html|refused a token/)
  assert.is(sent.at(-1)!.repeatable, true, 'the token request is marked safe to send again')
})

test.run()
