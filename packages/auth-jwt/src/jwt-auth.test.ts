import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createFetchTransport } from '@scanplan/transport-fetch'
import { AuthError } from '@scanplan/core/adapters'
import { createJwtAuth } from './index.js'

const PASSWORD = 'pw-Jwt-&=4c2'

/** A loopback stand-in for `POST <gateway>/auth`: 201 with a numbered raw token, 401 on a wrong password. */
async function gateway() {
  const logins: URLSearchParams[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      const form = new URLSearchParams(body)
      logins.push(form)
      if (req.url !== '/auth' || req.headers['content-type'] !== 'application/x-www-form-urlencoded') return void res.writeHead(404).end()
      if (form.get('password') !== PASSWORD || form.get('token') !== 'true') return void res.writeHead(401).end('Unauthorized')
      res.writeHead(201, { 'Content-Type': 'text/plain' }).end(`token-${logins.length}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, logins, close: () => new Promise<void>((r) => server.close(() => r())) }
}

const transport = createFetchTransport({ sleep: async () => {} })

test('one form-encoded login for concurrent calls; the raw body is the bearer token', async () => {
  const server = await gateway()
  const auth = createJwtAuth({ username: 'acme3ab1', password: PASSWORD })
  const request = { method: 'GET' as const, url: `${server.url}/connectors/v1.0/org/azure/`, headers: {} }
  const [a, b] = await Promise.all([auth.authenticate(request, { transport }), auth.authenticate(request, { transport })])
  assert.is(a.headers.Authorization, 'Bearer token-1')
  assert.is(b.headers.Authorization, 'Bearer token-1')
  assert.is(server.logins.length, 1)
  assert.is(server.logins[0]!.get('password'), PASSWORD, 'special characters survive form encoding')
  await server.close()
})

test('renewed before the 4-hour lifetime ends, and after a 401', async () => {
  const server = await gateway()
  let now = 0
  const auth = createJwtAuth({ username: 'acme3ab1', password: PASSWORD, now: () => now })
  const request = { method: 'GET' as const, url: `${server.url}/connectors/v1.0/org/azure/`, headers: {} }
  assert.is((await auth.authenticate(request, { transport })).headers.Authorization, 'Bearer token-1')
  now = 3 * 60 * 60 * 1000
  assert.is((await auth.authenticate(request, { transport })).headers.Authorization, 'Bearer token-1')
  now = 4 * 60 * 60 * 1000 - 4 * 60 * 1000 // inside the 5-minute margin
  assert.is((await auth.authenticate(request, { transport })).headers.Authorization, 'Bearer token-2')
  assert.ok(await auth.renew!({ status: 401, headers: {}, body: '' }, { transport }))
  assert.is((await auth.authenticate(request, { transport })).headers.Authorization, 'Bearer token-3')
  await server.close()
})

test('a refused login is an AuthError that never contains the password', async () => {
  const server = await gateway()
  const auth = createJwtAuth({ username: 'acme3ab1', password: 'bad-pw-5521' })
  const error = await auth.authenticate({ method: 'GET', url: `${server.url}/connectors/v1.0/x`, headers: {} }, { transport }).catch((e) => e)
  assert.instance(error, AuthError)
  assert.is(error.status, 401)
  assert.match(error.message, /refused a token for user acme3ab1/)
  assert.not.ok(`${error.message}${error.stack}`.includes('bad-pw-5521'))
  await server.close()
})

test.run()
