import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator } from '@scanplan/qualys-sim'
import { runCli } from '../test-support/run-cli.js'
import { named, simEnv, specDir } from '../test-support/plan-apply-specs.js'

// Issue 16's CLI contracts: `unmanaged` in plan --json, `apply --prune --yes` disables, `--rotate-secrets` sends updates.

const now = '2026-12-04T09:00:00Z'
const t = suite('adopting an estate: the CLI contracts')

t('plan --json lists unmanaged connectors { action, connector, id }; apply --prune --yes disables them; --rotate-secrets sends one update each', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'kept.yaml': named('Kept'), 'both.yaml': named('Orphan') })
    const created = await runCli(['apply', '--json', '--yes', '--now', now, 'kept.yaml', 'both.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(created.code, 0, created.stderr)
    const orphan = sim.admin.state().subscriptions[0]!.connectors.find((c) => c.name === 'Orphan')!
    const plan = await runCli(['plan', '--json', '--now', now, 'kept.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(plan.code, 0, plan.stderr)
    const unmanaged = (JSON.parse(plan.stdout).changes as Record<string, unknown>[]).find((c) => c.action === 'unmanaged')
    assert.ok(unmanaged, plan.stdout)
    assert.is(unmanaged!.connector, 'Orphan')
    assert.is(unmanaged!.id, orphan.id)

    const pruned = await runCli(['apply', '--json', '--yes', '--prune', '--now', now, 'kept.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(pruned.code, 0, pruned.stderr)
    const disabled = (JSON.parse(pruned.stdout).changes as { action: string; connector: string; result: { status: string } }[]).find((c) => c.connector === 'Orphan')!
    assert.equal([disabled.action, disabled.result.status], ['disable', 'disabled'])
    assert.equal(sim.admin.state().subscriptions[0]!.connectors.map((c) => [c.name, c.disabled]).sort(), [['Kept', false], ['Orphan', true]])

    const before = sim.admin.counters().subscriptions['1003451']!.connectorUpdates
    const rotated = await runCli(['apply', '--json', '--yes', '--rotate-secrets', '--now', now, 'kept.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(rotated.code, 0, rotated.stderr)
    assert.is(sim.admin.counters().subscriptions['1003451']!.connectorUpdates, before + 1, 'one update for the one managed connector, with no other diff')
  } finally {
    await sim.stop()
  }
})

t.run()
