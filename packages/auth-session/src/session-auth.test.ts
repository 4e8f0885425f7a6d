import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createFetchTransport } from '@scanplan/transport-fetch'
import { AuthError } from '@scanplan/core/adapters'
import { createSessionAuth } from './index.js'

const PASSWORD = 'pw-Session-7c1e'
const simpleReturn = (code: string, text: string) =>
  `<?xml version="1.0" encoding="UTF-8" ?><SIMPLE_RETURN><RESPONSE><DATETIME>2026-01-01T00:00:00Z</DATETIME><CODE>${code}</CODE><TEXT>${text}</TEXT></RESPONSE></SIMPLE_RETURN>`

/** A loopback stand-in for the Qualys session API: `expired` answers every login with code 2001 inside HTTP 200. */
async function sessionServer(mode: 'ok' | 'expired' = 'ok') {
  const calls: { headers: IncomingMessage['headers']; body: string; url: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      calls.push({ headers: req.headers, body, url: req.url! })
      const params = new URLSearchParams(body)
      if (!req.headers['x-requested-with']) return void res.writeHead(400).end(simpleReturn('1920', 'X-Requested-With header required'))
      if (req.url === '/api/2.0/fo/session/' && params.get('action') === 'login') {
        if (mode === 'expired') return void res.writeHead(200, { 'Content-Type': 'text/xml' }).end(simpleReturn('2001', 'This account has expired.'))
        if (params.get('password') !== PASSWORD) return void res.writeHead(401).end(simpleReturn('2000', 'Bad Login/Password'))
        return void res.writeHead(200, { 'Set-Cookie': 'QualysSession=s3ss10n; path=/api; secure' }).end('<SIMPLE_RETURN><RESPONSE><TEXT>Logged in</TEXT></RESPONSE></SIMPLE_RETURN>')
      }
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, calls, close: () => new Promise<void>((r) => server.close(() => r())) }
}

const transport = createFetchTransport({ sleep: async () => {} })

test('logs in once for concurrent calls, sends the cookie and X-Requested-With, logs out on close', async () => {
  const server = await sessionServer()
  const auth = createSessionAuth({ username: 'acme3ab1', password: PASSWORD })
  const requests = await Promise.all(
    [1, 2, 3].map((n) => auth.authenticate({ method: 'GET', url: `${server.url}/api/2.0/fo/x/?n=${n}`, headers: {} }, { transport })),
  )
  assert.is(server.calls.length, 1, 'one login')
  assert.equal(Object.fromEntries(new URLSearchParams(server.calls[0]!.body)), { action: 'login', username: 'acme3ab1', password: PASSWORD })
  for (const r of requests) {
    assert.is(r.headers.Cookie, 'QualysSession=s3ss10n')
    assert.is(r.headers['X-Requested-With'], 'scanplan')
  }
  assert.ok(auth.open)
  await auth.close()
  assert.is(server.calls.length, 2)
  assert.is(server.calls[1]!.body, 'action=logout')
  assert.is(server.calls[1]!.headers.cookie, 'QualysSession=s3ss10n')
  assert.not.ok(auth.open)
  await auth.close()
  assert.is(server.calls.length, 2, 'a second close sends nothing')
  await server.close()
})

test('close without a login sends nothing', async () => {
  const server = await sessionServer()
  await createSessionAuth({ username: 'acme3ab1', password: PASSWORD }).close()
  assert.is(server.calls.length, 0)
  await server.close()
})

test('a wrong password: the SIMPLE_RETURN text, never the password', async () => {
  const server = await sessionServer()
  const auth = createSessionAuth({ username: 'acme3ab1', password: 'wrong-pw-91ab' })
  const error = await auth.authenticate({ method: 'GET', url: `${server.url}/api/2.0/fo/x/`, headers: {} }, { transport }).catch((e) => e)
  assert.instance(error, AuthError)
  assert.match(error.message, /Bad Login\/Password \(code 2000\)/)
  assert.not.ok(`${error.message}${error.stack}`.includes('wrong-pw-91ab'))
  await server.close()
})

test('an expired account answered inside HTTP 200 is still a refusal', async () => {
  const server = await sessionServer('expired')
  const auth = createSessionAuth({ username: 'acme3ab1', password: PASSWORD })
  const error = await auth.authenticate({ method: 'GET', url: `${server.url}/api/2.0/fo/x/`, headers: {} }, { transport }).catch((e) => e)
  assert.instance(error, AuthError)
  assert.is(error.code, '2001')
  assert.match(error.message, /This account has expired/)
  assert.not.ok(auth.open, 'a failed login leaves nothing to close')
  await server.close()
})

test('renew: the next call logs in again', async () => {
  const server = await sessionServer()
  const auth = createSessionAuth({ username: 'acme3ab1', password: PASSWORD })
  const request = { method: 'GET' as const, url: `${server.url}/api/2.0/fo/x/`, headers: {} }
  await auth.authenticate(request, { transport })
  assert.ok(await auth.renew!({ status: 401, headers: {}, body: '' }, { transport }))
  await auth.authenticate(request, { transport })
  assert.is(server.calls.filter((c) => c.body.includes('action=login')).length, 2)
  await server.close()
})

test.run()
