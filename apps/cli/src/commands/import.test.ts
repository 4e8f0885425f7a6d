import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator } from '@scanplan/qualys-sim'
import { seedCreateRequest } from '@scanplan/test-support/seed-request'
import { assertMatchesSchema } from '../test-support/json-schema.js'
import { runCli } from '../test-support/run-cli.js'
import { named, seedSpec, simEnv, specDir } from '../test-support/plan-apply-specs.js'

// Issue 16: `scanplan import SPEC`; the contract that matters: planned right away (its variables set), all `noop`.

const now = '2026-12-04T09:00:00Z'
const source = `${seedSpec.slice(0, seedSpec.indexOf('connectors:'))}connectors: []\n`

/** A connector made with the simulator's API directly, as the Qualys UI or another tool would have made it. */
async function createOutside(url: string, change: Record<string, unknown>): Promise<number> {
  const login = await fetch(`${url}/auth`, { method: 'POST', body: new URLSearchParams({ username: 'acme3ab1', password: simEnv.QUALYS_PASSWORD!, token: 'true' }) })
  const token = await login.text()
  const res = await fetch(`${url}/connectors/v1.0/org/azure/`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...seedCreateRequest(), ...change }) })
  assert.is(res.status, 200, await res.clone().text())
  return ((await res.json()) as { id: number }).id
}

const variablesOf = (yaml: string) => Object.fromEntries([...yaml.matchAll(/secret: \{ env: ([A-Z0-9_]+) \}/g)].map((m) => [m[1]!, simEnv.AZURE_APP_SECRET!]))

const t = suite('scanplan import')

t('apply a spec, add a connector outside scanplan, import to stdout: plan of the imported spec (variables set) is all noop', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': named('Acme production'), 'source.yaml': source })
    const applied = await runCli(['apply', '--yes', '--now', now, 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(applied.code, 0, applied.stderr)
    const outside = await createOutside(sim.url, {
      name: 'Contoso weekly', tenantId: '0b4e2d6f-8a1c-4e3b-9d5f-7c2a4e6b8d0f', orgRunFrequency: { hours: 48, minutes: 0 },
      connectorScanConfig: { scanPrefix: 'eu', optionProfileId: 240982, recurrence: 'WEEKLY', startDate: '01/04/2027', startTime: '07:45', timezone: 'Europe/Berlin', daysOfWeek: ['SAT', 'MON'] },
    })
    const imported = await runCli(['import', 'source.yaml', '--target', sim.url, '--now', now], { cwd: dir, env: simEnv })
    assert.is(imported.code, 0, imported.stderr)
    assert.match(imported.stdout, /^# yaml-language-server: \$schema=/)
    assert.match(imported.stdout, new RegExp(`\\n    id: ${outside} # pinned`))
    assert.match(imported.stdout, /schedule: weekly on mon,sat at 07:45 Europe\/Berlin starting 2027-01-04\n/)
    assert.match(imported.stdout, /optionProfile: 240982 # "PCI Scan"/)
    assert.match(imported.stdout, /sync: \{ organization: 2d, connectors: 1h \}/)
    assert.match(imported.stderr, /✓ 2 connectors of acme-prod/)
    const vars = variablesOf(imported.stdout)
    assert.equal(Object.keys(vars), ['ACME_PROD_ACME_PRODUCTION_AZURE_SECRET', 'ACME_PROD_CONTOSO_WEEKLY_AZURE_SECRET'])
    writeFileSync(join(dir, 'imported.yaml'), imported.stdout)
    const plan = await runCli(['plan', '--json', '--now', now, 'imported.yaml', '--target', sim.url], { cwd: dir, env: { ...simEnv, ...vars } })
    assert.is(plan.code, 0, plan.stderr)
    const changes = JSON.parse(plan.stdout).changes as { action: string; connector: string }[]
    assert.equal(changes.map((c) => [c.action, c.connector]), [['noop', 'Acme production'], ['noop', 'Contoso weekly']])
    const asJson = await runCli(['import', '--json', 'source.yaml', '--target', sim.url, '--now', now], { cwd: dir, env: simEnv })
    assert.is(asJson.code, 0, asJson.stderr)
    const shape = JSON.parse(asJson.stdout)
    assertMatchesSchema(shape, 'import')
    assert.is(shape.spec, imported.stdout)
    assert.equal(shape.connectors.map((c: { name: string }) => c.name), ['Acme production', 'Contoso weekly'])
    const counters = sim.admin.counters().subscriptions['1003451']!
    assert.is(counters.logins, counters.logouts, 'import logged out')
  } finally {
    await sim.stop()
  }
})

t('--out writes the file and refuses to overwrite it without --force; --connector by name or id; an unknown one is exit 2', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'source.yaml': source })
    const a = await createOutside(sim.url, { name: 'A' })
    await createOutside(sim.url, { name: 'B', tenantId: '0b4e2d6f-8a1c-4e3b-9d5f-7c2a4e6b8d0f' })
    const first = await runCli(['import', 'source.yaml', '--out', 'out/estate.yaml', '--connector', String(a), '--target', sim.url, '--now', now], { cwd: dir, env: simEnv })
    assert.is(first.code, 0, first.stderr)
    assert.is(first.stdout, '')
    const file = join(dir, 'out/estate.yaml')
    const text = readFileSync(file, 'utf8')
    assert.match(text, /^# yaml-language-server: \$schema=\.\.?\//, 'the schema reference is relative to the written file')
    assert.equal([...text.matchAll(/^ {4}name: (.+)$/gm)].map((m) => m[1]), ['A'])

    const again = await runCli(['import', 'source.yaml', '--out', 'out/estate.yaml', '--connector', 'B', '--target', sim.url, '--now', now], { cwd: dir, env: simEnv })
    assert.is(again.code, 1)
    assert.match(again.stderr, /`out\/estate\.yaml` already exists; nothing was written/)
    assert.match(again.stderr, /--force/)
    assert.is(readFileSync(file, 'utf8'), text, 'the file is untouched')

    const forced = await runCli(['import', 'source.yaml', '--out', 'out/estate.yaml', '--force', '--connector', 'B', '--target', sim.url, '--now', now], { cwd: dir, env: simEnv })
    assert.is(forced.code, 0, forced.stderr)
    assert.equal([...readFileSync(file, 'utf8').matchAll(/^ {4}name: (.+)$/gm)].map((m) => m[1]), ['B'])

    const unknown = await runCli(['import', 'source.yaml', '--connector', 'Nope', '--target', sim.url, '--now', now], { cwd: dir, env: simEnv })
    assert.is(unknown.code, 2)
    assert.match(unknown.stderr, /--connector "Nope": the account has no Azure organization connector with that name or id/)
    assert.match(unknown.stderr, new RegExp(`its connectors: "A" \\(${a}\\), "B" \\(\\d+\\)`))
  } finally {
    await sim.stop()
  }
})

t('an account without connectors, and a spec whose source does not compile: exit 1, nothing written', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'source.yaml': source, 'bad.yaml': source.replace('username: acme3ab1', 'username: acme3ab1\n  usrname: x') })
    const empty = await runCli(['import', 'source.yaml', '--out', 'x.yaml', '--target', sim.url, '--now', now], { cwd: dir, env: simEnv })
    assert.is(empty.code, 1)
    assert.match(empty.stderr, /the account lists no Azure organization connectors: there is nothing to import/)
    assert.match(empty.stderr, /nothing was written/)
    assert.not.ok(existsSync(join(dir, 'x.yaml')))
    const bad = await runCli(['import', 'bad.yaml', '--target', sim.url, '--now', now], { cwd: dir, env: simEnv })
    assert.is(bad.code, 1)
    assert.match(bad.stderr, /SPEC002/)
    assert.is(bad.stdout, '')
  } finally {
    await sim.stop()
  }
})

t.run()
