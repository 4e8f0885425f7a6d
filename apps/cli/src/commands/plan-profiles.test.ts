import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator } from '@scanplan/qualys-sim'
import { runCli } from '../test-support/run-cli.js'
import { seedSpec, simEnv, specDir } from '../test-support/plan-apply-specs.js'

const t = suite('scanplan plan/apply --profiles')

/** The seed (site acme-prod, subscription 1003451 in the simulator) naming its option profile by title. */
const byTitle = seedSpec.replace('optionProfile: 240981', 'optionProfile: "Initial Options"')
const profileIdOf = (json: { changes: { diff: { field: string; new: unknown }[] }[] }) => json.changes[0]!.diff.find((d) => d.field === 'connectorScanConfig.optionProfileId')?.new

t('plan --profiles keyed by site: the section of the spec\'s site gives the id; a site without a section is looked up online', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    // 240982 is "PCI Scan" in the account: the mapping's id is used as written, not the id the title has online.
    const dir = specDir({ 'acme.yaml': byTitle, 'profiles.yaml': 'acme-prod:\n  "Initial Options": 240982\nglobex:\n  "Initial Options": 51451402\n', 'other.yaml': 'globex:\n  "Initial Options": 51451402\n' })
    const mapped = await runCli(['plan', '--json', 'acme.yaml', '--profiles', 'profiles.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(mapped.code, 0, mapped.stderr)
    assert.is(profileIdOf(JSON.parse(mapped.stdout)), 240982)
    const online = await runCli(['plan', '--json', 'acme.yaml', '--profiles', 'other.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(online.code, 0, online.stderr)
    assert.is(profileIdOf(JSON.parse(online.stdout)), 240981, 'the title resolved in the account')
  } finally {
    await sim.stop()
  }
})

t('plan --profiles: an id the account does not have is refused (SPEC074); a broken file exits 1 before any call', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': byTitle, 'wrong.yaml': 'acme-prod:\n  "Initial Options": 51451402\n', 'broken.yaml': '"Initial Options": soon\n' })
    const wrong = await runCli(['plan', 'acme.yaml', '--profiles', 'wrong.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(wrong.code, 1, wrong.stderr)
    assert.match(wrong.stderr, /error\[SPEC074\]: no option profile with id 51451402 in this subscription/)
    const broken = await runCli(['plan', 'acme.yaml', '--profiles', 'broken.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(broken.code, 1, broken.stderr)
    assert.match(broken.stderr, /`broken\.yaml` is not a usable profiles mapping/)
    assert.is(sim.admin.counters().subscriptions['1003451']?.logins ?? 0, 1, 'only the first plan logged in')
  } finally {
    await sim.stop()
  }
})

t('apply --profiles creates the connector with the mapped id; a saved plan refuses --profiles', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': byTitle, 'profiles.yaml': 'acme-prod:\n  "Initial Options": 240983\n' })
    const applied = await runCli(['apply', '--yes', 'acme.yaml', '--profiles', 'profiles.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(applied.code, 0, applied.stderr)
    const [connector] = sim.admin.state().subscriptions[0]!.connectors as { connectorScanConfig?: { optionProfileId?: number } }[]
    assert.is(connector?.connectorScanConfig?.optionProfileId, 240983)
    const saved = await runCli(['plan', 'acme.yaml', '--profiles', 'profiles.yaml', '--out', 'plan.json', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(saved.code, 0, saved.stderr)
    const again = await runCli(['apply', 'plan.json', '--profiles', 'profiles.yaml', '--yes', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(again.code, 2)
    assert.match(again.stderr, /a saved plan is applied as it was planned/)
  } finally {
    await sim.stop()
  }
})

t.run()
