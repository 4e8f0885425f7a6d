import { join } from 'node:path'
import { startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { deliveryKey, openPostgresInbox, openSqliteInbox, type InboxStore } from '@scanplan/webhook-inbox'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createTestDatabase, startTestPostgres } from '@scanplan/test-support/postgres-cluster'
import { loadServiceConfig } from './config/load-config.js'
import { startWebhookService } from './service.js'
import { exited, freePort, startChild } from './test-fixtures/child-service.js'
import { deliveryBody, eventually, getDelivery, sendSigned, serviceEnv, writeServiceConfig } from './test-fixtures/service-fixture.js'

// Issue 18 rows 1 and 2: a create still running in Qualys when its process dies (kill -9) or stops (SIGTERM) must not
// be sent again by the next attempt. The simulator holds every create for `createLatencyMs` (it finishes the create
// even after the client went away, as a server may), the create deadline is longer than that, and the next attempt
// must wait for it and find the connector instead of creating a second one.

const createLatencyMs = 5000
/** The inbox's key of a Standard Webhooks delivery on the test endpoint (ids are scoped per endpoint and scheme). */
const key = (id: string) => deliveryKey('standard-webhooks', '/hooks/spec', id)
const slowCreates = { latencyMs: createLatencyMs, match: { method: 'POST', pathPrefix: '/connectors/' } }
/** Creates sent to Qualys (arrived at the simulator, whether or not it made a connector, which it refuses for a taken name). */
const creates = (sim: RunningSimulator) => Object.values(sim.admin.counters().subscriptions).reduce((sum, c) => sum + c.connectorCreateRequests, 0)
const connectorNames = (sim: RunningSimulator) => (sim.admin.state().subscriptions.flatMap((s) => s.connectors) as { name: string }[]).map((c) => c.name)

/**
 * Until the attempt has recorded its create intent, and a moment more for its POST to reach the simulator, which
 * then holds it for `createLatencyMs` (the reproduction's "kill -9 after 1 s").
 */
async function untilCreateSent(inbox: InboxStore, id: string) {
  const delivery = await eventually(() => inbox.get(key(id)), (d) => d?.createInFlightUntil != null, 30_000)
  await new Promise((resolve) => setTimeout(resolve, 1500))
  return delivery!
}

interface Store {
  config?: string
  env?: Record<string, string>
  /** The inbox as the test reads it beside the service. */
  open: (dir: string) => Promise<InboxStore>
}

async function killDuringSlowCreate(store: Store, worker: string) {
  const sim = await startSimulator({ port: 0, faults: slowCreates })
  const port = await freePort()
  const written = writeServiceConfig({ port, worker, ...(store.config ? { store: store.config } : {}) })
  const url = `http://127.0.0.1:${port}`
  const env = store.env ?? {}
  let child = startChild(written.file, sim.url, env)
  const inbox = await store.open(written.dir)
  try {
    await eventually(() => fetch(`${url}/healthz`).then((r) => r.status, () => 0), (status) => status === 200, 30_000)
    assert.is((await sendSigned(url, deliveryBody('Slow create'), { id: 'msg_slow' })).status, 202)
    await untilCreateSent(inbox, 'msg_slow')
    child.kill('SIGKILL')
    await exited(child)
    assert.is(creates(sim), 1, 'killed while its create was still running in Qualys')
    assert.equal(connectorNames(sim), [], 'not created yet')

    child = startChild(written.file, sim.url, env)
    const done = await eventually(() => getDelivery(url, 'msg_slow').catch(() => ({ status: 0, json: {} as any })), (r) => r.json.status === 'applied' || r.json.status === 'failed', 60_000)
    assert.is(done.json.status, 'applied', JSON.stringify(done.json.lastError))
    // The dead process's create went through; the next attempt waited for it and found the connector.
    assert.is(creates(sim), 1, 'one create sent, in /__admin/counters')
    assert.equal(connectorNames(sim), ['Slow create'])
    assert.is(done.json.outcome.result[0].status, 'unchanged', JSON.stringify(done.json))
    assert.is(done.json.attempts, 2)
  } finally {
    child.kill('SIGTERM')
    await exited(child)
    await inbox.close()
    await sim.stop()
    written.remove()
  }
}

const sqlite: Store = { open: async (dir) => openSqliteInbox({ path: join(dir, 'inbox.db'), singleProcess: false, commitThread: false }) }

test('kill -9 during a slow create (SQLite): the restarted service waits for that create and sends none of its own', async () => {
  // The restart queues the dead process's delivery again at once; only the recorded intent stops a second create.
  await killDuringSlowCreate(sqlite, '{ pollMilliseconds: 20, leaseSeconds: 9, createDeadlineSeconds: 7, maxBackoffSeconds: 1 }')
})

const postgres = await startTestPostgres()
if (postgres) {
  test('kill -9 during a slow create (PostgreSQL): the lease runs out before the create, the takeover waits for it', async () => {
    const database = await createTestDatabase(postgres)
    try {
      // A lease shorter than the create: the takeover comes while the dead process's create is still running.
      await killDuringSlowCreate(
        { config: '{ postgres: { env: INBOX_URL } }', env: { INBOX_URL: database.url }, open: () => openPostgresInbox({ connectionString: database.url }) },
        '{ pollMilliseconds: 20, leaseSeconds: 2, createDeadlineSeconds: 7, maxBackoffSeconds: 1 }',
      )
    } finally {
      await database.drop()
    }
  })

  test('SIGTERM during a slow create, two instances on one PostgreSQL: the stop is bounded and the other instance does not create again', async () => {
    const sim = await startSimulator({ port: 0, faults: slowCreates })
    const database = await createTestDatabase(postgres)
    const port = await freePort()
    const worker = '{ pollMilliseconds: 20, leaseSeconds: 9, createDeadlineSeconds: 7, maxBackoffSeconds: 1 }'
    // Shorter than the create: the stopping instance cannot wait for it.
    const written = writeServiceConfig({ port, worker, shutdownTimeoutSeconds: 2, store: '{ postgres: { env: INBOX_URL } }' })
    const env = { INBOX_URL: database.url }
    const url = `http://127.0.0.1:${port}`
    const child = startChild(written.file, sim.url, env)
    const inbox = await openPostgresInbox({ connectionString: database.url })
    let other: Awaited<ReturnType<typeof startWebhookService>> | undefined
    try {
      await eventually(() => fetch(`${url}/healthz`).then((r) => r.status, () => 0), (status) => status === 200, 30_000)
      assert.is((await sendSigned(url, deliveryBody('Handed back'), { id: 'msg_sigterm' })).status, 202)
      const sent = await untilCreateSent(inbox, 'msg_sigterm')
      // The other instance is up and claiming while the first one stops.
      const config = loadServiceConfig(written.file, { env: { ...serviceEnv(), ...env }, port: 0 })
      other = await startWebhookService({ config, target: sim.url })
      child.kill('SIGTERM')
      assert.is(await exited(child), 0, 'a clean stop')
      // It exited without waiting for the create it could not finish in time (the simulator still holds it).
      assert.equal(connectorNames(sim), [], 'exited within shutdownTimeoutSeconds, before its create finished')
      const handedBack = (await inbox.get(key('msg_sigterm')))!
      if (handedBack.status === 'queued') assert.is(handedBack.nextAttemptAt, sent.createInFlightUntil, 'due once the create cannot be running')

      const done = await eventually(() => inbox.get(key('msg_sigterm')), (d) => d?.status === 'applied' || d?.status === 'failed', 30_000)
      assert.is(done!.status, 'applied', String(done!.lastError))
      assert.is(creates(sim), 1, 'one create sent, in /__admin/counters')
      assert.equal(connectorNames(sim), ['Handed back'])
      assert.is((done!.outcome!.result as { status: string }[])[0]!.status, 'unchanged')
    } finally {
      child.kill('SIGKILL')
      await exited(child)
      await other?.close()
      await inbox.close()
      await sim.stop()
      await database.drop()
      written.remove()
    }
  })

  test('stop the throwaway PostgreSQL', async () => {
    await postgres.stop()
  })
} else {
  console.warn('PostgreSQL is not installed here: the PostgreSQL slow-create tests did not run (they run in CI).')
}

test.run()
