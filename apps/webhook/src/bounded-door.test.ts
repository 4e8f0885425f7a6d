import { connect, type Socket } from 'node:net'
import { startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { loadServiceConfig } from './config/load-config.js'
import { startWebhookService, type RunningService } from './service.js'
import { deliveryBody, eventually, getDelivery, sendSigned, serviceEnv, writeServiceConfig } from './test-fixtures/service-fixture.js'

// Issue 18 row 5: slow and numerous connections must not take the door down. Loopback only; every client address
// below is one of 127.0.0.0/8. Counts are small and configured small; waits are guards, never measurements.

interface Context {
  sim: RunningSimulator
  service?: RunningService
  remove?: () => void
  sockets: Socket[]
}
const door = suite<Context>('the door under slow and numerous connections')

door.before.each(async (context) => {
  context.sim = await startSimulator({ port: 0 })
  context.sockets = []
})
door.after.each(async (context) => {
  for (const socket of context.sockets) socket.destroy()
  await context.service?.close()
  await context.sim.stop()
  context.remove?.()
})

const start = async (context: Context, listen: string) => {
  const written = writeServiceConfig({ listen })
  context.remove = written.remove
  context.service = await startWebhookService({ config: loadServiceConfig(written.file, { env: serviceEnv() }), target: context.sim.url })
  return context.service
}

interface RawClient {
  socket: Socket
  closed: () => boolean
  received: () => string
}
/** A raw TCP client from `localAddress`, which writes `first` and then whatever the test sends. */
const rawClient = (context: Context, port: number, localAddress: string, first: string): Promise<RawClient> =>
  new Promise((resolve, reject) => {
    let closed = false
    let received = ''
    const socket = connect({ port, host: '127.0.0.1', localAddress })
    context.sockets.push(socket)
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (received += chunk))
    socket.on('close', () => (closed = true))
    socket.once('error', () => {})
    socket.once('connect', () => {
      socket.write(first)
      resolve({ socket, closed: () => closed, received: () => received })
    })
    socket.once('error', reject)
  })
const slowHeaders = 'POST /hooks/spec HTTP/1.1\r\nHost: 127.0.0.1\r\n'
const countOpen = (clients: RawClient[]) => clients.filter((c) => !c.closed()).length
const metric = async (service: RunningService, line: RegExp) => {
  const match = line.exec(await (await fetch(`${service.url}/metrics`)).text())
  return match ? Number(match[1]) : 0
}

door('a cap per client address and in all: a slow flood is held to it, and health and signed deliveries still answer', async (context) => {
  const service = await start(context, 'maxConnections: 12, maxConnectionsPerAddress: 4, headersTimeoutSeconds: 60, requestTimeoutSeconds: 60')
  const flood: RawClient[] = []
  for (let i = 0; i < 10; i++) flood.push(await rawClient(context, service.port, '127.0.0.2', slowHeaders))
  // One address holds its four; the six beyond are closed at once.
  await eventually(async () => countOpen(flood), (open) => open === 4)
  for (const address of ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6']) {
    for (let i = 0; i < 4; i++) flood.push(await rawClient(context, service.port, address, slowHeaders))
  }
  // Twenty slow connections within the per-address caps, twelve slots: the oldest slow ones made room.
  await eventually(async () => countOpen(flood), (open) => open === 12)

  const health = await fetch(`${service.url}/healthz`)
  assert.is(health.status, 200)
  const sent = await sendSigned(service.url, deliveryBody('Tenant through the flood'), { id: 'msg_flood' })
  assert.is(sent.status, 202)
  // The worker's Qualys calls are not the door's connections: the delivery is applied while the flood holds its slots.
  const done = await eventually(() => getDelivery(service.url, 'msg_flood'), (r) => r.json.status === 'applied' || r.json.status === 'failed')
  assert.is(done.json.status, 'applied', JSON.stringify(done.json.lastError))
  assert.ok(countOpen(flood) <= 12)
  assert.is(await metric(service, /^scanplan_webhook_connections_refused_total\{reason="per_address"\} (\d+)$/m), 6)
  assert.ok((await metric(service, /^scanplan_webhook_connections_evicted_total (\d+)$/m)) >= 8)
  assert.ok((await metric(service, /^scanplan_webhook_open_connections (\d+)$/m)) <= 12)
})

door('slow headers and slow bodies are cut off at their timeouts; a too-large Content-Length gets 413 before the body', async (context) => {
  const service = await start(context, 'headersTimeoutSeconds: 1, requestTimeoutSeconds: 2')
  const trickle = (client: RawClient, byte: string) => {
    const timer = setInterval(() => client.socket.writable && client.socket.write(byte), 200)
    client.socket.once('close', () => clearInterval(timer))
    context.sockets.push({ destroy: () => clearInterval(timer) } as Socket)
  }
  const headers = await rawClient(context, service.port, '127.0.0.2', 'POST /hooks/spec HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')
  trickle(headers, 'a')
  const body = await rawClient(
    context,
    service.port,
    '127.0.0.3',
    'POST /hooks/spec HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
  )
  trickle(body, ' ')
  const huge = await rawClient(
    context,
    service.port,
    '127.0.0.4',
    'POST /hooks/spec HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n',
  )

  await eventually(async () => huge.closed(), Boolean)
  assert.match(huge.received(), /^HTTP\/1\.1 413 /)
  assert.match(huge.received(), /the body is larger than this endpoint accepts/)
  await eventually(async () => headers.closed() && body.closed(), Boolean)
  assert.match(headers.received(), /^HTTP\/1\.1 408 /)
  assert.match(body.received(), /^HTTP\/1\.1 408 /)
  assert.is((await fetch(`${service.url}/healthz`)).status, 200)
  assert.is(await metric(service, /^scanplan_webhook_deliveries_received_total\{outcome="rejected_too_large"\} (\d+)$/m), 1)
})

door.run()
