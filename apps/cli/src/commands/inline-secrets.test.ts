import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { runCli, type CliResult } from '../test-support/run-cli.js'
import { seedSpec, simEnv, specDir } from '../test-support/plan-apply-specs.js'

/**
 * A secret pasted into a spec is an error in every command that reads specs, and is printed by none of them:
 * not in the rendered source lines, not in messages, not in `--json`. The simulator counts requests, so the
 * tests also show that nothing was sent.
 */
const SECRET = 'hunter2-inline-secret'
const inlinePassword = seedSpec.replace('password: { env: QUALYS_PASSWORD }', `password: ${SECRET}`)
// Pasted where the variable's NAME belongs: a different decoder error (SPEC004), whose message quotes the value.
const pastedAsEnvName = seedSpec.replace('secret: { env: AZURE_APP_SECRET }', `secret: { env: ${SECRET} }`)
const now = ['--now', '2026-11-22']

const t = suite('inline secrets are refused and never printed')
let sim: RunningSimulator

t.before(async () => {
  sim = await startSimulator({ port: 0 })
})
t.after(async () => {
  await sim.stop()
})

function assertNotPrinted(r: CliResult): void {
  assert.not.ok(r.stdout.includes(SECRET), `stdout carries the secret:\n${r.stdout}`)
  assert.not.ok(r.stderr.includes(SECRET), `stderr carries the secret:\n${r.stderr}`)
  assert.not.ok(`${r.stdout}${r.stderr}`.includes('hunter2'), 'not even part of it')
}

const commands: [string, string[]][] = [
  ['plan', ['plan', 'spec.yaml']],
  ['apply', ['apply', 'spec.yaml', '--yes']],
]

for (const [name, args] of commands) {
  t(`${name}: an inline password is SPEC010, exit 1, masked in the source line, nothing sent`, async () => {
    const before = sim.admin.counters().totals.requests
    const r = await runCli([...args, '--target', sim.url, ...now], { cwd: specDir({ 'spec.yaml': inlinePassword }), env: simEnv })
    assert.is(r.code, 1, r.stderr)
    assert.match(r.stderr, /error\[SPEC010\]: inline secret at `source\.password`: a spec never holds secret values/)
    assert.match(r.stderr, /password: \*{21}/)
    assert.match(r.stderr, /help: move the value to an environment variable or a file/)
    assertNotPrinted(r)
    assert.is(sim.admin.counters().totals.requests, before, 'no request reached Qualys')
  })

  t(`${name} --json: the diagnostics carry no secret either`, async () => {
    const r = await runCli([...args, '--json', '--target', sim.url, ...now], { cwd: specDir({ 'spec.yaml': pastedAsEnvName }), env: simEnv })
    assert.is(r.code, 1, r.stderr)
    const json = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; message: string; path?: string }[] }
    assert.is(json.ok, false)
    const d = json.diagnostics.find((x) => x.path === 'connectors[0].application.secret.env')
    assert.ok(d, r.stdout)
    assert.is(d!.message, 'the text `***` at `connectors[0].application.secret.env` is not an environment variable name (letters, digits, `_`)')
    assertNotPrinted(r)
  })
}

t('doctor: an inline password fails the spec check, exit 1, never printed', async () => {
  const r = await runCli(['doctor', 'spec.yaml', ...now], { cwd: specDir({ 'spec.yaml': inlinePassword }), env: simEnv })
  assert.is(r.code, 1, r.stdout + r.stderr)
  assert.match(r.stderr, /error\[SPEC010\]: inline secret at `source\.password`/)
  assert.match(r.stderr, /password: \*{21}/)
  assertNotPrinted(r)
})

t('doctor --json and a secret pasted as the variable name', async () => {
  const r = await runCli(['doctor', 'spec.yaml', '--json', ...now], { cwd: specDir({ 'spec.yaml': pastedAsEnvName }), env: simEnv })
  assert.is(r.code, 1, r.stdout + r.stderr)
  assert.match(r.stderr, /error\[SPEC004\]: the text `\*\*\*` at `connectors\[0\]\.application\.secret\.env`/)
  assert.match(r.stderr, /secret: \{ env: \*{21} \}/)
  assertNotPrinted(r)
})

t('compile: a secret in a list (not SPEC010) is masked too', async () => {
  const r = await runCli(['compile', '-', ...now], { stdin: seedSpec.replace('password: { env: QUALYS_PASSWORD }', `password: [${SECRET}]`) })
  assert.is(r.code, 1, r.stderr)
  assert.match(r.stderr, /error\[SPEC004\]: expected `\{ env: NAME \}` or `\{ file: PATH \}` at `source\.password`/)
  assert.match(r.stderr, /password: \[\*{21}\]/)
  assertNotPrinted(r)
})

t.run()
