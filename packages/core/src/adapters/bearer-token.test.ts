import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { AuthError } from './auth.js'
import { createBearerTokenCache, jwtExpiry } from './bearer-token.js'
import type { Transport } from './http.js'

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

test.run()
