import { createServer } from 'node:net'
import { startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { pino } from 'pino'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { loadServiceConfig } from './config/load-config.js'
import { startWebhookService, type RunningService } from './service.js'
import {
  adminToken,
  deliveryBody,
  eventually,
  getDelivery,
  sendGithub,
  sendSigned,
  serviceEnv,
  signingSecret,
  writeServiceConfig,
} from './test-fixtures/service-fixture.js'

interface Context {
  sim: RunningSimulator
  service: RunningService
  remove: () => void
}
const e2e = suite<Context>('webhook service against the simulator')

e2e.before.each(async (context) => {
  context.sim = await startSimulator({ port: 0 })
  const written = writeServiceConfig()
  context.remove = written.remove
  context.service = await startWebhookService({ config: loadServiceConfig(written.file, { env: serviceEnv() }), target: context.sim.url })
})
e2e.after.each(async (context) => {
  await context.service.close()
  await context.sim.stop()
  context.remove()
})

const connectorsNamed = (sim: RunningSimulator, name: string) =>
  sim.admin.state().subscriptions.flatMap((s) => s.connectors).filter((c) => (c as { name: string }).name === name)
const creates = (sim: RunningSimulator) =>
  Object.values(sim.admin.counters().subscriptions).reduce((sum, c) => sum + c.connectorCreates, 0)

e2e('delivery -> 202 -> applied, visible in the simulator; the duplicate is not applied again', async ({ sim, service }) => {
  const body = deliveryBody('Tenant e2e', 'Initial Options')
  const first = await sendSigned(service.url, body, { id: 'msg_e2e_1' })
  assert.is(first.status, 202)
  assert.equal(first.json, { deliveryId: 'msg_e2e_1', status: 'queued', statusUrl: `${service.url}/deliveries/msg_e2e_1?endpoint=%2Fhooks%2Fspec` })
  const done = await eventually(
    () => getDelivery(service.url, 'msg_e2e_1'),
    (r) => r.json.status !== 'queued' && r.json.status !== 'applying',
  )
  assert.is(done.json.status, 'applied', JSON.stringify(done.json.outcome ?? done.json.lastError))
  assert.is(done.json.attempts, 1)
  assert.is(done.json.outcome.result[0].status, 'created')
  assert.is(connectorsNamed(sim, 'Tenant e2e').length, 1)

  const again = await sendSigned(service.url, body, { id: 'msg_e2e_1' })
  assert.is(again.status, 200)
  assert.equal(again.json, { deliveryId: 'msg_e2e_1', status: 'applied', statusUrl: `${service.url}/deliveries/msg_e2e_1?endpoint=%2Fhooks%2Fspec`, duplicate: true })
  await new Promise((resolve) => setTimeout(resolve, 200))
  assert.is(creates(sim), 1)
  assert.is(connectorsNamed(sim, 'Tenant e2e').length, 1)
})

e2e('a second delivery for the same connector updates it; GitHub-style deliveries work too', async ({ sim, service }) => {
  const first = await sendGithub(service.url, deliveryBody('Tenant gh'), '72d3162e-cc78-11e3-81ab-4c9367dc0958')
  assert.is(first.status, 202)
  await eventually(() => getDelivery(service.url, '72d3162e-cc78-11e3-81ab-4c9367dc0958'), (r) => r.json.status === 'applied')
  const changed = JSON.parse(deliveryBody('Tenant gh'))
  changed.connectors[0].description = 'changed by the second delivery'
  const second = await sendSigned(service.url, JSON.stringify(changed), { id: 'msg_update' })
  assert.is(second.status, 202)
  const done = await eventually(() => getDelivery(service.url, 'msg_update'), (r) => r.json.status === 'applied')
  assert.is(done.json.outcome.result[0].status, 'updated')
  const [connector] = connectorsNamed(sim, 'Tenant gh') as { description?: string }[]
  assert.is(connector!.description, 'changed by the second delivery')
})

e2e('forged, replayed, stale, oversized, wrong-type and malformed deliveries change nothing', async ({ sim, service }) => {
  const body = deliveryBody('Tenant attack')
  const now = Math.floor(Date.now() / 1000)
  const other = 'whsec_' + Buffer.from('not the configured secret at all!').toString('base64')
  assert.is((await sendSigned(service.url, body, { id: 'msg_forged', secret: other })).status, 401)
  assert.is((await sendSigned(service.url, body, { id: 'msg_stale', timestamp: now - 600 })).status, 401)
  assert.is((await sendSigned(service.url, body, { id: 'msg_future', timestamp: now + 600 })).status, 401)
  const unsigned = await fetch(`${service.url}/hooks/spec`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  assert.is(unsigned.status, 401)
  const wrongType = await sendSigned(service.url, body, { id: 'msg_type', headers: { 'content-type': 'text/plain' } })
  assert.is(wrongType.status, 415)
  const huge = JSON.stringify({ ...JSON.parse(body), padding: 'x'.repeat(20_000) })
  const tooLarge = await sendSigned(service.url, huge, { id: 'msg_huge' })
  assert.is(tooLarge.status, 413)
  const malformed = await sendSigned(service.url, '{"source": "acme-prod", ', { id: 'msg_malformed' })
  assert.is(malformed.status, 400)
  assert.is(malformed.json.diagnostics[0].code, 'WEBHOOK001')
  // A signature replayed onto another body (the id and timestamp of a real delivery) does not verify.
  const timestamp = now
  const real = await sendSigned(service.url, body, { id: 'msg_real', timestamp })
  assert.is(real.status, 202)
  const replayed = await fetch(`${service.url}/hooks/spec`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': 'msg_real',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': (await import('@scanplan/webhook-inbox')).signStandardWebhook(signingSecret, 'msg_real', timestamp, body),
    },
    body: deliveryBody('Tenant replaced'),
  })
  assert.is(replayed.status, 401)
  await eventually(() => getDelivery(service.url, 'msg_real'), (r) => r.json.status === 'applied')
  const counts = await service.store.countByStatus()
  assert.equal(counts, { queued: 0, applying: 0, applied: 1, failed: 0, superseded: 0 })
  assert.is(creates(sim), 1)
  assert.is(connectorsNamed(sim, 'Tenant replaced').length, 0)
})

e2e('a spec that does not compile gets 422 with the diagnostics, pointing into the sender\'s bytes', async ({ service }) => {
  const body = deliveryBody('Tenant bad').replace('weekly on MON,WED at 12:00', 'weekly on MON,WEDNESDAYY at 12:00')
  const response = await sendSigned(service.url, body, { id: 'msg_422' })
  assert.is(response.status, 422)
  assert.is(response.json.error, 'the spec does not compile')
  const [first] = response.json.diagnostics
  assert.is(first.severity, 'error')
  assert.is(first.path, 'connectors[0].perimeterScan.schedule')
  assert.ok(body.slice(first.span.start, first.span.end).length > 0)
  assert.ok(body.slice(first.span.start, first.span.end).includes('WEDNESDAYY') || first.span.start >= body.indexOf('"schedule"'))
  assert.is(first.label, undefined)

  const unknownSource = await sendSigned(service.url, body.replace('"acme-prod"', '"acme-prd"'), { id: 'msg_422b' })
  assert.is(unknownSource.status, 422)
  assert.is(unknownSource.json.diagnostics[0].code, 'WEBHOOK003')
  assert.is(unknownSource.json.diagnostics[0].help, 'did you mean `acme-prod`?')
  const inlineSource = JSON.parse(deliveryBody('x'))
  inlineSource.source = { site: 'acme-prod', username: 'acme3ab1', auth: 'session', password: { env: 'QUALYS_PASSWORD' } }
  assert.is((await sendSigned(service.url, JSON.stringify(inlineSource), { id: 'msg_422c' })).json.diagnostics[0].code, 'WEBHOOK002')
  const otherSecret = deliveryBody('x').replace('"AZURE_APP_SECRET"', '"QUALYS_PASSWORD"')
  const secretResponse = await sendSigned(service.url, otherSecret, { id: 'msg_422d' })
  assert.is(secretResponse.status, 422)
  assert.is(secretResponse.json.diagnostics[0].code, 'WEBHOOK004')
  assert.equal(await service.store.countByStatus(), { queued: 0, applying: 0, applied: 0, failed: 0, superseded: 0 })
})

e2e('the status API needs the bearer token and lists by status', async ({ service }) => {
  await sendSigned(service.url, deliveryBody('Tenant list'), { id: 'msg_list' })
  assert.is((await getDelivery(service.url, 'msg_list', 'wrong-token')).status, 401)
  const noToken = await fetch(`${service.url}/deliveries`)
  assert.is(noToken.status, 401)
  assert.is(noToken.headers.get('www-authenticate'), 'Bearer')
  await eventually(() => getDelivery(service.url, 'msg_list'), (r) => r.json.status === 'applied')
  const list = await fetch(`${service.url}/deliveries?status=applied`, { headers: { authorization: `Bearer ${adminToken}` } })
  const json = (await list.json()) as { deliveries: { deliveryId: string; body?: string }[] }
  assert.equal(json.deliveries.map((d) => d.deliveryId), ['msg_list'])
  assert.is(json.deliveries[0]!.body, undefined)
  const bad = await fetch(`${service.url}/deliveries?status=done`, { headers: { authorization: `Bearer ${adminToken}` } })
  assert.is(bad.status, 400)
  assert.is((await getDelivery(service.url, 'nope')).status, 404)
})

e2e('operations: healthz, readyz, metrics, request ids, security headers', async ({ service }) => {
  const health = await fetch(`${service.url}/healthz`)
  assert.is(health.status, 200)
  assert.is(health.headers.get('x-powered-by'), null)
  assert.is(health.headers.get('x-content-type-options'), 'nosniff')
  const ready = await fetch(`${service.url}/readyz`)
  assert.is(ready.status, 200)
  assert.equal(((await ready.json()) as { checks: object }).checks, { store: 'ok', 'source acme-prod': 'ok' })
  const echoed = await fetch(`${service.url}/healthz`, { headers: { 'x-request-id': 'req-123' } })
  assert.is(echoed.headers.get('x-request-id'), 'req-123')
  const generated = await fetch(`${service.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } })
  assert.match(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/)
  await sendSigned(service.url, deliveryBody('Tenant metrics'), { id: 'msg_metrics' })
  await sendSigned(service.url, deliveryBody('Tenant metrics'), { id: 'msg_metrics_bad', secret: 'whsec_' + Buffer.from('x'.repeat(32)).toString('base64') })
  await eventually(() => getDelivery(service.url, 'msg_metrics'), (r) => r.json.status === 'applied')
  const metrics = await (await fetch(`${service.url}/metrics`)).text()
  assert.match(metrics, /scanplan_webhook_deliveries_received_total\{outcome="accepted"\} 1/)
  assert.match(metrics, /scanplan_webhook_deliveries_completed_total\{outcome="applied"\} 1/)
  assert.match(metrics, /scanplan_webhook_deliveries_received_total\{outcome="rejected_signature"\} 1/)
  assert.match(metrics, /scanplan_webhook_queue_depth\{status="applied"\} 1/)
  assert.match(metrics, /scanplan_webhook_apply_duration_seconds_count 1/)
  assert.match(metrics, /scanplan_webhook_qualys_retries_total 0/)
  const unknown = await fetch(`${service.url}/nothing-here`)
  assert.is(unknown.status, 404)
})

e2e('an option profile title the account lacks fails the delivery at once, with the titles that exist', async ({ sim, service }) => {
  const response = await sendSigned(service.url, deliveryBody('Tenant no profile', 'Nightly Deep Scan'), { id: 'msg_no_profile' })
  assert.is(response.status, 202)
  const done = await eventually(() => getDelivery(service.url, 'msg_no_profile'), (r) => r.json.status === 'failed' || r.json.status === 'applied')
  assert.is(done.json.status, 'failed')
  assert.is(done.json.attempts, 1)
  assert.match(done.json.lastError, /Nightly Deep Scan/)
  assert.match(done.json.lastError, /Initial Options/)
  assert.is(connectorsNamed(sim, 'Tenant no profile').length, 0)
})

e2e('a login Qualys refuses fails the delivery at once: the same credentials would be refused again', async ({ sim }) => {
  const written = writeServiceConfig()
  const config = loadServiceConfig(written.file, { env: { ...serviceEnv(), QUALYS_PASSWORD: 'not-the-password' } })
  const service = await startWebhookService({ config, target: sim.url, logger: pino({ level: 'silent' }) })
  try {
    assert.is((await sendSigned(service.url, deliveryBody('Tenant refused'), { id: 'msg_refused' })).status, 202)
    const done = await eventually(() => getDelivery(service.url, 'msg_refused'), (r) => r.json.status === 'failed' || r.json.status === 'applied')
    assert.is(done.json.status, 'failed')
    assert.is(done.json.attempts, 1, 'not retried')
    assert.match(done.json.lastError, /refused .* for user acme3ab1 .*HTTP 401/, done.json.lastError)
    assert.match(done.json.lastError, /not retried: fix the credentials/)
    assert.not.ok(JSON.stringify(done.json).includes('not-the-password'))
    assert.is(connectorsNamed(sim, 'Tenant refused').length, 0)
  } finally {
    await service.close()
    written.remove()
  }
})

e2e('logs carry the request id and never a token or a signature', async ({ sim }) => {
  const lines: string[] = []
  const written = writeServiceConfig()
  const config = loadServiceConfig(written.file, { env: serviceEnv() })
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) })
  const service = await startWebhookService({ config, target: sim.url, logger })
  try {
    await sendSigned(service.url, deliveryBody('Tenant logs'), { id: 'msg_logs', headers: { 'x-request-id': 'req-logs-1' } })
    await eventually(() => getDelivery(service.url, 'msg_logs'), (r) => r.json.status === 'applied')
    const log = lines.join('')
    assert.match(log, /"reqId":"req-logs-1"/)
    assert.match(log, /"msg":"delivery applied"/)
    assert.not.ok(log.includes(adminToken), 'the admin token is not logged')
    assert.not.match(log, /webhook-signature|v1,[A-Za-z0-9+/]{20}/)
    assert.not.ok(log.includes(serviceEnv().QUALYS_PASSWORD!), 'the Qualys password is not logged')
  } finally {
    await service.close()
    written.remove()
  }
})

const startup = suite('start-up and shutdown')

startup('a port held by another process fails start-up loudly instead of "listening"', async () => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  const port = (blocker.address() as { port: number }).port
  const written = writeServiceConfig({ port })
  try {
    let failure: unknown
    await startWebhookService({ config: loadServiceConfig(written.file, { env: serviceEnv() }), worker: false }).then(
      (service) => service.close(),
      (error: unknown) => (failure = error),
    )
    assert.is((failure as NodeJS.ErrnoException | undefined)?.code, 'EADDRINUSE')
  } finally {
    blocker.close()
    written.remove()
  }
})

startup('at warn, a refused delivery is logged with its request id and accepted ones log nothing', async () => {
  // Below info the request logger is made only when something is logged: the id must still be on the line.
  const lines: string[] = []
  const written = writeServiceConfig()
  const config = loadServiceConfig(written.file, { env: serviceEnv() })
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) })
  const service = await startWebhookService({ config, logger, worker: false })
  try {
    const body = deliveryBody('Tenant warn logs')
    const forged = await sendSigned(service.url, body, { id: 'msg_forged_log', secret: 'whsec_' + Buffer.from('another secret entirely!').toString('base64'), headers: { 'x-request-id': 'req-warn-1' } })
    assert.is(forged.status, 401)
    const accepted = await sendSigned(service.url, body, { id: 'msg_warn_ok', headers: { 'x-request-id': 'req-warn-2' } })
    assert.is(accepted.status, 202)
    assert.is(accepted.headers.get('x-request-id'), 'req-warn-2')
    const log = lines.join('')
    assert.match(log, /"reqId":"req-warn-1".*"msg":"delivery refused"/)
    assert.not.match(log, /req-warn-2/)
  } finally {
    await service.close()
    written.remove()
  }
})

startup('shutdown: readiness drops, new deliveries get 503 (never 410), the store closes, all within the bound', async () => {
  const written = writeServiceConfig()
  try {
    const service = await startWebhookService({ config: loadServiceConfig(written.file, { env: serviceEnv() }), worker: false })
    const accepted = await sendSigned(service.url, deliveryBody('Tenant shutdown'), { id: 'msg_before_stop' })
    assert.is(accepted.status, 202)
    const started = Date.now()
    await service.close()
    assert.ok(Date.now() - started < 5000)
    let refused = false
    await fetch(`${service.url}/healthz`).catch(() => (refused = true))
    assert.ok(refused, 'the port is closed')
    // What was accepted is on disk for the next start.
    const reopened = await startWebhookService({ config: loadServiceConfig(written.file, { env: serviceEnv() }), worker: false })
    assert.is((await getDelivery(reopened.url, 'msg_before_stop')).json.status, 'queued')
    await reopened.close()
  } finally {
    written.remove()
  }
})

e2e.run()
startup.run()
