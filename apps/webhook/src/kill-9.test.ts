import { startSimulator } from '@scanplan/qualys-sim'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createTestDatabase, startTestPostgres } from '@scanplan/test-support/postgres-cluster'
import { exited, freePort, startChild } from './test-fixtures/child-service.js'
import { deliveryBody, eventually, getDelivery, sendSigned, writeServiceConfig } from './test-fixtures/service-fixture.js'

async function killDuringBurst(store: { config?: string; env?: Record<string, string> }) {
  const sim = await startSimulator({ port: 0 })
  const port = await freePort()
  const written = writeServiceConfig({ port, ...(store.config ? { store: store.config } : {}) })
  const url = `http://127.0.0.1:${port}`
  const env = store.env ?? {}
  let child = startChild(written.file, sim.url, env)
  try {
    await eventually(() => fetch(`${url}/healthz`).then((r) => r.status, () => 0), (status) => status === 200, 30_000)

    const total = 80
    const accepted: string[] = []
    let killed = false
    const ids = Array.from({ length: total }, (_, i) => `msg_kill_${String(i).padStart(3, '0')}`)
    const sender = async (mine: string[]) => {
      for (const id of mine) {
        if (killed && Math.random() < 0.5) await new Promise((resolve) => setTimeout(resolve, 5))
        const response = await sendSigned(url, deliveryBody(`Kill ${id}`), { id }).catch(() => undefined)
        if (response?.status === 202) accepted.push(id)
        // The kill lands mid-burst: some deliveries stored and answered, some applied, some in flight.
        if (!killed && accepted.length >= 25) {
          killed = true
          child.kill('SIGKILL')
        }
      }
    }
    await Promise.all([0, 1, 2, 3].map((k) => sender(ids.filter((_, i) => i % 4 === k))))
    assert.ok(killed, 'the child was killed during the burst')
    assert.is(child.signalCode ?? (await exited(child), child.signalCode), 'SIGKILL')
    const answeredBeforeKill = accepted.length
    const appliedBeforeKill = sim.admin.state().subscriptions.flatMap((s) => s.connectors).length
    assert.ok(answeredBeforeKill >= 25 && answeredBeforeKill < total, `202s before the kill: ${answeredBeforeKill}`)

    child = startChild(written.file, sim.url, env)
    await eventually(() => fetch(`${url}/healthz`).then((r) => r.status, () => 0), (status) => status === 200, 30_000)
    for (const id of accepted) {
      const done = await eventually(() => getDelivery(url, id), (r) => r.status === 200 && (r.json.status === 'applied' || r.json.status === 'failed'), 60_000)
      assert.is(done.json.status, 'applied', `${id}: ${JSON.stringify(done.json.lastError)}`)
    }

    // The simulator's state is the judge: one connector per 202'd delivery, and no connector created twice.
    const connectors = sim.admin.state().subscriptions.flatMap((s) => s.connectors) as { name: string }[]
    const names = connectors.map((c) => c.name)
    for (const id of accepted) assert.is(names.filter((n) => n === `Kill ${id}`).length, 1, `connector of ${id}`)
    assert.is(new Set(names).size, names.length, 'no connector name twice')
    const creates = Object.values(sim.admin.counters().subscriptions).reduce((sum, c) => sum + c.connectorCreates, 0)
    assert.is(creates, connectors.length, 'one create per connector')
    // Nothing appears that no one sent.
    for (const name of names) assert.ok(ids.includes(name.replace(/^Kill /, '')), name)
    if (process.env.SCANPLAN_TEST_VERBOSE) {
      process.stderr.write(
        `kill -9: ${total} sent, ${answeredBeforeKill} answered 202 before the kill, ${appliedBeforeKill} applied before it, ` +
          `${accepted.length} answered 202 in all, ${connectors.length} connectors after the restart, ${creates} creates\n`,
      )
    }
  } finally {
    child.kill('SIGTERM')
    await exited(child)
    await sim.stop()
    written.remove()
  }
}

test('kill -9 during a burst (SQLite): every 202\'d delivery is applied exactly once after a restart', async () => {
  await killDuringBurst({})
})

// With PostgreSQL the dead process's lease is not taken back at start-up (other instances may hold leases): the
// delivery it was applying waits for its lease (5 s in the test configuration) to expire, then is claimed again.
const postgres = await startTestPostgres()
if (postgres) {
  test('kill -9 during a burst (PostgreSQL): every 202\'d delivery is applied exactly once after a restart', async () => {
    const database = await createTestDatabase(postgres)
    try {
      await killDuringBurst({ config: '{ postgres: { env: INBOX_URL } }', env: { INBOX_URL: database.url } })
    } finally {
      await database.drop()
      await postgres.stop()
    }
  })
} else {
  console.warn('PostgreSQL is not installed here: the PostgreSQL kill -9 test did not run (it runs in CI).')
}

test.run()
