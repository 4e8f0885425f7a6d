import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { TransportError, type TransportEvent } from '@scanplan/core/adapters'
import { createFetchTransport } from './fetch-transport.js'

type Handler = (req: IncomingMessage, res: ServerResponse, call: number, body: string) => void

/** A loopback server answering each call with the next scripted handler (the last one repeats). */
async function scripted(handlers: Handler[]) {
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      const handler = handlers[Math.min(seen.length, handlers.length) - 1]!
      handler(req, res, seen.length, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const reply = (status: number, body = '', headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, headers)
  res.end(body)
}
const drop: Handler = (req) => req.socket.destroy()

function harness() {
  const events: TransportEvent[] = []
  const waits: number[] = []
  const transport = createFetchTransport({
    onEvent: (e) => events.push(e),
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    timeoutMs: 2000,
  })
  return { transport, events, waits }
}

const t = suite('transport-fetch over loopback')

t('sends method, headers, body and a user agent; lower-cases response headers', async () => {
  const server = await scripted([reply(201, 'token-abc', { 'X-Thing': 'yes' })])
  const { transport } = harness()
  const response = await transport.send({ method: 'POST', url: `${server.url}/auth`, headers: { 'Content-Type': 'text/plain' }, body: 'hello' })
  assert.is(response.status, 201)
  assert.is(response.body, 'token-abc')
  assert.is(response.headers['x-thing'], 'yes')
  assert.is(server.seen[0]!.body, 'hello')
  assert.match(String(server.seen[0]!.headers['user-agent']), /^scanplan/)
  await server.close()
})

t('GET: 503 then 200 is retried after an exponential, jittered wait that is reported', async () => {
  const server = await scripted([reply(503), reply(502), reply(200, 'ok')])
  const { transport, events, waits } = harness()
  const response = await transport.send({ method: 'GET', url: `${server.url}/x?secret=1`, headers: {} })
  assert.is(response.body, 'ok')
  assert.is(server.seen.length, 3)
  assert.equal(waits, [375, 750]) // 500 then 1000 ms steps, half fixed + half random(0.5)
  const retries = events.filter((e) => e.type === 'retry')
  assert.is(retries.length, 2)
  assert.is(retries[0]!.type === 'retry' && retries[0]!.reason, 'HTTP 503')
  assert.not.ok(JSON.stringify(events).includes('secret=1'), 'query strings never reach events')
  await server.close()
})

t('GET: a 503 with Retry-After waits what the server asks', async () => {
  const server = await scripted([reply(503, 'maintenance', { 'Retry-After': '4' }), reply(200, 'back')])
  const { transport, waits } = harness()
  assert.is((await transport.send({ method: 'GET', url: `${server.url}/x`, headers: {} })).body, 'back')
  assert.ok(waits[0]! >= 4000 && waits[0]! < 5000, `waited ${waits[0]}`)
  await server.close()
})

t('409 with X-RateLimit-ToWait-Sec waits what the server asks', async () => {
  const body = '<SIMPLE_RETURN><RESPONSE><CODE>1965</CODE><TEXT>This API cannot be run again for another 2 seconds.</TEXT></RESPONSE></SIMPLE_RETURN>'
  const server = await scripted([reply(409, body, { 'X-RateLimit-ToWait-Sec': '2' }), reply(200, 'ok')])
  const { transport, waits, events } = harness()
  assert.is((await transport.send({ method: 'GET', url: `${server.url}/api/2.0/x`, headers: {} })).body, 'ok')
  assert.ok(waits[0]! >= 2000 && waits[0]! <= 3000, `waited ${waits[0]}`)
  const retry = events.find((e) => e.type === 'retry')
  assert.match(retry?.type === 'retry' ? retry.reason : '', /1965.*wait 2 s/)
  await server.close()
})

t('409 code 1960 (concurrency) backs off until the slot frees, also for a POST', async () => {
  const body = '<SIMPLE_RETURN><RESPONSE><CODE>1960</CODE><TEXT>This API cannot be run again until 1 currently running API instance has finished.</TEXT></RESPONSE></SIMPLE_RETURN>'
  const limited = reply(409, body, { 'X-Concurrency-Limit-Limit': '2', 'X-Concurrency-Limit-Running': '2' })
  const server = await scripted([limited, limited, reply(200, 'done')])
  const { transport, waits } = harness()
  assert.is((await transport.send({ method: 'POST', url: `${server.url}/api/2.0/fo/x/`, headers: {}, body: 'action=list' })).body, 'done')
  assert.is(server.seen.length, 3)
  assert.is(waits.length, 2)
  await server.close()
})

t('limit refusals do not spend the failure budget: a long queue for a concurrency slot is waited out', async () => {
  const body = '<SIMPLE_RETURN><RESPONSE><CODE>1960</CODE><TEXT>This API cannot be run again until 1 currently running API instance has finished.</TEXT></RESPONSE></SIMPLE_RETURN>'
  const limited = reply(409, body, { 'X-Concurrency-Limit-Limit': '1', 'X-Concurrency-Limit-Running': '1' })
  const server = await scripted([limited, limited, limited, limited, limited, reply(200, 'done')])
  const waits: number[] = []
  const transport = createFetchTransport({ maxRetries: 1, baseDelayMs: 10, maxDelayMs: 40, sleep: async (ms) => void waits.push(ms), random: () => 0.5 })
  assert.is((await transport.send({ method: 'GET', url: `${server.url}/api/2.0/fo/x/`, headers: {} })).body, 'done')
  assert.is(server.seen.length, 6)
  assert.is(waits.length, 5)
  assert.ok(waits.every((w) => w <= 40), `backoff capped: ${waits}`)
  await server.close()
})

t('limit refusals are bounded by total waiting time: past maxServerWaitMs the refusal is returned', async () => {
  const body = '<SIMPLE_RETURN><RESPONSE><CODE>1960</CODE><TEXT>busy</TEXT></RESPONSE></SIMPLE_RETURN>'
  const server = await scripted([reply(409, body, { 'X-Concurrency-Limit-Limit': '1', 'X-Concurrency-Limit-Running': '1' })])
  const waits: number[] = []
  const transport = createFetchTransport({ maxServerWaitMs: 1000, baseDelayMs: 200, maxDelayMs: 400, sleep: async (ms) => void waits.push(ms), random: () => 0.5 })
  const response = await transport.send({ method: 'GET', url: `${server.url}/api/2.0/fo/x/`, headers: {} })
  assert.is(response.status, 409)
  const waited = waits.reduce((a, b) => a + b, 0)
  assert.ok(waited <= 1000, `waited ${waited} ms in all`)
  assert.ok(waited > 600, `kept waiting while the budget allowed: ${waits}`)
  assert.is(server.seen.length, waits.length + 1)
  await server.close()
})

t('429 honours Retry-After, also for a POST (the call was refused, not run)', async () => {
  const server = await scripted([reply(429, '', { 'Retry-After': '3' }), reply(201, '{}')])
  const { transport, waits } = harness()
  assert.is((await transport.send({ method: 'POST', url: `${server.url}/connectors/v1.0/org/azure/`, headers: {}, body: '{}' })).status, 201)
  assert.ok(waits[0]! >= 3000 && waits[0]! < 4000)
  await server.close()
})

t('a request paced by its caller gets its 429 back at once (the caller keeps the budget); a 1960 is still waited out', async () => {
  const server = await scripted([reply(429, '', { 'Retry-After': '3' }), reply(409, '', { 'X-Concurrency-Limit-Limit': '2', 'X-Concurrency-Limit-Running': '2' }), reply(200, '{}')])
  const { transport, waits } = harness()
  const paced = { method: 'POST' as const, url: `${server.url}/connectors/v1.0/org/azure/`, headers: {}, body: '{}', pacedByCaller: true }
  assert.is((await transport.send(paced)).status, 429)
  assert.equal(waits, [])
  assert.is((await transport.send(paced)).status, 200)
  assert.is(waits.length, 1, 'the concurrency refusal was waited out')
  await server.close()
})

t('a limit asking for longer than maxServerWaitMs is returned, not waited for', async () => {
  const server = await scripted([reply(409, '<SIMPLE_RETURN><RESPONSE><CODE>1965</CODE><TEXT>another 23 hours</TEXT></RESPONSE></SIMPLE_RETURN>', { 'X-RateLimit-ToWait-Sec': '86000' })])
  const { transport, waits } = harness()
  assert.is((await transport.send({ method: 'GET', url: `${server.url}/api/2.0/x`, headers: {} })).status, 409)
  assert.equal(waits, [])
  await server.close()
})

t('a 409 without Qualys limit signs is a real conflict: returned at once', async () => {
  const server = await scripted([reply(409, '{"message":"name exists"}')])
  const { transport } = harness()
  assert.is((await transport.send({ method: 'PUT', url: `${server.url}/c/1`, headers: {}, body: '{}' })).status, 409)
  assert.is(server.seen.length, 1)
  await server.close()
})

t('POST: a 500 is returned as is, never sent twice', async () => {
  const server = await scripted([reply(500, 'boom'), reply(201, 'second')])
  const { transport } = harness()
  assert.is((await transport.send({ method: 'POST', url: `${server.url}/c/`, headers: {}, body: '{}' })).status, 500)
  assert.is(server.seen.length, 1)
  await server.close()
})

t('POST: a connection dropped after sending is an unknown outcome, never retried', async () => {
  const server = await scripted([drop, reply(201, 'second')])
  const { transport } = harness()
  const error = await transport.send({ method: 'POST', url: `${server.url}/c/`, headers: {}, body: '{}' }).catch((e) => e)
  assert.instance(error, TransportError)
  assert.is(error.outcomeUnknown, true)
  assert.is(error.failure, 'network')
  assert.is(server.seen.length, 1)
  await server.close()
})

t('GET and PUT: dropped connections are retried', async () => {
  const server = await scripted([drop, reply(200, 'after-drop')])
  const { transport } = harness()
  assert.is((await transport.send({ method: 'PUT', url: `${server.url}/c/1`, headers: {}, body: '{}' })).body, 'after-drop')
  assert.is(server.seen.length, 2)
  await server.close()
})

t('timeouts abort the attempt; after the last retry the error says so', async () => {
  const server = await scripted([() => {}])
  const transport = createFetchTransport({ timeoutMs: 100, maxRetries: 1, sleep: async () => {} })
  const error = await transport.send({ method: 'GET', url: `${server.url}/slow`, headers: {} }).catch((e) => e)
  assert.instance(error, TransportError)
  assert.is(error.failure, 'timeout')
  assert.is(error.attempts, 2)
  assert.is(server.seen.length, 2)
  await server.close()
})

t('refused connection: retried (nothing was sent), then a clear error', async () => {
  const server = await scripted([reply(200)])
  const url = server.url
  await server.close()
  const transport = createFetchTransport({ maxRetries: 2, sleep: async () => {} })
  const error = await transport.send({ method: 'POST', url: `${url}/c/`, headers: {}, body: '{}' }).catch((e) => e)
  assert.instance(error, TransportError)
  assert.is(error.outcomeUnknown, false)
  assert.is(error.attempts, 3)
  assert.match(error.message, /ECONNREFUSED/)
})

t('a caller signal cancels a wait between attempts', async () => {
  const server = await scripted([reply(503)])
  const controller = new AbortController()
  const transport = createFetchTransport({ baseDelayMs: 10_000, onEvent: (e) => e.type === 'retry' && controller.abort() })
  const started = Date.now()
  const error = await transport.send({ method: 'GET', url: `${server.url}/x`, headers: {}, signal: controller.signal }).catch((e) => e)
  assert.instance(error, TransportError)
  assert.is(error.failure, 'aborted')
  assert.ok(Date.now() - started < 5000)
  await server.close()
})

t('a bare 429 (no Retry-After, blank rate headers) waits X-RateLimit-Reset, the lockout\'s end', async () => {
  const bare = { 'X-RateLimit-Limit': '', 'X-RateLimit-Remaining': '', 'X-RateLimit-Reset': '42' }
  const server = await scripted([reply(429, '{}', bare), reply(200, '{"ok":true}')])
  const { transport, waits } = harness()
  const response = await transport.send({ method: 'POST', url: `${server.url}/connectors/v1.0/org/azure/`, headers: {} })
  assert.is(response.status, 200)
  assert.is(waits.length, 1)
  assert.ok(waits[0]! >= 42_000 && waits[0]! < 43_000, `waited ${waits[0]} ms, not the 42 s the reset asks`)
  await server.close()
})

t('a bare 429 whose reset is past maxServerWaitMs is returned at once, not retried into the lockout', async () => {
  const server = await scripted([reply(429, '{}', { 'X-RateLimit-Reset': '3600' })])
  const { transport, waits } = harness()
  const response = await transport.send({ method: 'GET', url: `${server.url}/connectors/v1.0/AZURE/list`, headers: {} })
  assert.is(response.status, 429)
  assert.equal(waits, [])
  assert.is(server.seen.length, 1)
  await server.close()
})

t('a POST marked repeatable (a token request) is retried after a 503 and a dropped connection', async () => {
  const server = await scripted([reply(503, '<html>503</html>', { 'Content-Type': 'text/html' }), drop, reply(201, 'token')])
  const { transport } = harness()
  const response = await transport.send({ method: 'POST', url: `${server.url}/auth`, headers: {}, body: 'x', repeatable: true })
  assert.is(response.status, 201)
  assert.is(server.seen.length, 3)
  await server.close()
})

t.run()
