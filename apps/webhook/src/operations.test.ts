import { execFileSync } from 'node:child_process'
import { request } from 'node:http'
import { startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { createTestDatabase, startTestPostgres } from '@scanplan/test-support/postgres-cluster'
import { signStandardWebhook } from '@scanplan/webhook-inbox'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { loadServiceConfig } from './config/load-config.js'
import { startWebhookService, type RunningService } from './service.js'
import { deliveryBody, eventually, getDelivery, sendSigned, serviceEnv, signingSecret, writeServiceConfig } from './test-fixtures/service-fixture.js'

// Operations under adverse conditions (issue 18): what the door answers when the service itself is the problem, and
// what /metrics says meanwhile.

interface Context {
  sim: RunningSimulator
  remove: () => void
  service?: RunningService
}

const operations = suite<Context>('operations')
operations.before.each(async (context) => {
  context.sim = await startSimulator({ port: 0 })
  context.remove = () => {}
  context.service = undefined
})
operations.after.each(async (context) => {
  await context.service?.close()
  await context.sim.stop()
  context.remove()
})

async function start(context: Context, options: { store?: string; env?: Record<string, string>; now?: () => number } = {}) {
  const written = writeServiceConfig(options.store !== undefined ? { store: options.store } : {})
  context.remove = written.remove
  const config = loadServiceConfig(written.file, { env: { ...serviceEnv(), ...options.env } })
  context.service = await startWebhookService({ config, target: context.sim.url, ...(options.now ? { now: options.now } : {}) })
  return context.service
}

/** A raw request, so that a header can be sent twice (fetch joins repeated headers into one). */
function rawPost(url: string, path: string, headers: Record<string, string | string[]>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

operations('a repeated webhook-signature header is refused, even when the valid signature comes last', async (context) => {
  const service = await start(context)
  const body = deliveryBody('Tenant twice')
  const timestamp = Math.floor(Date.now() / 1000)
  const good = signStandardWebhook(signingSecret, 'msg_twice', timestamp, body)
  const forged = `v1,${Buffer.alloc(32).toString('base64')}`
  const answer = await rawPost(service.url, '/hooks/spec', { 'content-type': 'application/json', 'webhook-id': 'msg_twice', 'webhook-timestamp': String(timestamp), 'webhook-signature': [forged, good] }, body)
  assert.is(answer.status, 401, answer.text)
  assert.is(await service.store.get('msg_twice'), undefined)
  // The same signature sent once is accepted: the refusal is about the repetition.
  const once = await rawPost(service.url, '/hooks/spec', { 'content-type': 'application/json', 'webhook-id': 'msg_twice', 'webhook-timestamp': String(timestamp), 'webhook-signature': good }, body)
  assert.is(once.status, 202, once.text)
})

operations('an expired Qualys password date in the service config: 503 to the sender, readiness fails, nothing stored', async (context) => {
  // The configured source says `passwordExpires: 2027-01-31`; the service's clock is past it.
  const service = await start(context, { now: () => Date.parse('2027-02-03T10:00:00Z') })
  const timestamp = Math.floor(Date.parse('2027-02-03T10:00:00Z') / 1000)
  const answer = await sendSigned(service.url, deliveryBody('Tenant expired'), { id: 'msg_expired', timestamp })
  assert.is(answer.status, 503, JSON.stringify(answer.json))
  assert.ok(answer.headers.get('retry-after'), 'the sender is told to come back')
  assert.match(answer.json.error, /the service's configuration of the Qualys account `acme-prod` is not usable/)
  assert.is(answer.json.diagnostics, undefined, 'the operator\'s configuration is not the sender\'s to read')
  assert.is(await service.store.get('msg_expired'), undefined)
  const ready = await fetch(`${service.url}/readyz`)
  assert.is(ready.status, 503)
  assert.match(((await ready.json()) as { checks: Record<string, string> }).checks['source acme-prod']!, /password expired on 2027-01-31/)
})

operations('readiness and the door agree on the expiry day itself (core\'s rule: expired from 00:00 UTC that day)', async (context) => {
  const service = await start(context, { now: () => Date.parse('2027-01-31T08:00:00Z') })
  assert.is((await fetch(`${service.url}/readyz`)).status, 503)
  const answer = await sendSigned(service.url, deliveryBody('Tenant expiry day'), { id: 'msg_day', timestamp: Math.floor(Date.parse('2027-01-31T08:00:00Z') / 1000) })
  assert.is(answer.status, 503)
})

operations('a second service on the same SQLite inbox refuses to start, saying why; the first keeps working', async (context) => {
  const written = writeServiceConfig()
  context.remove = written.remove
  const config = () => loadServiceConfig(written.file, { env: serviceEnv() })
  context.service = await startWebhookService({ config: config(), target: context.sim.url })
  try {
    await startWebhookService({ config: config(), target: context.sim.url })
    assert.unreachable('the second service started')
  } catch (error) {
    assert.is((error as Error).name, 'InboxInUseError')
    assert.match((error as Error).message, /is already open in another process/)
  }
  assert.is((await sendSigned(context.service.url, deliveryBody('Tenant one owner'), { id: 'msg_owner' })).status, 202)
})

const metricsText = async (url: string) => {
  const response = await fetch(`${url}/metrics`)
  return { status: response.status, text: await response.text() }
}
const sample = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}
const sum = (text: string, name: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)

operations('metrics pass promtool check metrics and follow Prometheus naming; one delivery is counted once per counter', async (context) => {
  const service = await start(context)
  const answer = await sendSigned(service.url, deliveryBody('Tenant metrics'), { id: 'msg_metrics' })
  assert.is(answer.status, 202)
  await eventually(() => getDelivery(service.url, 'msg_metrics'), (r) => r.json.status === 'applied')
  const { status, text } = await metricsText(service.url)
  assert.is(status, 200)
  let promtool: string
  try {
    promtool = execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
  } catch (error) {
    const failure = error as { code?: string; stdout?: string; stderr?: string }
    if (failure.code === 'ENOENT') throw new Error('promtool is not installed: run scripts/bootstrap.sh (Debian package prometheus)')
    throw new Error(`promtool check metrics failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`)
  }
  assert.is(promtool.trim(), '')
  // Node's and the process's default metrics keep their standard names, so stock dashboards work.
  assert.ok(sample(text, 'process_cpu_user_seconds_total') !== undefined, 'process_cpu_user_seconds_total')
  assert.ok(sample(text, 'nodejs_eventloop_lag_seconds') !== undefined, 'nodejs_eventloop_lag_seconds')
  assert.not.match(text, /^scanplan_webhook_process_|^scanplan_webhook_nodejs_/m)
  // One delivery: received once at the door, completed once by the worker.
  assert.is(sum(text, 'scanplan_webhook_deliveries_received_total'), 1)
  assert.is(sample(text, 'scanplan_webhook_deliveries_received_total{outcome="accepted"}'), 1)
  assert.is(sum(text, 'scanplan_webhook_deliveries_completed_total'), 1)
  assert.is(sample(text, 'scanplan_webhook_deliveries_completed_total{outcome="applied"}'), 1)
  assert.match(text, /^# TYPE scanplan_webhook_queue_depth gauge$/m)
  assert.is(sample(text, 'scanplan_webhook_queue_depth{status="applied"}'), 1)
  assert.match(text, /^# TYPE scanplan_webhook_http_request_duration_seconds histogram$/m)
  assert.match(text, /^scanplan_webhook_http_request_duration_seconds_count\{[^}]*route="\/hooks\/spec"[^}]*status_code="202"[^}]*\} 1$/m)
  assert.is(sample(text, 'scanplan_webhook_store_up'), 1)
})

const postgres = await startTestPostgres()
if (!postgres) console.warn('PostgreSQL is not installed here: the store-outage metrics test did not run (it runs in CI).')
else {
  operations('/metrics keeps answering while PostgreSQL is down; the store\'s health is a metric', async (context) => {
    const database = await createTestDatabase(postgres)
    const service = await start(context, { store: '{ postgres: { env: INBOX_URL } }', env: { INBOX_URL: database.url } })
    try {
      assert.is(sample((await metricsText(service.url)).text, 'scanplan_webhook_store_up'), 1)
      await postgres.stop()
      const during = await metricsText(service.url)
      assert.is(during.status, 200, during.text)
      assert.is(sample(during.text, 'scanplan_webhook_store_up'), 0)
      assert.ok(sample(during.text, 'process_cpu_user_seconds_total') !== undefined, 'the other metrics are still there')
      assert.is((await fetch(`${service.url}/readyz`)).status, 503)
    } finally {
      await service.close()
      context.service = undefined
    }
  })
}

operations.run()
