import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { tempDir } from '@scanplan/test-support/temp-dir'
import { runCli } from '../test-support/run-cli.js'

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

t.run()
