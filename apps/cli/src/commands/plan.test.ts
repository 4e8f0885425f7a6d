import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { loadDefaultFixture, startSimulator } from '@scanplan/qualys-sim'
import { runCli, type CliResult } from '../test-support/run-cli.js'
import { named, seedSpec, simEnv, specDir } from '../test-support/plan-apply-specs.js'

const outputs: CliResult[] = []
async function cli(args: string[], options: Parameters<typeof runCli>[1] = {}) {
  const result = await runCli(args, options)
  outputs.push(result)
  return result
}

const t = suite('scanplan plan')

t('plans a create, Terraform-like, the secret shown as (sensitive); --detailed-exitcode gives 4', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': seedSpec })
    const result = await cli(['plan', 'acme.yaml', '--target', sim.url, '--detailed-exitcode'], { cwd: dir, env: simEnv })
    assert.is(result.code, 4, result.stderr)
    assert.match(result.stdout, /acme\.yaml \(acme-prod: acme3ab1 on http:\/\/127\.0\.0\.1:\d+\)/)
    assert.match(result.stdout, /\+ create azure-org connector "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "/)
    assert.match(result.stdout, /\+ secretValue +\= \(sensitive\)/)
    assert.match(result.stdout, /\+ connectorScanConfig\.optionProfileId += 240981/)
    assert.match(result.stdout, /Plan: 1 to create, 0 to update, 0 unchanged\./)
    assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 0, 'plan changes nothing')
    const counters = sim.admin.counters().subscriptions['1003451']!
    assert.is(counters.logins, counters.logouts, 'the session was logged out')
  } finally {
    await sim.stop()
  }
})

t('--json: { ok, changes: [{ connector, action, diff }], diagnostics }', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': named('Acme production', seedSpec.replace('optionProfile: 240981', 'optionProfile: "Initial Options"')) })
    const result = await cli(['plan', '--json', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(result.code, 0, result.stderr)
    const json = JSON.parse(result.stdout)
    assert.is(json.ok, true)
    assert.is(json.changes.length, 1)
    assert.is(json.changes[0].connector, 'Acme production')
    assert.is(json.changes[0].action, 'create')
    assert.equal(json.changes[0].diff.find((d: { field: string }) => d.field === 'secretValue'), { field: 'secretValue', old: null, new: '(sensitive)' })
    assert.equal(json.changes[0].diff.find((d: { field: string }) => d.field === 'connectorScanConfig.optionProfileId'), { field: 'connectorScanConfig.optionProfileId', old: null, new: 240981 }, 'the title was resolved online')
    assert.ok(json.diagnostics.every((d: { severity: string }) => d.severity !== 'error'))
  } finally {
    await sim.stop()
  }
})

t('an option profile title that does not exist: the error lists the titles and the default', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': seedSpec.replace('optionProfile: 240981', 'optionProfile: "Initial Optionz"') })
    const result = await cli(['plan', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(result.code, 1)
    assert.match(result.stderr, /no option profile titled "Initial Optionz" in this subscription; its profiles are "Initial Options" \(default\), "PCI Scan", "Authenticated Full"/)
  } finally {
    await sim.stop()
  }
})

t('credentials only from the environment: a missing variable is named, a wrong password exits 3', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': seedSpec })
    const missing = await cli(['plan', 'acme.yaml', '--target', sim.url], { cwd: dir, env: { AZURE_APP_SECRET: simEnv.AZURE_APP_SECRET } })
    assert.is(missing.code, 1)
    assert.match(missing.stderr, /source\.password: the environment variable QUALYS_PASSWORD is not set/)
    const wrong = await cli(['plan', 'acme.yaml', '--target', sim.url], { cwd: dir, env: { ...simEnv, QUALYS_PASSWORD: 'wrong-password-5d1f' } })
    assert.is(wrong.code, 3)
    assert.match(wrong.stderr, /refused/)
  } finally {
    await sim.stop()
  }
})

t('several specs: a progress line per spec on stderr (no terminal), every plan on stdout', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'a.yaml': named('A'), 'b.yaml': named('B'), 'c.yaml': named('C') })
    const result = await cli(['plan', 'a.yaml', 'b.yaml', 'c.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(result.code, 0, result.stderr)
    assert.is(result.stderr.match(/^planning \[\d\/3\] [abc]\.yaml$/gm)?.length, 3)
    assert.match(result.stdout, /Plan: 3 to create, 0 to update, 0 unchanged\./)
  } finally {
    await sim.stop()
  }
})

t('every wait is printed: the gateway budget (1 call per 1 s) spent, waited for until its reset, then the plan', async () => {
  const fixture = structuredClone(loadDefaultFixture())
  fixture.subscriptions[0]!.limits = { gateway: { rate: 1, windowSec: 1 } }
  const sim = await startSimulator({ port: 0, fixture })
  try {
    const dir = specDir({ 'a.yaml': named('A'), 'b.yaml': named('B') })
    const result = await cli(['plan', 'a.yaml', 'b.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(result.code, 0, result.stderr)
    assert.match(result.stderr, /acme3ab1: waiting for the gateway's budget \(1 call per 1 s(, refused with HTTP 429)?\) until \d\d:\d\d:\d\d UTC \(\d s\)/)
    // The two specs' listings share the account's budget: at most the first pair meets a 429, never the transport's retry.
    assert.ok(sim.admin.counters().subscriptions['1003451']!.gatewayRejected429 <= 1)
    assert.not.match(result.stderr, /before retrying GET .*HTTP 429/)
    assert.match(result.stdout, /Plan: 2 to create/)
  } finally {
    await sim.stop()
  }
})

t('one connector in two spec files of the same account: both refused, nothing planned', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'a.yaml': named('Shared'), 'b.yaml': named('Shared') })
    const result = await cli(['plan', '--json', 'a.yaml', 'b.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(result.code, 1)
    const json = JSON.parse(result.stdout)
    assert.is(json.ok, false)
    assert.equal(json.changes, [])
    assert.is(json.diagnostics.filter((d: { message: string }) => /connector "Shared" of account acme-prod is in several specs \(a\.yaml, b\.yaml\)/.test(d.message)).length, 2)
  } finally {
    await sim.stop()
  }
})

t('auth: oidc: a numeric option profile id plans through the gateway alone; a title is SPEC048 before any call', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const oidc = seedSpec.replace(/  auth: session[^\n]*\n  password: [^\n]*\n/, '  auth: oidc\n  clientId: { env: QUALYS_CLIENT_ID }\n  clientSecret: { env: QUALYS_CLIENT_SECRET }\n')
    const dir = specDir({ 'id.yaml': oidc, 'title.yaml': oidc.replace('optionProfile: 240981', 'optionProfile: "Initial Options"') })
    const byId = await cli(['plan', 'id.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(byId.code, 0, byId.stderr)
    assert.match(byId.stdout, /\+ connectorScanConfig\.optionProfileId += 240981/)
    assert.is(sim.admin.counters().subscriptions['1003451']!.logins, 0, 'no API server login')
    const byTitle = await cli(['plan', 'title.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(byTitle.code, 1, byTitle.stderr)
    assert.match(byTitle.stderr, /error\[SPEC048\]: option profile `Initial Options` is a title, and `auth: oidc` has no API server login/)
    assert.not.match(byTitle.stderr, /code 2000|Bad Login/)
  } finally {
    await sim.stop()
  }
})

t('Ctrl-C during a plan: the run stops and the session is still logged out', async () => {
  // The connector list is slowed down, so the interrupt arrives after the v2 login, while a gateway call is out.
  const sim = await startSimulator({ port: 0, faults: { latencyMs: 5000, match: { pathPrefix: '/connectors/v1.0/' } } })
  try {
    const dir = specDir({ 'acme.yaml': seedSpec.replace('optionProfile: 240981', 'optionProfile: "Initial Options"') })
    const bin = fileURLToPath(new URL('../bin.ts', import.meta.url))
    const child = spawn(process.execPath, ['--conditions=@scanplan/source', '--import', import.meta.resolve('tsx'), bin, 'plan', 'acme.yaml', '--target', sim.url], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...simEnv },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    const started = Date.now()
    while (sim.admin.counters().subscriptions['1003451']?.gatewayRequests !== 1 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 50))
    assert.is(sim.admin.counters().subscriptions['1003451']!.logins, 1, 'logged in before the interrupt')
    child.kill('SIGINT')
    const code = await exited
    outputs.push({ code, stdout: '', stderr })
    assert.is(code, 130, 'an interrupted run exits 130')
    assert.match(stderr, /interrupted \(SIGINT\): stopping and logging out/)
    assert.is(sim.admin.counters().subscriptions['1003451']!.logouts, 1)
  } finally {
    await sim.stop()
  }
})

t('no credential appears in any output of these runs', () => {
  const text = outputs.map((o) => o.stdout + o.stderr).join('\n')
  for (const secret of [simEnv.QUALYS_PASSWORD!, simEnv.AZURE_APP_SECRET!, 'wrong-password-5d1f']) assert.not.ok(text.includes(secret))
})

t('a 503 from the token endpoint is retried; if it lasts: "Qualys unavailable", exit 3, no HTML, no password advice', async () => {
  const sim = await startSimulator({ port: 0, variants: ['token-503'] })
  try {
    const dir = specDir({ 'acme.yaml': seedSpec })
    const now = await cli(['plan', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(now.code, 0, `token-503 answers every other request: the retry passes\n${now.stderr}`)
    assert.ok(sim.admin.counters().totals.token503 >= 1)
    sim.admin.setFaults({ serverErrorRate: 1, match: { pathPrefix: '/auth' } })
    const down = await cli(['plan', 'acme.yaml', '--target', sim.url], { cwd: dir, env: simEnv })
    assert.is(down.code, 3, down.stderr)
    assert.match(down.stderr, /Qualys unavailable: POST http:\/\/127\.0\.0\.1:\d+\/auth answered HTTP 503/)
    assert.not.match(down.stderr, /<html|refused a token|password/i)
    assert.ok(sim.admin.counters().totals.injected5xx > 1, 'the token request was sent again before giving up')
  } finally {
    await sim.stop()
  }
})

t.run()
