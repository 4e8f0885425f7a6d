import { startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { loadServiceConfig } from './config/load-config.js'
import { startWebhookService, type RunningService } from './service.js'
import { adminToken, deliveryBody, eventually, getDelivery, sendGithub, sendSigned, serviceEnv, writeServiceConfig } from './test-fixtures/service-fixture.js'

// Issue 18 rows 6 and 7: a replayed GitHub-style body, ids shared across endpoints, another body under a known id.

interface Context {
  sim: RunningSimulator
  service: RunningService
  remove: () => void
}
const replay = suite<Context>('delivery ids and replays, against the simulator')

replay.before.each(async (context) => {
  context.sim = await startSimulator({ port: 0 })
  const written = writeServiceConfig()
  context.remove = written.remove
  context.service = await startWebhookService({ config: loadServiceConfig(written.file, { env: serviceEnv() }), target: context.sim.url })
})
replay.after.each(async (context) => {
  await context.service.close()
  await context.sim.stop()
  context.remove()
})

const connectorsNamed = (sim: RunningSimulator, name: string) =>
  sim.admin.state().subscriptions.flatMap((s) => s.connectors).filter((c) => (c as { name: string }).name === name) as { description?: string }[]
const readStatus = async (statusUrl: string) => {
  const response = await fetch(statusUrl, { headers: { authorization: `Bearer ${adminToken}` } })
  return { status: response.status, json: (await response.json()) as any }
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

replay('a captured GitHub-style body resent under a fresh X-GitHub-Delivery is refused (409) and reverts nothing', async ({ sim, service }) => {
  const captured = deliveryBody('Tenant replayed')
  assert.is((await sendGithub(service.url, captured, 'gh-capture-1')).status, 202)
  await eventually(() => getDelivery(service.url, 'gh-capture-1'), (r) => r.json.status === 'applied')
  const changed = JSON.parse(captured)
  changed.connectors[0].description = 'the later change'
  assert.is((await sendGithub(service.url, JSON.stringify(changed), 'gh-change-2')).status, 202)
  await eventually(() => getDelivery(service.url, 'gh-change-2'), (r) => r.json.status === 'applied')

  const replayed = await sendGithub(service.url, captured, 'gh-replay-3')
  assert.is(replayed.status, 409)
  assert.match(replayed.json.error, /already accepted on this endpoint under another id/)
  assert.is((await getDelivery(service.url, 'gh-replay-3')).status, 404, 'the replay is not stored')
  await settle()
  assert.is(connectorsNamed(sim, 'Tenant replayed')[0]!.description, 'the later change')
  // The documented way to send the same spec again on purpose: other bytes (here a trailing newline).
  const resent = await sendGithub(service.url, `${captured}\n`, 'gh-revert-4')
  assert.is(resent.status, 202)
  await eventually(() => getDelivery(service.url, 'gh-revert-4'), (r) => r.json.status === 'applied')
  assert.is(connectorsNamed(sim, 'Tenant replayed')[0]!.description, JSON.parse(captured).connectors[0].description)
})

replay('a GitHub delivery id cannot block the same id from a Standard Webhooks sender: ids are scoped per endpoint', async ({ sim, service }) => {
  const id = 'msg_1795386892'
  const github = await sendGithub(service.url, deliveryBody('Tenant from GitHub'), id)
  assert.is(github.status, 202)
  const standard = await sendSigned(service.url, deliveryBody('Tenant from Standard Webhooks'), { id })
  assert.is(standard.status, 202)
  assert.is(standard.json.duplicate, undefined)
  assert.equal([github.json.deliveryId, standard.json.deliveryId], [id, id])
  assert.is(standard.json.statusUrl, `${service.url}/deliveries/${id}?endpoint=%2Fhooks%2Fspec`)
  assert.is(github.json.statusUrl, `${service.url}/deliveries/${id}?endpoint=%2Fhooks%2Fspec%2Fgithub`)
  const done = await eventually(() => readStatus(standard.json.statusUrl), (r) => r.json.status === 'applied')
  assert.equal([done.json.deliveryId, done.json.endpoint, done.json.scheme], [id, '/hooks/spec', 'standard-webhooks'])
  await eventually(() => readStatus(github.json.statusUrl), (r) => r.json.status === 'applied')
  assert.is(connectorsNamed(sim, 'Tenant from GitHub').length, 1)
  assert.is(connectorsNamed(sim, 'Tenant from Standard Webhooks').length, 1)
  // Without ?endpoint= the id is ambiguous: both addresses are listed.
  const ambiguous = await getDelivery(service.url, id)
  assert.is(ambiguous.status, 300)
  assert.equal(ambiguous.json.deliveries.map((d: { statusUrl: string }) => d.statusUrl).sort(), [standard.json.statusUrl, github.json.statusUrl].sort())
})

replay('a different body under a known id is refused with 409, not answered "duplicate" and dropped', async ({ sim, service }) => {
  const first = await sendSigned(service.url, deliveryBody('Tenant first body'), { id: 'msg_conflict' })
  assert.is(first.status, 202)
  const again = await sendSigned(service.url, deliveryBody('Tenant first body'), { id: 'msg_conflict' })
  assert.is(again.status === 200 || again.status === 202, true)
  assert.is(again.json.duplicate, true)
  const other = await sendSigned(service.url, deliveryBody('Tenant second body'), { id: 'msg_conflict' })
  assert.is(other.status, 409)
  assert.match(other.json.error, /a different body was already delivered under this id/)
  await eventually(() => getDelivery(service.url, 'msg_conflict'), (r) => r.json.status === 'applied')
  await settle()
  assert.is(connectorsNamed(sim, 'Tenant first body').length, 1)
  assert.is(connectorsNamed(sim, 'Tenant second body').length, 0)
  assert.match(await (await fetch(`${service.url}/metrics`)).text(), /scanplan_webhook_deliveries_received_total\{outcome="conflict"\} 1/)
})

replay.run()
