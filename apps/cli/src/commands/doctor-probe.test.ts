import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createQualysPool, secretsOfSpecFiles } from '@scanplan/connect'
import { applySpecs, planSpecs } from '@scanplan/qualys'
import { startSimulator, variantNames, type Variant } from '@scanplan/qualys-sim'
import { assertMatchesSchema } from '../test-support/json-schema.js'
import { runCli } from '../test-support/run-cli.js'
import { readSimEnv } from '@scanplan/test-support/sim-env'

// `scanplan doctor --probe` against a simulator playing each reading of the docs: exit 0, the variant named, the
// account unchanged (connectors and write counters) by the probe.
const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url))
const acme = join(examples, 'acme-azure-org.yaml')
const simEnv = readSimEnv()

interface ProbeJson {
  ok: boolean
  probe: { variants: string[]; readings: { id: string; value: string }[] }
}

async function doctorProbe(variants: Variant[]): Promise<ProbeJson> {
  const sim = await startSimulator({ port: 0, variants })
  try {
    // One connector in the account, made the way apply makes it, so that there is something to read.
    const pool = createQualysPool({ target: sim.url })
    const secretsOf = secretsOfSpecFiles({ env: simEnv, cwd: examples })
    try {
      const planned = await planSpecs([{ file: acme, text: readFileSync(acme, 'utf8') }], pool, { secretsOf, now: new Date('2026-11-22T09:00:00Z') })
      assert.equal((await applySpecs(planned, { secretsOf })).flatMap((s) => s.applied!.map((c) => c.result.status)), ['created'])
    } finally {
      await pool.closeAll()
    }
    const state = JSON.stringify(sim.admin.state())
    const writes = JSON.stringify(Object.values(sim.admin.counters().subscriptions).map((c) => [c.connectorCreates, c.connectorUpdates]))
    const r = await runCli(['doctor', '--probe', '--json', acme, '--target', sim.url, '--now', '2026-11-22'], { env: simEnv })
    assert.is(r.code, 0, `${variants.join(',')}: ${r.stdout}${r.stderr}`)
    const out = JSON.parse(r.stdout) as ProbeJson
    assertMatchesSchema(out, 'doctor')
    assert.is(JSON.stringify(sim.admin.state()), state, 'doctor --probe changed no connector')
    assert.is(JSON.stringify(Object.values(sim.admin.counters().subscriptions).map((c) => [c.connectorCreates, c.connectorUpdates])), writes, 'and created or updated nothing')
    return out
  } finally {
    await sim.stop()
  }
}

test('doctor --probe --json under the default reading: exit 0, no variant, the readings as data', async () => {
  const out = await doctorProbe([])
  assert.equal(out.probe.variants, [])
  assert.equal(out.probe.readings.map((r) => r.id), ['token', 'org-listing', 'update-form', 'frequency-echo', 'profile-id-echo', 'gateway-limits', 'api-server-limits', 'api-server-bearer'])
})

test('doctor --probe --json names each variant the simulator plays', async () => {
  for (const variant of variantNames) assert.equal((await doctorProbe([variant])).probe.variants, [variant], variant)
})

test('doctor --probe prints the readings as a table; --probe with --offline is a usage error', async () => {
  const sim = await startSimulator({ port: 0, variants: ['gateway-429-bare'] })
  try {
    const r = await runCli(['doctor', '--probe', acme, '--target', sim.url, '--now', '2026-11-22'], { env: simEnv })
    assert.is(r.code, 0, r.stderr)
    assert.match(r.stdout, /\n  account readings \(--probe\)\n    reading +seen +detail\n    token +jwt +a raw JWT from POST \/auth/)
    assert.match(r.stdout, /    gateway-limits +blank +blank rate headers .*\[gateway-429-bare\]/)
    assert.match(r.stdout, /  simulator variants detected: gateway-429-bare \(docs\/simulator\.md\)/)
    for (const secret of Object.values(simEnv)) assert.not.ok(`${r.stdout}${r.stderr}`.includes(secret), 'no credential is ever printed')
  } finally {
    await sim.stop()
  }
  const both = await runCli(['doctor', '--probe', '--offline', acme], { env: simEnv })
  assert.is(both.code, 2, both.stderr)
  assert.match(both.stderr, /--probe reads the account, and --offline sends nothing/)
})

test.run()
