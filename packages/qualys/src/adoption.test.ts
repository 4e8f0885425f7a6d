import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { applySpecs, planSpecs, type PlanSpecsOptions, type SpecPlan } from './spec-run.js'
import { poolFor, secretsIn, simulator, transportFor } from './test-fixtures/harness.js'
import { acme as acmeUser, azureAppSecret } from '@scanplan/test-support/simulator-credentials'

// Issue 16: adopting an existing estate (pinned identity, unmanaged connectors, enable/disable, secret rotation).

const acme = readFileSync(fileURLToPath(new URL('../../../examples/acme-azure-org.yaml', import.meta.url)), 'utf8')
const env = { QUALYS_PASSWORD: acmeUser.password, AZURE_APP_SECRET: azureAppSecret }
const SUB = '1003451'
const seedName = 'name: "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "   # the sample\'s own name, trailing space included'
const named = (name: string, extra = '') => acme.replace(seedName, `name: ${JSON.stringify(name)}${extra ? `\n    ${extra}` : ''}`)
const now = new Date('2026-12-03T09:00:00Z')

type Sim = Awaited<ReturnType<typeof simulator>>
async function withPool(run: (go: (files: Record<string, string>, options?: Partial<PlanSpecsOptions>) => Promise<SpecPlan[]>, sim: Sim) => Promise<void>) {
  const sim = await simulator()
  const pool = poolFor(sim.url, transportFor())
  const go = (files: Record<string, string>, options: Partial<PlanSpecsOptions> = {}) =>
    planSpecs(Object.entries(files).map(([file, text]) => ({ file, text })), pool, { secretsOf: secretsIn(env), now, ...options })
  try {
    await run(go, sim)
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
}
const apply = (planned: SpecPlan[]) => applySpecs(planned, { secretsOf: secretsIn(env) })
const connectors = (sim: Sim) => sim.admin.state().subscriptions.find((s) => String(s.id) === SUB)!.connectors
const counters = (sim: Sim) => sim.admin.counters().subscriptions[SUB]!
const actions = (planned: SpecPlan[]) => planned.flatMap((p) => (p.plan?.changes ?? []).map((c) => [c.action, c.connector]))

const t = suite('adopting an estate (issue 16)')

t('renaming an unpinned connector would make a second one for the tenant: the plan says so and suggests the pin', () =>
  withPool(async (go, sim) => {
    await apply(await go({ 'acme.yaml': named('Acme production') }))
    const renamed = await go({ 'acme.yaml': named('Acme prod') })
    const id = connectors(sim)[0]!.id
    const [warning] = renamed[0]!.diagnostics.filter((d) => d.code === 'SPEC072')
    assert.ok(warning, JSON.stringify(renamed[0]!.diagnostics))
    assert.is(warning!.severity, 'warning')
    assert.ok(warning!.message.endsWith(`already has the connector "Acme production" (id ${id}); this creates a second one`), warning!.message)
    assert.ok(warning!.help!.includes(`add \`id: ${id}\``), warning!.help)
    assert.is(connectors(sim).length, 1)
  }))

t('a connector pinned with `id:` and renamed in the spec plans as an update of `name`, and apply renames it', () =>
  withPool(async (go, sim) => {
    await apply(await go({ 'acme.yaml': named('Acme production') }))
    const id = connectors(sim)[0]!.id
    const renamed = await go({ 'acme.yaml': named('Acme prod', `id: ${id}`) })
    const change = renamed[0]!.plan!.changes[0]!
    assert.is(change.action, 'update')
    assert.equal(change.diff, [{ field: 'name', old: 'Acme production', new: 'Acme prod' }])
    await apply(renamed)
    assert.equal(connectors(sim).map((c) => [c.id, c.name]), [[id, 'Acme prod']])
    assert.is(counters(sim).connectorCreates, 1)
    const missing = await go({ 'acme.yaml': named('Acme prod', 'id: 424242') })
    assert.equal(missing[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.path]), [['SPEC070', 'connectors[0].id']])
  }))

t('live connectors no spec of the run names are `unmanaged`; --prune disables them (never deletes); enabled: false/true', () =>
  withPool(async (go, sim) => {
    await apply(await go({ 'a.yaml': named('Kept'), 'b.yaml': named('Orphan') }))
    const onlyKept = await go({ 'a.yaml': named('Kept') })
    assert.equal(actions(onlyKept), [['noop', 'Kept'], ['unmanaged', 'Orphan']])
    const both = await go({ 'a.yaml': named('Kept'), 'b.yaml': named('Orphan') })
    assert.equal(actions(both), [['noop', 'Kept'], ['noop', 'Orphan']], 'named by another spec of the run: managed')

    const pruned = await apply(await go({ 'a.yaml': named('Kept') }, { prune: true }))
    const disabled = pruned[0]!.applied!.find((c) => c.connector === 'Orphan')!
    assert.equal([disabled.action, disabled.result.status], ['disable', 'disabled'])
    assert.equal(connectors(sim).map((c) => [c.name, c.disabled]), [['Kept', false], ['Orphan', true]])
    assert.equal(actions(await go({ 'a.yaml': named('Kept') }, { prune: true })), [['noop', 'Kept'], ['unmanaged', 'Orphan']], 'already disabled: nothing to do')

    const off = await go({ 'a.yaml': named('Kept', 'enabled: false') })
    assert.equal(off[0]!.plan!.changes.map((c) => [c.action, c.diff]), [['disable', [{ field: 'enabled', old: true, new: false }]], ['unmanaged', []]])
    await apply(off)
    assert.is(connectors(sim)[0]!.disabled, true)
    await apply(await go({ 'a.yaml': named('Kept', 'enabled: true') }))
    assert.is(connectors(sim)[0]!.disabled, false)
  }))

t('--rotate-secrets sends one update per managed connector with no diff, shown as secretValue (sensitive); --connector narrows it', () =>
  withPool(async (go, sim) => {
    const files = { 'a.yaml': named('One'), 'b.yaml': named('Two') }
    await apply(await go(files))
    const before = counters(sim).connectorUpdates
    const rotated = await go(files, { rotateSecrets: true })
    assert.equal(rotated.flatMap((p) => p.plan!.changes.map((c) => [c.action, c.diff])), [
      ['update', [{ field: 'secretValue', old: undefined, new: undefined, sensitive: true }]],
      ['update', [{ field: 'secretValue', old: undefined, new: undefined, sensitive: true }]],
    ])
    await apply(rotated)
    assert.is(counters(sim).connectorUpdates, before + 2)
    const one = await go(files, { rotateSecrets: ['Two'] })
    assert.equal(actions(one), [['noop', 'One'], ['update', 'Two']])
  }))

t.run()
