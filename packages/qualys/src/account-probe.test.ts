import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { variantNames, type Variant } from '@scanplan/qualys-sim'
import { createFetchTransport } from '@scanplan/transport-fetch'
import { createProbeRecorder, probeAccount } from './account-probe.js'
import { applySpecs, planSpecs } from './spec-run.js'
import { poolFor, secretsIn, simulator, transportFor } from './test-fixtures/harness.js'
import { twoConnectors } from './test-fixtures/two-connectors.js'
import { acme, azureAppSecret } from '@scanplan/test-support/simulator-credentials'

/**
 * `doctor --probe`'s logic: under each reading the simulator plays, the probe names exactly that reading (and all
 * of them together), and changes nothing: the account's state and its write counters are the same afterwards.
 */
const env = { QUALYS_PASSWORD: acme.password, AZURE_APP_SECRET: azureAppSecret }
const now = new Date('2026-06-01T00:00:00Z')
const source = { site: 'acme', auth: 'session' as const, username: acme.username, platform: { apiServer: 'https://qualysapi.qg3.apps.qualys.com', gateway: 'https://gateway.qg3.apps.qualys.com' }, password: { env: 'QUALYS_PASSWORD' } }

async function probeUnder(variants: Variant[]) {
  const sim = await simulator({ variants })
  const seeding = poolFor(sim.url, transportFor())
  try {
    const planned = await planSpecs([{ file: 'probe.yaml', text: twoConnectors('daily at 12:00 Asia/Colombo starting 2023-10-05') }], seeding, { secretsOf: secretsIn(env), now })
    const applied = await applySpecs(planned, { secretsOf: secretsIn(env) })
    assert.equal(applied.flatMap((s) => s.applied!.map((c) => c.result.status)), ['created', 'created'])
  } finally {
    await seeding.closeAll()
  }
  const stateBefore = JSON.stringify(sim.admin.state())
  const writes = () => {
    const c = sim.admin.counters().subscriptions[acme.subscription]!
    return { creates: c.connectorCreates, updates: c.connectorUpdates }
  }
  const writesBefore = writes()
  const recorder = createProbeRecorder()
  // No retries, as doctor sends: the recorder sees every answer, a token 503 included.
  const pool = poolFor(sim.url, recorder.wrap(createFetchTransport({ maxRetries: 0 })))
  try {
    const client = await pool.clientFor(source, secretsIn(env)())
    const probe = await probeAccount({ client, recorder, auth: 'session', desired: [{ name: 'matrix tenant A', orgRunFrequency: { hours: 24, minutes: 0 } }] })
    assert.is(JSON.stringify(sim.admin.state()), stateBefore, 'the probe changed no connector')
    assert.equal(writes(), writesBefore, 'the probe created and updated nothing')
    return probe
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
}

const t = suite('account probe: the readings an account speaks, read without changing it')

t('the default reading: no variant; every reading learned', async () => {
  const probe = await probeUnder([])
  assert.equal(probe.variants, [])
  const value = Object.fromEntries(probe.readings.map((r) => [r.id, r.value]))
  assert.equal(value, {
    token: 'jwt', 'org-listing': 'azure-list', 'update-form': 'PUT id', 'frequency-echo': 'hours-minutes', 'profile-id-echo': 'number',
    'gateway-limits': 'headers', 'api-server-limits': 'headers', 'api-server-bearer': 'not-applicable',
  })
  assert.match(probe.readings.find((r) => r.id === 'gateway-limits')!.message, /^300 calls per 3600 s, \d+ left, resets in \d+ s$/)
  assert.match(probe.readings.find((r) => r.id === 'token')!.message, /^a raw JWT from POST \/auth \(HTTP 201\), valid 4h$/)
})

for (const variant of variantNames) {
  t(`variant ${variant}: detected, alone`, async () => {
    assert.equal((await probeUnder([variant])).variants, [variant])
  })
}

t('all variants together: each detected', async () => {
  assert.equal((await probeUnder([...variantNames])).variants.sort(), [...variantNames].sort())
})

t.run()
