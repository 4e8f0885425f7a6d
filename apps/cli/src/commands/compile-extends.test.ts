import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator } from '@scanplan/qualys-sim'
import { tempDir } from '@scanplan/test-support/temp-dir'
import { runCli } from '../test-support/run-cli.js'
import { seedSpec, simEnv, specDir } from '../test-support/plan-apply-specs.js'

const root = new URL('../../../../', import.meta.url).pathname
const now = ['--now', '2026-12-01T00:00:00Z']
const t = suite('scanplan compile with extends')

t('the five-customer layout of examples/mssp compiles: one request per customer, each with its account\'s profile id', async () => {
  const customers = ['acme', 'globex', 'hooli', 'initech', 'umbrella'].map((c) => `examples/mssp/customers/${c}.yaml`)
  const r = await runCli(['compile', '--json', ...customers, '--profiles', 'examples/mssp/profiles.yaml', ...now], { cwd: root })
  assert.is(r.code, 0, r.stderr)
  const json = JSON.parse(r.stdout)
  assert.equal(json.diagnostics, [])
  assert.equal(json.requests.map((q: { body: { connectorScanConfig: { optionProfileId: number; timezone: string } } }) => [q.body.connectorScanConfig.optionProfileId, q.body.connectorScanConfig.timezone]),
    [[240981, 'Europe/Berlin'], [51451402, 'Europe/London'], [7300001, 'America/Los_Angeles'], [7100001, 'America/Chicago'], [7200001, 'Asia/Tokyo']])
})

t('a mistake in the base is shown in the base file, with its name, line and caret; a missing base names the chain', async () => {
  const dir = tempDir('extends')
  try {
    cpSync(join(root, 'examples/mssp'), dir, { recursive: true })
    const base = readFileSync(join(dir, 'provider-base.yaml'), 'utf8')
    writeFileSync(join(dir, 'provider-base.yaml'), base.replace('autoActivate: [VM]', 'autoActivate: [VMM]'))
    const broken = await runCli(['compile', 'customers/acme.yaml', 'customers/globex.yaml', ...now], { cwd: dir })
    assert.is(broken.code, 1)
    assert.match(broken.stderr, /error\[SPEC004\][^\n]*\n +--> provider-base\.yaml:10:18 \(connectors\[0\]\.autoActivate\[0\]\)\n +\|\n10 \|   autoActivate: \[VMM\]\n +\| +\^\^\^/)
    assert.is(broken.stderr.split('provider-base.yaml:10:18').length - 1, 2, 'once per customer spec, not once per connector')
    rmSync(join(dir, 'provider-base.yaml'))
    const missing = await runCli(['compile', 'customers/acme.yaml', ...now], { cwd: dir })
    assert.is(missing.code, 1)
    assert.match(missing.stderr, /error\[SPEC091\]: cannot read the base file `provider-base\.yaml`: no such file \(customers\/acme\.yaml -> provider-base\.yaml\)\n +--> customers\/acme\.yaml:2:10 \(extends\)/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

t('plan and apply read the base files: the base\'s settings reach Qualys; a plan-time problem in the base points into it', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    // The seed spec split in two: the base gives the account's sign-in and the connectors' perimeter scan.
    const base = 'source:\n  auth: session\nconnectorDefaults:\n  perimeterScan:\n    schedule: daily at 12:00 Asia/Colombo starting 2023-10-05\n    prefix: custom-scan\n    optionProfile: 240982\n'
    const spec = `extends: shared/base.yaml\n${seedSpec.replace(/^ {2}auth: session.*\n/m, '').replace(/^ {4}perimeterScan:\n(?: {6}.*\n)+/m, '')}`
    const dir = specDir({ 'acme.yaml': spec })
    const { mkdirSync } = await import('node:fs')
    mkdirSync(join(dir, 'shared'))
    writeFileSync(join(dir, 'shared/base.yaml'), base)
    const applied = await runCli(['apply', '--yes', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(applied.code, 0, applied.stderr)
    const [connector] = sim.admin.state().subscriptions[0]!.connectors as { connectorScanConfig?: { optionProfileId?: number; scanPrefix?: string } }[]
    assert.is(connector?.connectorScanConfig?.optionProfileId, 240982)
    assert.is(connector?.connectorScanConfig?.scanPrefix, 'custom-scan')
    writeFileSync(join(dir, 'shared/base.yaml'), base.replace('optionProfile: 240982', 'optionProfile: 999999'))
    const refused = await runCli(['plan', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(refused.code, 1, refused.stderr)
    assert.match(refused.stderr, /error\[SPEC074\][^\n]*\n +--> shared\/base\.yaml:7:20 /)
    assert.match(refused.stderr, /7 \|     optionProfile: 999999\n/)
  } finally {
    await sim.stop()
  }
})

t.run()
