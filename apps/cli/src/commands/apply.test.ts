import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator } from '@scanplan/qualys-sim'
import { runCli, type CliResult } from '../test-support/run-cli.js'
import { named, seedSpec, simEnv, specDir } from '../test-support/plan-apply-specs.js'
import { acmeExpired } from '@scanplan/test-support/simulator-credentials'

const outputs: CliResult[] = []
async function cli(args: string[], options: Parameters<typeof runCli>[1] = {}) {
  const result = await runCli(args, options)
  outputs.push(result)
  return result
}

const t = suite('scanplan apply')

t('apply creates; an immediate second apply reports no change; a schedule edit is an update', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': seedSpec })
    const first = await cli(['apply', '--json', '--yes', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(first.code, 0, first.stderr)
    const created = JSON.parse(first.stdout)
    assert.is(created.ok, true)
    assert.is(created.changes[0].action, 'create')
    assert.is(created.changes[0].result.status, 'created')
    assert.type(created.changes[0].result.id, 'number')

    const second = await cli(['apply', '--json', '--yes', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    const unchanged = JSON.parse(second.stdout)
    assert.equal(unchanged.changes.map((c: { action: string; id: number; result: { status: string } }) => [c.action, c.id, c.result.status]), [['noop', created.changes[0].result.id, 'unchanged']])

    writeFileSync(join(dir, 'acme.yaml'), seedSpec.replace('daily at 12:00 Asia/Colombo starting 2023-10-05', 'weekly on MON,WED at 09:30 Asia/Colombo starting 2023-10-05'))
    const plan = await cli(['plan', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.match(plan.stdout, /~ update azure-org connector "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 " \(id \d+\)/)
    assert.match(plan.stdout, /~ connectorScanConfig\.recurrence += "DAILY" -> "WEEKLY"/)
    assert.match(plan.stdout, /~ connectorScanConfig\.startTime += "12:00" -> "09:30"/)
    assert.match(plan.stdout, /Plan: 0 to create, 1 to update, 0 unchanged\./)
    const update = await cli(['apply', '--yes', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(update.code, 0, update.stderr)
    assert.match(update.stdout, /Apply: 0 created, 1 updated, 0 unchanged, 0 failed\./)
    const counters = sim.admin.counters().subscriptions['1003451']!
    assert.is(counters.connectorCreates, 1)
    assert.is(counters.connectorUpdates, 1)
    assert.is(counters.logins, counters.logouts, 'every session was logged out')
  } finally {
    await sim.stop()
  }
})

t('without --yes and without a terminal nothing is applied (exit 2)', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': seedSpec })
    const result = await cli(['apply', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(result.code, 2)
    assert.match(result.stderr, /no terminal to confirm on/)
    assert.is(sim.admin.counters().subscriptions['1003451']!.connectorCreates, 0)
  } finally {
    await sim.stop()
  }
})

t('an expired account: a clear error, exit 3, nothing changed', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const spec = seedSpec.replace('username: acme3ab1', 'username: acme3ef3').replace('optionProfile: 240981', 'optionProfile: "Initial Options"')
    const dir = specDir({ 'acme.yaml': spec })
    const result = await cli(['apply', '--yes', 'acme.yaml', '--target', sim.url], { cwd: dir, env: { ...simEnv, QUALYS_PASSWORD: acmeExpired.password } })
    assert.is(result.code, 3)
    assert.match(result.stderr, /This account has expired\. \(code 2001\)/)
    assert.match(result.stderr, /nothing was applied/)
    assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 0)
  } finally {
    await sim.stop()
  }
})

t('--target sim: the in-process simulator, credentials from the environment', async () => {
  const dir = specDir({ 'acme.yaml': named('Sim tenant') })
  const result = await cli(['apply', '--yes', 'acme.yaml', '--target', 'sim'], { cwd: dir, env: simEnv })
  assert.is(result.code, 0, result.stderr)
  assert.match(result.stderr, /started the Qualys simulator on http:\/\/127\.0\.0\.1:\d+/)
  assert.match(result.stdout, /created, id \d+/)
})

t('no credential appears in any output of these runs', () => {
  const text = outputs.map((o) => o.stdout + o.stderr).join('\n')
  for (const secret of [simEnv.QUALYS_PASSWORD!, simEnv.AZURE_APP_SECRET!, acmeExpired.password]) assert.not.ok(text.includes(secret))
})

t.run()
