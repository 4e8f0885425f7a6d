import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createFetchTransport } from '@scanplan/transport-fetch'
import { AuthError } from '@scanplan/core/adapters'
import { createOidcAuth, oidcTokenPaths } from './index.js'

const SECRET = 'oidc-secret-19fe'

async function gateway(path = '/auth/oidc') {
  const seen: { clientId?: string; clientSecret?: string; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      seen.push({ clientId: req.headers.clientid as string, clientSecret: req.headers.clientsecret as string, body })
      if (req.url !== path || req.method !== 'POST') return void res.writeHead(404).end()
      if (req.headers.clientid !== 'client-1' || req.headers.clientsecret !== SECRET) return void res.writeHead(401).end()
      res.writeHead(200).end(`oidc-token-${seen.length}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) }
}

const transport = createFetchTransport({ sleep: async () => {} })

test('client id and secret as headers, empty body; the answer is the bearer token', async () => {
  const server = await gateway()
  const auth = createOidcAuth({ clientId: 'client-1', clientSecret: SECRET })
  const request = await auth.authenticate({ method: 'GET', url: `${server.url}/connectors/v1.0/x`, headers: {} }, { transport })
  assert.is(request.headers.Authorization, 'Bearer oidc-token-1')
  assert.equal(server.seen, [{ clientId: 'client-1', clientSecret: SECRET, body: '' }])
  await server.close()
})

test('refused credentials: an AuthError without the secret', async () => {
  const server = await gateway()
  const auth = createOidcAuth({ clientId: 'client-1', clientSecret: 'wrong-oidc-77' })
  const error = await auth.authenticate({ method: 'GET', url: `${server.url}/connectors/v1.0/x`, headers: {} }, { transport }).catch((e) => e)
  assert.instance(error, AuthError)
  assert.not.ok(`${error.message}${error.stack}`.includes('wrong-oidc-77'))
  await server.close()
})

test('a subscription-level client asks the endpoint it is given; a refusal names the endpoint and the hint', async () => {
  const server = await gateway('/auth/oauth')
  const auth = createOidcAuth({ clientId: 'client-1', clientSecret: SECRET, tokenPath: oidcTokenPaths.subscription })
  const request = await auth.authenticate({ method: 'GET', url: `${server.url}/connectors/v1.0/x`, headers: {} }, { transport })
  assert.is(request.headers.Authorization, 'Bearer oidc-token-1')
  const user = createOidcAuth({ clientId: 'client-1', clientSecret: SECRET, refusedHint: 'set the level' })
  const error = await user.authenticate({ method: 'GET', url: `${server.url}/connectors/v1.0/x`, headers: {} }, { transport }).catch((e) => e)
  assert.instance(error, AuthError)
  assert.match(error.message, /refused the OIDC client credentials at \/auth\/oidc \(set the level\)/)
  await server.close()
})

test.run()
