import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator } from '@scanplan/qualys-sim'
import { runCli } from '../test-support/run-cli.js'
import { named, seedSpec, simEnv, specDir } from '../test-support/plan-apply-specs.js'

// Issue 15, saved plans: `plan --out FILE` then `apply FILE --yes`; a stale FILE exits 1 and changes nothing.

const t = suite('saved plans')

t('plan --out FILE writes the plan with no secret value, mode 0600; apply FILE --yes applies exactly it', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': seedSpec })
    const planned = await runCli(['plan', 'acme.yaml', '--target', sim.url, '--out', 'acme.plan'], { cwd: dir, env: simEnv })
    assert.is(planned.code, 0, planned.stderr)
    const file = join(dir, 'acme.plan')
    assert.is(statSync(file).mode & 0o777, 0o600)
    const text = readFileSync(file, 'utf8')
    for (const secret of Object.values(simEnv)) assert.not.ok(text.includes(secret), 'no secret value in the saved plan')
    assert.ok(text.includes('"env": "AZURE_APP_SECRET"'), 'secrets as references')

    const applied = await runCli(['apply', 'acme.plan', '--target', sim.url, '--yes', '--json'], { cwd: dir, env: simEnv })
    assert.is(applied.code, 0, applied.stderr)
    assert.equal(JSON.parse(applied.stdout).changes.map((c: { action: string; result: { status: string } }) => [c.action, c.result.status]), [['create', 'created']])
    assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 1)
  } finally {
    await sim.stop()
  }
})

t('a stale saved plan (the connector changed since) exits 1, names what changed and applies nothing', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': named('Acme production') })
    assert.is((await runCli(['apply', 'acme.yaml', '--target', sim.url, '--yes'], { cwd: dir, env: simEnv })).code, 0)
    writeFileSync(join(dir, 'acme.yaml'), named('Acme production').replace('description: Testing Org', 'description: Reviewed change'))
    const planned = await runCli(['plan', 'acme.yaml', '--target', sim.url, '--out', 'acme.plan'], { cwd: dir, env: simEnv })
    assert.is(planned.code, 0, planned.stderr)
    // Someone else changes the connector between the review and the merge.
    writeFileSync(join(dir, 'other.yaml'), named('Acme production').replace('description: Testing Org', 'description: Changed in between'))
    assert.is((await runCli(['apply', 'other.yaml', '--target', sim.url, '--yes'], { cwd: dir, env: simEnv })).code, 0)
    const updates = sim.admin.counters().subscriptions['1003451']!.connectorUpdates

    const stale = await runCli(['apply', 'acme.plan', '--target', sim.url, '--yes'], { cwd: dir, env: simEnv })
    assert.is(stale.code, 1, stale.stderr)
    assert.match(stale.stderr, /the saved plan is stale/)
    assert.match(stale.stderr, /connector "Acme production": planned update \(id \d+\), now update \(id \d+\) of description/)
    assert.match(stale.stderr, /nothing was applied/)
    assert.is(sim.admin.counters().subscriptions['1003451']!.connectorUpdates, updates, 'nothing was sent')
    assert.is((sim.admin.state().subscriptions[0]!.connectors[0] as { description: string }).description, 'Changed in between')
  } finally {
    await sim.stop()
  }
})

t.run()
