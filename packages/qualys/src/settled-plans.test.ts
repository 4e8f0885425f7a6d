import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { applySpecs, planSpecs, type SpecPlan } from './spec-run.js'
import { capture, poolFor, secretsIn, simulator, transportFor } from './test-fixtures/harness.js'
import { acme as acmeUser, azureAppSecret } from '@scanplan/test-support/simulator-credentials'

// Issue 15: plans that settle and never lie. Each test reproduces one reported defect against the simulator.

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url))
const acme = readFileSync(`${examples}acme-azure-org.yaml`, 'utf8')
const seed = readFileSync(`${examples}seed-azure-org.yaml`, 'utf8')
const env = { QUALYS_PASSWORD: acmeUser.password, AZURE_APP_SECRET: azureAppSecret, SECOND_SECRET: 'sim-second-secret-not-real' }
const ACME_SUBSCRIPTION = '1003451'

/** The acme example's connector entry (everything below `connectors:`), renamed and with its own secret variable. */
function connectorEntry(name: string, secretVar: string, tenant = '6f1c0b2a-9d8e-4f7a-b6c5-d4e3f2a1b0c9'): string {
  const entry = acme.slice(acme.indexOf('  - kind: azure-org'))
  return entry
    .replace('name: "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "   # the sample\'s own name, trailing space included', `name: ${JSON.stringify(name)}`)
    .replace('secret: { env: AZURE_APP_SECRET }', `secret: { env: ${secretVar} }`)
    .replace('tenant: { id: 6f1c0b2a-9d8e-4f7a-b6c5-d4e3f2a1b0c9', `tenant: { id: ${tenant}`)
}
const header = acme.slice(0, acme.indexOf('  - kind: azure-org'))
const spec = (...entries: string[]) => header + entries.join('')

async function withPool<T>(run: (pool: ReturnType<typeof poolFor>, sim: Awaited<ReturnType<typeof simulator>>) => Promise<T>): Promise<T> {
  const sim = await simulator()
  const pool = poolFor(sim.url, transportFor())
  try {
    return await run(pool, sim)
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
}

const plan = (pool: ReturnType<typeof poolFor>, text: string, now: string, runEnv: Record<string, string | undefined> = env) =>
  planSpecs([{ file: 'acme.yaml', text }], pool, { secretsOf: secretsIn(runEnv), now: new Date(now) })
const errors = (planned: SpecPlan[]) => planned.flatMap((p) => p.diagnostics.filter((d) => d.severity === 'error'))
const creates = (sim: Awaited<ReturnType<typeof simulator>>) => sim.admin.counters().subscriptions[ACME_SUBSCRIPTION]?.connectorCreates ?? 0
const updates = (sim: Awaited<ReturnType<typeof simulator>>) => sim.admin.counters().subscriptions[ACME_SUBSCRIPTION]?.connectorUpdates ?? 0

const t = suite('settled plans (issue 15)')

for (const [what, schedule] of [
  ['no `starting`', 'daily at 12:00 Asia/Colombo'],
  ['a relative `starting next monday`', 'daily at 12:00 Asia/Colombo starting next monday'],
] as const) {
  t(`a schedule with ${what}, applied at T, plans all noop at T + 7 days; an update keeps the live start date`, () =>
    withPool(async (pool, sim) => {
      const text = spec(connectorEntry('Colombo noon', 'AZURE_APP_SECRET')).replace('daily at 12:00 Asia/Colombo starting 2023-10-05', schedule)
      const first = await plan(pool, text, '2026-12-03T09:00:00Z')
      assert.equal(errors(first), [])
      const applied = await applySpecs(first, { secretsOf: secretsIn(env) })
      assert.is(applied[0]!.applied![0]!.result.status, 'created')
      const startDate = (sim.admin.state().subscriptions.find((s) => String(s.id) === ACME_SUBSCRIPTION)!.connectors[0]!.connectorScanConfig as { startDate: string }).startDate
      assert.is(startDate, schedule.includes('next monday') ? '12/07/2026' : '12/03/2026')

      const week = await plan(pool, text, '2026-12-10T09:00:00Z')
      capture(week.map(({ client: _c, ...rest }) => rest))
      assert.equal(week[0]!.plan!.changes.map((c) => [c.action, c.diff]), [['noop', []]])

      // A real change later is sent with the start date Qualys has, not the day of that plan.
      const later = await plan(pool, text.replace(schedule, schedule.replace('12:00', '13:00')), '2026-12-10T09:00:00Z')
      assert.equal(later[0]!.plan!.changes[0]!.diff.map((d) => d.field), ['connectorScanConfig.startTime'])
      await applySpecs(later, { secretsOf: secretsIn(env) })
      const live = sim.admin.state().subscriptions.find((s) => String(s.id) === ACME_SUBSCRIPTION)!.connectors[0]!.connectorScanConfig as { startDate: string; startTime: string }
      assert.equal([live.startDate, live.startTime], [startDate, '13:00'])
    }))
}

t('placeholder ids: plan has the error SPEC060 and apply sends nothing', () =>
  withPool(async (pool, sim) => {
    const planned = await plan(pool, seed, '2026-12-03T09:00:00Z')
    const found = errors(planned)
    assert.equal(found.map((d) => d.code), ['SPEC060'])
    assert.is(found[0]!.path, 'connectors[0].tenant.id')
    await applySpecs(planned, { secretsOf: secretsIn(env) })
    assert.is(creates(sim), 0)
  }))

t('one of two Azure secrets missing: plan fails naming the variable and the connector; nothing is applied', () =>
  withPool(async (pool, sim) => {
    const missing = { ...env, SECOND_SECRET: undefined }
    const text = spec(connectorEntry('First tenant', 'AZURE_APP_SECRET'), connectorEntry('Second tenant', 'SECOND_SECRET', '7a2d1c3b-0e9f-4a8b-b7c6-e5f4a3b2c1d0'))
    const planned = await plan(pool, text, '2026-12-03T09:00:00Z', missing)
    assert.is(planned[0]!.failure, 'input')
    assert.match(planned[0]!.error!, /connector "Second tenant": connectors\[1\]\.application\.secret: the environment variable SECOND_SECRET is not set/)
    assert.not.match(planned[0]!.error!, /First tenant/)
    await applySpecs(planned, { secretsOf: secretsIn(missing) })
    assert.is(creates(sim), 0)
  }))

t('a tenant id change is refused at plan time with what to do instead', () =>
  withPool(async (pool, sim) => {
    const text = spec(connectorEntry('Moving tenant', 'AZURE_APP_SECRET'))
    await applySpecs(await plan(pool, text, '2026-12-03T09:00:00Z'), { secretsOf: secretsIn(env) })
    const moved = await plan(pool, text.replace('tenant: { id: 6f1c0b2a-9d8e-4f7a-b6c5-d4e3f2a1b0c9', 'tenant: { id: 7a2d1c3b-0e9f-4a8b-b7c6-e5f4a3b2c1d0'), '2026-12-03T09:00:00Z')
    const [d] = errors(moved)
    assert.is(d?.code, 'SPEC073')
    assert.is(d!.path, 'connectors[0].tenant.id')
    assert.match(d!.message, /cannot move connector "Moving tenant" \(id \d+\) to another tenant/)
    assert.match(d!.help!, /give this entry a new name/)
    assert.is(moved[0]!.file, 'acme.yaml')
    await applySpecs(moved, { secretsOf: secretsIn(env) })
    assert.is(updates(sim), 0, 'nothing was sent')
  }))

t('a numeric option profile id the subscription lacks is refused at plan time, listing its profiles', () =>
  withPool(async (pool, sim) => {
    const planned = await plan(pool, spec(connectorEntry('Wrong profile', 'AZURE_APP_SECRET')).replace('optionProfile: 240981', 'optionProfile: 999999'), '2026-12-03T09:00:00Z')
    const [d] = errors(planned)
    assert.is(d?.code, 'SPEC074')
    assert.is(d!.path, 'connectors[0].perimeterScan.optionProfile')
    assert.match(d!.message, /no option profile with id 999999 in this subscription; its profiles are 240981 "Initial Options" \(default\)/)
    await applySpecs(planned, { secretsOf: secretsIn(env) })
    assert.is(creates(sim), 0)
  }))

t('a 300-character name is refused before any call (SPEC061, core, offline)', () =>
  withPool(async (pool, sim) => {
    const planned = await plan(pool, spec(connectorEntry('n'.repeat(300), 'AZURE_APP_SECRET')), '2026-12-03T09:00:00Z')
    assert.equal(errors(planned).map((d) => [d.code, d.path]), [['SPEC061', 'connectors[0].name']])
    assert.is(sim.admin.counters().subscriptions[ACME_SUBSCRIPTION]?.gatewayRequests ?? 0, 0)
  }))

t.run()
