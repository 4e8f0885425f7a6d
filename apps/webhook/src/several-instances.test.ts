import { startSimulator } from '@scanplan/qualys-sim'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadServiceConfig } from './config/load-config.js'
import { startWebhookService } from './service.js'
import { createTestDatabase, startTestPostgres } from '@scanplan/test-support/postgres-cluster'
import { deliveryBody, eventually, getDelivery, sendSigned, serviceEnv, writeServiceConfig } from './test-fixtures/service-fixture.js'

const server = await startTestPostgres()
if (!server) {
  console.warn('PostgreSQL is not installed here: the several-instances test did not run (it runs in CI).')
} else {
  test('two instances on one PostgreSQL inbox: deliveries to either are applied once, by one of them', async () => {
    const sim = await startSimulator({ port: 0 })
    const database = await createTestDatabase(server)
    const written = writeServiceConfig({ store: '{ postgres: { env: INBOX_URL } }' })
    const env = { ...serviceEnv(), INBOX_URL: database.url }
    const [a, b] = await Promise.all([0, 1].map(() => startWebhookService({ config: loadServiceConfig(written.file, { env }), target: sim.url })))
    try {
      const ids = Array.from({ length: 12 }, (_, i) => `msg_pair_${i}`)
      const answers = await Promise.all(ids.map((id, i) => sendSigned((i % 2 === 0 ? a! : b!).url, deliveryBody(`Pair ${id}`), { id })))
      assert.equal(answers.map((r) => r.status), ids.map(() => 202))
      // The same delivery sent to the other instance is the same delivery.
      const repeat = await sendSigned(b!.url, deliveryBody(`Pair ${ids[0]}`), { id: ids[0]! })
      assert.is(repeat.json.duplicate, true)
      for (const id of ids) {
        const done = await eventually(() => getDelivery(a!.url, id), (r) => r.json.status === 'applied' || r.json.status === 'failed', 30_000)
        assert.is(done.json.status, 'applied', JSON.stringify(done.json.lastError))
        assert.is(done.json.attempts, 1)
      }
      const names = (sim.admin.state().subscriptions.flatMap((s) => s.connectors) as { name: string }[]).map((c) => c.name)
      assert.equal([...names].sort(), ids.map((id) => `Pair ${id}`).sort())
      const creates = Object.values(sim.admin.counters().subscriptions).reduce((sum, c) => sum + c.connectorCreates, 0)
      assert.is(creates, ids.length)
    } finally {
      await Promise.all([a!.close(), b!.close()])
      await sim.stop()
      await database.drop()
      written.remove()
      await server.stop()
    }
  })
  test.run()
}
