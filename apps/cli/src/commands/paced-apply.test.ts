import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { loadDefaultFixture, startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { runCli } from '../test-support/run-cli.js'
import { seedSpec, simEnv, specDir } from '../test-support/plan-apply-specs.js'

/**
 * Issue 15, the hourly budget: with a gateway budget of 20 calls per 10 s (a short window standing for Qualys' 300
 * per hour), 30 creates in one subscription are paced across windows instead of failing with 429.
 */
const windowSec = 10
const fixture = structuredClone(loadDefaultFixture())
fixture.subscriptions[0]!.limits = { gateway: { rate: 20, windowSec } }

const header = seedSpec.slice(0, seedSpec.indexOf('  - kind: azure-org'))
const entry = seedSpec.slice(seedSpec.indexOf('  - kind: azure-org'))
/** `count` connectors, each its own name and tenant. */
const connectors = (count: number) =>
  header +
  Array.from({ length: count }, (_, i) =>
    entry
      .replace('name: "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "', `name: "paced ${String(i + 1).padStart(2, '0')}"`)
      .replace('6f1c0b2a-9d8e-4f7a-b6c5-d4e3f2a1b0c9', `6f1c0b2a-9d8e-4f7a-b6c5-${String(i + 1).padStart(12, '0')}`)
      .replace('sync: { organization: 1h, connectors: 1h }', 'sync: { organization: 1d, connectors: 1d }'),
  ).join('')

const acme = (sim: RunningSimulator) => sim.admin.counters().subscriptions['1003451']!
const liveNames = (sim: RunningSimulator) => sim.admin.state().subscriptions.find((s) => String(s.id) === '1003451')!.connectors.map((c) => c.name)

const t = suite('apply paces itself by the gateway budget (issue 15)')

t('30 creates at 20 calls per 10 s: exit 0, all 30 created, at most one 429 per window, every wait and the progress printed', async () => {
  const sim = await startSimulator({ port: 0, fixture })
  try {
    const dir = specDir({ 'acme.yaml': connectors(30) })
    const started = Date.now()
    const result = await runCli(['apply', '--yes', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv, timeoutMs: 120_000 })
    const windows = Math.ceil((Date.now() - started) / 1000 / windowSec)
    assert.is(result.code, 0, result.stderr)
    assert.match(result.stdout, /Apply: 30 created, 0 updated, 0 unchanged, 0 failed\./)
    assert.is(acme(sim).connectorCreates, 30)
    assert.is(new Set(liveNames(sim)).size, 30)
    assert.ok(acme(sim).gatewayRejected429 <= windows, `${acme(sim).gatewayRejected429} refusals in ${windows} windows`)
    // What it waits for and until when, and how far it is.
    assert.match(result.stderr, /waiting for the gateway's budget \(20 calls per 10 s\) until \d\d:\d\d:\d\d UTC \(\d+ s\)/)
    assert.match(result.stderr, /applying \[30\/30\] "paced \d\d" created/)
  } finally {
    await sim.stop()
  }
})

t('plan warns when the changes need more calls than the window has left: the estimate and the time, text and --json', async () => {
  const sim = await startSimulator({ port: 0, fixture })
  try {
    const dir = specDir({ 'acme.yaml': connectors(30) })
    const text = await runCli(['plan', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(text.code, 0, text.stderr)
    assert.match(text.stderr, /warning\[QUALYS-BUDGET\]: applying this plan needs 30 gateway calls in acme-prod \(acme3ab1\), and \d+ of 20 per 10 s are left: apply will wait for the budget, about \d+ s in all/)
    const json = await runCli(['plan', '--json', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(json.code, 0, json.stderr)
    const budget = JSON.parse(json.stdout).diagnostics.find((d: { code: string }) => d.code === 'QUALYS-BUDGET')
    assert.is(budget.severity, 'warning')
    assert.match(budget.message, /needs 30 gateway calls/)
    assert.equal([budget.data.kind, budget.data.calls, budget.data.limit, budget.data.windowSec, budget.path], ['gateway-budget', 30, 20, 10, 'source'])
    assert.ok(budget.data.remaining < 30 && budget.data.waitSec > 0, JSON.stringify(budget.data))
    // Within the budget: no warning.
    const small = specDir({ 'acme.yaml': connectors(3) })
    const within = await runCli(['plan', '--json', 'acme.yaml', '--target', sim.url], { cwd: small, env: simEnv })
    assert.equal(JSON.parse(within.stdout).diagnostics.filter((d: { code: string }) => d.code === 'QUALYS-BUDGET'), [])
  } finally {
    await sim.stop()
  }
})

t('Ctrl-C during a wait for the budget: exit 130; run again, the rest is created and nothing twice', async () => {
  const sim = await startSimulator({ port: 0, fixture })
  try {
    const dir = specDir({ 'acme.yaml': connectors(30) })
    const bin = fileURLToPath(new URL('../bin.ts', import.meta.url))
    const child = spawn(process.execPath, ['--conditions=@scanplan/source', '--import', import.meta.resolve('tsx'), bin, 'apply', '--yes', 'acme.yaml', '--target', sim.url], {
      cwd: dir, env: { PATH: process.env.PATH!, HOME: process.env.HOME!, TZ: 'UTC', ...simEnv }, stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve))
    const started = Date.now()
    while (!/waiting for the gateway's budget/.test(output)) {
      if (Date.now() - started > 60_000) throw new Error(`no wait for the budget:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    child.kill('SIGINT')
    assert.is(await exit, 130, output)
    const first = acme(sim).connectorCreates
    assert.ok(first > 0 && first < 30, `${first} created before the interrupt`)

    const again = await runCli(['apply', '--yes', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv, timeoutMs: 120_000 })
    assert.is(again.code, 0, again.stderr)
    assert.match(again.stdout, new RegExp(`Apply: ${30 - first} created, 0 updated, ${first} unchanged, 0 failed\\.`))
    assert.is(acme(sim).connectorCreates, 30)
    assert.is(liveNames(sim).length, 30)
  } finally {
    await sim.stop()
  }
})

t.run()
