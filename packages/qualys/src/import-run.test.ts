import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { createOrgConnectorRequest, type OrgConnectorBody } from '@scanplan/core'
import type { Variant } from '@scanplan/qualys-sim'
import { seedCreateRequest } from '@scanplan/test-support/seed-request'
import { importAccount, type ImportRun } from './import-run.js'
import { applySpecs, planSpecs, type SpecPlan } from './spec-run.js'
import { acmeClient, poolFor, secretsIn, simulator, transportFor } from './test-fixtures/harness.js'
import { acme as acmeUser, azureAppSecret } from '@scanplan/test-support/simulator-credentials'

// Issue 16: `scanplan import` writes an account's connectors as a spec; planned right away, every change is `noop`.

const acme = readFileSync(fileURLToPath(new URL('../../../examples/acme-azure-org.yaml', import.meta.url)), 'utf8')
/** The account alone: the source of the example, no connectors (what `import` needs). */
const sourceOnly = `${acme.slice(0, acme.indexOf('connectors:'))}connectors: []\n`
const env = { QUALYS_PASSWORD: acmeUser.password, AZURE_APP_SECRET: azureAppSecret }
const now = new Date('2026-12-03T09:00:00Z')
const schema = '../packages/core/schema.json'

type Sim = Awaited<ReturnType<typeof simulator>>

/** Connectors made through the simulator's API directly, as another tool or the Qualys UI would have made them. */
async function createOutside(sim: Sim) {
  const { client } = acmeClient(sim.url)
  try {
    const base = seedCreateRequest()
    // Raw bodies, not compiled from a spec: fields left out or set as another tool would (`as` for the left-out ones).
    const create = (body: Record<string, unknown>) => client.createOrgConnector(createOrgConnectorRequest(body as unknown as OrgConnectorBody))
    const weekly = await create({
      ...base, name: 'Contoso (EU) weekly', tenantId: '0b4e2d6f-8a1c-4e3b-9d5f-7c2a4e6b8d0f', description: undefined, tenantName: undefined,
      orgRunFrequency: { hours: 24, minutes: 0 }, connectorRunFrequency: { hours: 2, minutes: 30 }, autoActivatePC: true, includedMem: ['B', 'A'], defaultTagIds: [9, 4],
      connectorScanConfig: { scanPrefix: 'eu', optionProfileId: 240982, recurrence: 'WEEKLY', startDate: '01/04/2027', startTime: '07:45', timezone: 'Europe/Berlin', daysOfWeek: ['SAT', 'MON'] },
    })
    const global = await create({ ...base, name: 'Fabrikam global', tenantId: '3c5a7e9b-1d2f-4a6c-8e0b-2d4f6a8c0e1a', connectorScanSetting: { isCustomScanConfigEnabled: false }, connectorScanConfig: undefined })
    const off = await create({ ...base, name: 'Retired tenant', tenantId: '5e7c9a1b-3d4f-4b8a-a0c2-4e6a8c0e2b3d', isCPSEnabled: false, connectorScanSetting: undefined, connectorScanConfig: undefined, autoActivateVM: false })
    await client.setOrgConnectorStatus(off.id, 'disable')
    return { weekly, global, off }
  } finally {
    await client.close()
  }
}

async function withSim(variants: Variant[], run: (sim: Sim, go: { importing: (text: string, connectors?: string[]) => Promise<ImportRun>; planning: (text: string, vars: Record<string, string>) => Promise<SpecPlan[]>; applying: (text: string) => Promise<void> }) => Promise<void>) {
  const sim = await simulator({ variants })
  const pool = poolFor(sim.url, transportFor())
  try {
    await run(sim, {
      importing: (text, connectors) => importAccount({ file: 'acme.yaml', text }, pool, { secretsOf: secretsIn(env), now, schema, ...(connectors ? { connectors } : {}) }),
      planning: (text, vars) => planSpecs([{ file: 'imported.yaml', text }], pool, { secretsOf: secretsIn({ ...env, ...vars }), now }),
      applying: async (text) => void (await applySpecs(await planSpecs([{ file: 'acme.yaml', text }], pool, { secretsOf: secretsIn(env), now }), { secretsOf: secretsIn(env) })),
    })
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
}

const written = (run: ImportRun) => {
  assert.ok(run.result?.ok, JSON.stringify(run))
  return run.result as Extract<NonNullable<ImportRun['result']>, { ok: true }>
}
const secrets = (result: ReturnType<typeof written>) => Object.fromEntries(result.variables.filter((v) => v.connector).map((v) => [v.name, azureAppSecret]))
const actions = (planned: SpecPlan[]) => planned.flatMap((p) => (p.plan?.changes ?? []).map((c) => [c.action, c.connector]))

const t = suite('scanplan import (issue 16)')

for (const variants of [[], ['frequency-minutes', 'profile-id-string']] as Variant[][]) {
  t(`applied and outside-made connectors import, and the imported spec plans as all noop${variants.length ? ` (variants ${variants.join(', ')})` : ''}`, () =>
    withSim(variants, async (sim, { importing, planning, applying }) => {
      await applying(acme)
      const outside = await createOutside(sim)
      const result = written(await importing(sourceOnly))
      assert.equal(result.problems, [])
      assert.equal(result.variables.map((v) => v.name), ['QUALYS_PASSWORD', 'ACME_PROD_AAAAAAAAAADELEEEEEEEEEEETE_API_TEST_1_AZURE_SECRET', 'ACME_PROD_CONTOSO_EU_WEEKLY_AZURE_SECRET', 'ACME_PROD_FABRIKAM_GLOBAL_AZURE_SECRET', 'ACME_PROD_RETIRED_TENANT_AZURE_SECRET'])
      assert.match(result.text, new RegExp(`id: ${outside.weekly.id} # pinned`))
      assert.match(result.text, /schedule: weekly on mon,sat at 07:45 Europe\/Berlin starting 2027-01-04/)
      assert.match(result.text, /optionProfile: 240982 # "PCI Scan"/)
      assert.match(result.text, /perimeterScan: global/)
      assert.match(result.text, /enabled: false # disabled in Qualys/)
      const planned = await planning(result.text, secrets(result))
      assert.equal(planned[0]!.diagnostics.filter((d) => d.severity === 'error'), [])
      assert.equal(actions(planned), [['noop', 'AAAAAAAAAADELeeeeeeEEEEETE API Test 1 '], ['noop', 'Contoso (EU) weekly'], ['noop', 'Fabrikam global'], ['noop', 'Retired tenant']])
    }))
}

t('--connector imports only the connectors named (by name or id); one the account lacks is reported and nothing is written', () =>
  withSim([], async (sim, { importing, planning }) => {
    const outside = await createOutside(sim)
    const result = written(await importing(sourceOnly, ['Fabrikam global', String(outside.weekly.id)]))
    assert.equal(result.variables.flatMap((v) => (v.connector ? [v.connector.name] : [])), ['Contoso (EU) weekly', 'Fabrikam global'])
    // The others are not in the spec: a plan lists them as unmanaged, and changes nothing.
    assert.equal(actions(await planning(result.text, secrets(result))), [['noop', 'Contoso (EU) weekly'], ['noop', 'Fabrikam global'], ['unmanaged', 'Retired tenant']])
    const missing = await importing(sourceOnly, ['Fabrikam global', 'Nope', '424242'])
    assert.equal(missing.unknownConnectors, ['Nope', '424242'])
    assert.is(missing.result, undefined)
  }))

t('only the spec\'s source is read: its connectors\' errors do not matter, the source\'s stop the import before any call', () =>
  withSim([], async (sim, { importing }) => {
    await createOutside(sim)
    const broken = acme.replace('autoActivate: [VM]', 'autoActivate: [PC]')
    assert.ok(written(await importing(broken)).text.includes('Fabrikam global'))
    const before = sim.admin.counters().subscriptions[acmeUser.subscription]!.logins
    const noPassword = await importing(sourceOnly.replace('  password: { env: QUALYS_PASSWORD }       # never inline\n', ''))
    assert.equal(noPassword.diagnostics.map((d) => [d.code, d.severity]), [['SPEC003', 'error']])
    assert.is(noPassword.result, undefined)
    assert.is(sim.admin.counters().subscriptions[acmeUser.subscription]!.logins, before)
    const wrong = await importAccount({ file: 'acme.yaml', text: sourceOnly }, poolFor(sim.url, transportFor()), { secretsOf: secretsIn({ QUALYS_PASSWORD: 'wrong' }), now, schema })
    assert.is(wrong.failure, 'auth')
  }))

t('an account without organization connectors: nothing to import, said plainly', () =>
  withSim([], async (_sim, { importing }) => {
    const run = await importing(sourceOnly)
    assert.equal(run.result, { ok: false, problems: [{ severity: 'error', message: 'the account lists no Azure organization connectors: there is nothing to import' }] })
  }))

t.run()
