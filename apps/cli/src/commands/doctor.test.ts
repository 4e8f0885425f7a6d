import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { assertMatchesSchema } from '../test-support/json-schema.js'
import { runCli } from '../test-support/run-cli.js'
import { readSimEnv } from '@scanplan/test-support/sim-env'
import { globex as globexUser } from '@scanplan/test-support/simulator-credentials'
import { tempDir } from '@scanplan/test-support/temp-dir'

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url))
const seed = join(examples, 'seed-azure-org.yaml')
const seedText = readFileSync(seed, 'utf8')
// The simulator fixture's credentials (examples/sim.env), as a user would export them.
const simEnv = readSimEnv()
const now = ['--now', '2026-11-22']

interface DoctorJson {
  ok: boolean
  checks: { id: string; status: string; message: string; help?: string }[]
}
const status = (out: DoctorJson) => Object.fromEntries(out.checks.map((c) => [c.id, c.status]))

const doctor = suite('scanplan doctor')
let dir = ''
doctor.before.each(() => {
  dir = tempDir('doctor')
})
doctor.after.each(() => rmSync(dir, { recursive: true, force: true }))

doctor('against the simulator with the fixture credentials: every check passes, exit 0', async () => {
  const r = await runCli(['doctor', seed, '--target', 'sim', ...now], { env: simEnv })
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, /^scanplan doctor .*seed-azure-org\.yaml\n/)
  for (const line of [
    /✓ spec +1 connector for acme3ab1 \(site acme-prod\)/,
    /✓ credentials +set: QUALYS_PASSWORD, AZURE_APP_SECRET/,
    /✓ platform +US3: API server https:\/\/qualysapi\.qg3\.apps\.qualys\.com, gateway https:\/\/gateway\.qg3\.apps\.qualys\.com/,
    /✓ password-expiry +the password expires on 2027-01-31, in 70 days/,
    /✓ reachability +http:\/\/127\.0\.0\.1:\d+ answers/,
    /✓ login +as acme3ab1 on the API server \(session\) and the gateway \(jwt/,
    /✓ option-profiles +found id 240981/,
  ]) assert.match(r.stdout, line)
  for (const secret of Object.values(simEnv)) assert.not.ok(`${r.stdout}${r.stderr}`.includes(secret), 'no credential is ever printed')
})

doctor('--json: the documented shape; an option profile title is looked up in the subscription', async () => {
  const spec = join(dir, 'title.yaml')
  writeFileSync(spec, seedText.replace(/optionProfile: 240981.*$/m, 'optionProfile: "Initial Options"'))
  const r = await runCli(['doctor', '--json', spec, '--target', 'sim', ...now], { env: simEnv })
  assert.is(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as DoctorJson
  assertMatchesSchema(out, 'doctor')
  assert.is(out.ok, true)
  assert.equal(out.checks.map((c) => c.id), ['spec', 'credentials', 'platform', 'password-expiry', 'reachability', 'login', 'option-profiles'])
  assert.is(out.checks[6]!.message, 'found "Initial Options" = 240981')
})

doctor('a title the subscription does not have: fail with the titles that exist, exit 1', async () => {
  const spec = join(dir, 'missing.yaml')
  writeFileSync(spec, seedText.replace(/optionProfile: 240981.*$/m, 'optionProfile: "Weekly PCI Perimeter"'))
  const r = await runCli(['doctor', '--json', spec, '--target', 'sim', ...now], { env: simEnv })
  assert.is(r.code, 1, r.stdout + r.stderr)
  const out = JSON.parse(r.stdout) as DoctorJson
  assertMatchesSchema(out, 'doctor')
  const profiles = out.checks.find((c) => c.id === 'option-profiles')!
  assert.is(profiles.status, 'fail')
  assert.match(profiles.message, /not in the subscription: title "Weekly PCI Perimeter"/)
  assert.match(profiles.help ?? '', /Initial Options/)
})

doctor('missing credentials: named (never shown), login skipped, exit 1', async () => {
  const r = await runCli(['doctor', seed, '--offline', ...now], { env: { QUALYS_PASSWORD: simEnv.QUALYS_PASSWORD } })
  assert.is(r.code, 1)
  assert.match(r.stdout, /✗ credentials +not set: AZURE_APP_SECRET \(connectors\[0\]\.application\.secret\)/)
  assert.match(r.stdout, /help: export the environment variables/)
  assert.match(r.stdout, /- reachability +skipped \(--offline\)/)
  assert.not.ok(r.stdout.includes(simEnv.QUALYS_PASSWORD!))
})

doctor('a wrong password: login fails, exit 3 (could not authenticate)', async () => {
  const r = await runCli(['doctor', '--json', seed, '--target', 'sim', ...now], { env: { ...simEnv, QUALYS_PASSWORD: 'not-the-password' } })
  assert.is(r.code, 3, r.stderr)
  const out = JSON.parse(r.stdout) as DoctorJson
  assertMatchesSchema(out, 'doctor')
  assert.equal(status(out), { spec: 'ok', credentials: 'ok', platform: 'ok', 'password-expiry': 'ok', reachability: 'ok', login: 'fail', 'option-profiles': 'skip' })
  assert.not.ok(r.stdout.includes('not-the-password'))
})

doctor('an unreachable target: reachability fails, exit 3', async () => {
  const r = await runCli(['doctor', '--json', seed, '--target', 'http://127.0.0.1:9', ...now], { env: simEnv })
  assert.is(r.code, 3)
  const out = JSON.parse(r.stdout) as DoctorJson
  assert.equal(status(out).reachability, 'fail')
  assert.match(out.checks.find((c) => c.id === 'reachability')!.message, /cannot reach API server http:\/\/127\.0\.0\.1:9/)
})

doctor('password expiry: a warning within 14 days (exit 0), a failure once past (exit 1)', async () => {
  const soon = await runCli(['doctor', seed, '--offline', '--now', '2027-01-21'], { env: simEnv })
  assert.is(soon.code, 0, soon.stderr)
  assert.match(soon.stdout, /! password-expiry +the password expires on 2027-01-31, in 10 days\n +help: change it in Qualys/)
  const past = await runCli(['doctor', seed, '--offline', '--now', '2027-02-02'], { env: simEnv })
  assert.is(past.code, 1)
  assert.match(past.stdout, /✗ password-expiry +the password expired on 2027-01-31 \(2 days ago\)/)
})

doctor('password expiry: doctor and compile agree on the expiry day itself and count the days left the same way', async () => {
  // The seed's password expires on 2027-01-31: from 00:00 UTC of that day it is expired (compile's SPEC030).
  const onTheDay = await runCli(['doctor', '--json', seed, '--offline', '--now', '2027-01-31T08:00:00Z'], { env: simEnv })
  const day = JSON.parse(onTheDay.stdout) as { checks: { id: string; status: string; message: string }[] }
  assert.equal(day.checks.find((c) => c.id === 'password-expiry'), { id: 'password-expiry', status: 'fail', message: 'the password expired on 2027-01-31 (today)', help: 'set a new password in Qualys, then update the secret and passwordExpires' })
  assert.is(onTheDay.code, 1)
  const compiled = await runCli(['compile', '--json', seed, '--now', '2027-01-31T08:00:00Z'], { env: simEnv })
  assert.match(compiled.stderr, /error\[SPEC030\]: the Qualys password expired on 2027-01-31/)
  // Sixteen hours before: less than a whole day left, in both.
  const eve = await runCli(['doctor', '--json', seed, '--offline', '--now', '2027-01-30T08:00:00Z'], { env: simEnv })
  const before = JSON.parse(eve.stdout) as { checks: { id: string; status: string; message: string }[] }
  assert.equal(before.checks.find((c) => c.id === 'password-expiry')?.message, 'the password expires on 2027-01-31, in less than a day')
  const warned = await runCli(['compile', seed, '--now', '2027-01-30T08:00:00Z'], { env: simEnv })
  assert.match(warned.stderr, /warning\[SPEC031\]: the Qualys password expires on 2027-01-31, in less than a day/)
})

doctor('a spec with errors: rendered with file:line:col, the line and a caret on stderr; exit 1', async () => {
  const spec = join(dir, 'broken.yaml')
  writeFileSync(spec, seedText.replace('  auth: session ', '  auht: session '))
  const r = await runCli(['doctor', 'broken.yaml', '--offline', ...now], { env: simEnv, cwd: dir })
  assert.is(r.code, 1)
  assert.match(r.stdout, /✗ spec +broken\.yaml has \d+ errors? \(shown above\)/)
  assert.match(r.stderr, /^error\[SPEC002\]: unknown key `auht` at `source\.auht`\n --> broken\.yaml:9:3 \(source\.auht\)\n {2}\|\n9 \| {3}auht: session.*\n {2}\| {3}\^{4} unknown key\n {2}\|\nhelp: did you mean `auth`\?/)

  writeFileSync(spec, seedText.replace('daily at 12:00 Asia/Colombo', 'daily at 12:00 Asia/Colmbo'))
  const zone = await runCli(['doctor', 'broken.yaml', '--offline', ...now], { env: simEnv, cwd: dir })
  assert.is(zone.code, 1)
  assert.match(zone.stderr, /error\[DSL040\]: unknown time zone `Asia\/Colmbo`\n {2}--> broken\.yaml:34:32 \(connectors\[0\]\.perimeterScan\.schedule\)\n {3}\|\n34 \| {7}schedule: daily at 12:00 Asia\/Colmbo starting 2023-10-05\n {3}\| {32}\^{11}/)
  assert.match(zone.stderr, /help: did you mean `Asia\/Colombo`\?/)
})

doctor('reads the spec from stdin with -', async () => {
  const r = await runCli(['doctor', '-', '--offline', '--json', ...now], { env: simEnv, stdin: seedText })
  assert.is(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as DoctorJson & { spec: string }
  assert.is(out.spec, '<stdin>')
  assert.is(status(out).credentials, 'ok')
})

doctor('usage errors: no spec and no scanplan.yaml here, an unreadable path, stdin twice', async () => {
  const none = await runCli(['doctor'], { cwd: dir })
  assert.is(none.code, 2)
  assert.match(none.stderr, /error: no SPEC given and no scanplan\.yaml in this directory/)
  const missing = await runCli(['doctor', 'no-such-spec.yaml'], { cwd: dir })
  assert.is(missing.code, 2)
  assert.is(missing.stdout, '')
  assert.match(missing.stderr, /^error: cannot read `no-such-spec\.yaml`: no such file\nhelp: check the path, or pass `-` to read from stdin\n/)
  const twice = await runCli(['doctor', '-', '-'], { cwd: dir, stdin: seedText })
  assert.is(twice.code, 2)
  assert.match(twice.stderr, /`-` \(stdin\) can be given only once/)
})

doctor('without SPEC it checks ./scanplan.yaml (as written by init)', async () => {
  const init = await runCli(['init', '--username', 'acme3ab1'], { cwd: dir })
  assert.is(init.code, 0, init.stderr)
  const r = await runCli(['doctor', '--offline', '--json', ...now], { cwd: dir, env: simEnv })
  const out = JSON.parse(r.stdout) as DoctorJson & { spec: string }
  assert.is(out.spec, 'scanplan.yaml')
  assert.is(status(out).spec, 'ok', r.stderr)
})

doctor('an OIDC spec: the client id and secret are the credentials; no password to expire', async () => {
  const init = await runCli(['init', '--username', 'acme3ab1', '--auth', 'oidc'], { cwd: dir })
  assert.is(init.code, 0, init.stderr)
  // init names the variables after the site (`acme`, from the username).
  const env = { ...simEnv, ACME_QUALYS_CLIENT_ID: 'sim-client', ACME_QUALYS_CLIENT_SECRET: 'sim-client-secret', ACME_AZURE_SECRET: 'sim-azure-secret' }
  const r = await runCli(['doctor', '--json', '--offline', ...now], { cwd: dir, env })
  assert.is(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as DoctorJson
  assertMatchesSchema(out, 'doctor')
  assert.is(out.checks.find((c) => c.id === 'credentials')!.message, 'set: ACME_QUALYS_CLIENT_ID, ACME_QUALYS_CLIENT_SECRET, ACME_AZURE_SECRET')
  assert.equal(out.checks.find((c) => c.id === 'password-expiry'), { id: 'password-expiry', status: 'skip', message: 'OIDC client credentials: no password to expire' })
})

const oidcSpec = (text: string) =>
  text.replace(/  auth: session[^\n]*\n  password: [^\n]*\n/, '  auth: oidc\n  clientId: { env: QUALYS_CLIENT_ID }\n  clientSecret: { env: QUALYS_CLIENT_SECRET }\n')

doctor('an OIDC spec against the simulator: the gateway login is checked, the API server is not (no v2 credential)', async () => {
  const spec = join(dir, 'oidc.yaml')
  writeFileSync(spec, oidcSpec(seedText))
  assert.match(readFileSync(spec, 'utf8'), /auth: oidc/)
  const r = await runCli(['doctor', '--json', spec, '--target', 'sim', ...now], { env: simEnv })
  assert.is(r.code, 0, `${r.stdout}${r.stderr}`)
  const out = JSON.parse(r.stdout) as DoctorJson
  assertMatchesSchema(out, 'doctor')
  const login = out.checks.find((c) => c.id === 'login')!
  assert.is(login.status, 'ok')
  assert.match(login.message, /^as acme3ab1 on the gateway \(oidc, \d+ Azure connectors? visible\)$/)
  assert.not.match(`${r.stdout}${r.stderr}`, /2000|Bad Login/)
  assert.equal(out.checks.find((c) => c.id === 'option-profiles'), { id: 'option-profiles', status: 'skip', message: 'not applicable (oidc: option profiles must be numeric ids)' })
  const human = await runCli(['doctor', spec, '--target', 'sim', ...now], { env: simEnv })
  assert.is(human.code, 0, human.stderr)
  assert.match(human.stdout, /- option-profiles +not applicable \(oidc: option profiles must be numeric ids\)/)
  for (const secret of Object.values(simEnv)) assert.not.ok(`${r.stdout}${r.stderr}${human.stdout}${human.stderr}`.includes(secret), 'no credential is ever printed')
})

doctor('an OIDC spec naming an option profile by title: a spec error (SPEC048) saying to write the id, exit 1', async () => {
  const spec = join(dir, 'oidc-title.yaml')
  writeFileSync(spec, oidcSpec(seedText).replace(/optionProfile: 240981.*$/m, 'optionProfile: "Initial Options"'))
  const r = await runCli(['doctor', '--json', spec, '--target', 'sim', ...now], { env: simEnv })
  assert.is(r.code, 1, r.stderr)
  const out = JSON.parse(r.stdout) as DoctorJson
  assert.equal(out.checks.map((c) => [c.id, c.status]), [['spec', 'fail']])
  assert.match(r.stderr, /error\[SPEC048\]: option profile `Initial Options` is a title, and `auth: oidc` has no API server login to look it up/)
  assert.match(r.stderr, /help: write the numeric id/)
})

doctor('colour on stdout follows FORCE_COLOR, NO_COLOR and --no-color', async () => {
  const forced = await runCli(['doctor', seed, '--offline', ...now], { env: { ...simEnv, FORCE_COLOR: '1' } })
  assert.match(forced.stdout, /\u001b\[32m✓\u001b\[39m spec/)
  const off = await runCli(['doctor', seed, '--offline', ...now], { env: { ...simEnv, FORCE_COLOR: '1', NO_COLOR: '1' } })
  assert.is(off.code, 0)
  assert.not.match(off.stdout, /\u001b\[/)
  const flag = await runCli(['doctor', seed, '--offline', '--no-color', ...now], { env: { ...simEnv, FORCE_COLOR: '1' } })
  assert.not.match(flag.stdout, /\u001b\[/)
})

doctor('a rate-limit refusal (1965) is reported as a rate limit with the time to wait, not as a failed login', async () => {
  const { loadDefaultFixture, startSimulator } = await import('@scanplan/qualys-sim')
  const fixture = loadDefaultFixture()
  fixture.subscriptions[0]!.limits = { v2: { rate: 1, windowSec: 3600 } }
  const sim = await startSimulator({ port: 0, fixture })
  try {
    const first = await runCli(['doctor', seed, '--target', sim.url, '--json', ...now], { env: simEnv })
    assert.is(first.code, 0, first.stdout + first.stderr)
    const r = await runCli(['doctor', seed, '--target', sim.url, '--json', ...now], { env: simEnv })
    assert.is(r.code, 3, r.stdout + r.stderr)
    const login = (JSON.parse(r.stdout) as DoctorJson).checks.find((c) => c.id === 'login')!
    assert.is(login.status, 'fail')
    // Under a second after the first run the simulator rounds the rest of the hour up to a whole hour.
    assert.match(login.message, /rate limit: .*code 1965: This API cannot be run again for another (59 minutes and \d+ seconds|1 hour, 0 minutes and 0 seconds)/)
    assert.match(login.help ?? '', /^Qualys limits API calls per subscription; wait (1 h|60 min|59 min) \(until about \d\d:\d\d UTC\)/)
    assert.not.match(`${login.message} ${login.help}`, /password|EULA/)
  } finally {
    await sim.stop()
  }
})

/** A second account (the fixture's Globex subscription, EU2) with its own variable, as `init` would name it. */
const globexSpec = (text: string) =>
  text
    .replace('site: acme-prod', 'site: globex')
    .replace('username: acme3ab1', 'username: globx5gh1')
    .replace('password: { env: QUALYS_PASSWORD }', 'password: { env: GLOBEX_QUALYS_PASSWORD }')
    .replace(/optionProfile: 240981.*$/m, 'optionProfile: 51451401')

doctor('several specs: one block per account in the order given, the worst exit code, `{ ok, specs }` with --json', async () => {
  const globex = join(dir, 'globex.yaml')
  writeFileSync(globex, globexSpec(seedText))
  const env = { ...simEnv, GLOBEX_QUALYS_PASSWORD: globexUser.password }
  const human = await runCli(['doctor', seed, globex, '--target', 'sim', ...now], { env })
  assert.is(human.code, 0, human.stdout + human.stderr)
  const blocks = human.stdout.split('\n\n')
  assert.is(blocks.length, 2, human.stdout)
  assert.match(blocks[0]!, /^scanplan doctor .*seed-azure-org\.yaml\n/)
  assert.match(blocks[0]!, /✓ login +as acme3ab1 on the API server/)
  assert.match(blocks[1]!, /^scanplan doctor .*globex\.yaml\n/)
  assert.match(blocks[1]!, /✓ spec +1 connector for globx5gh1 \(site globex\)/)
  assert.match(blocks[1]!, /✓ platform +EU2: /)
  assert.match(blocks[1]!, /✓ option-profiles +found id 51451401/)
  assert.match(human.stderr, /2 specs checked: 2 ok/)

  // One account's password is wrong: that block fails its login, the other passes; exit 3 (only a login failed).
  const json = await runCli(['doctor', '--json', seed, globex, '--target', 'sim', ...now], { env: { ...env, GLOBEX_QUALYS_PASSWORD: 'wrong' } })
  assert.is(json.code, 3, json.stdout + json.stderr)
  const out = JSON.parse(json.stdout) as { ok: boolean; specs: (DoctorJson & { spec: string })[] }
  assertMatchesSchema(out, 'doctor')
  assert.is(out.ok, false)
  assert.equal(out.specs.map((s) => [s.spec, s.ok]), [[seed, true], [globex, false]])
  assert.is(status(out.specs[1]!).login, 'fail')
  assert.is(status(out.specs[0]!).login, 'ok')

  // A spec that does not compile besides a failed login: input problems win (exit 1).
  const broken = join(dir, 'broken.yaml')
  writeFileSync(broken, seedText.replace('  auth: session ', '  auht: session '))
  const mixed = await runCli(['doctor', '--json', broken, globex, '--target', 'sim', ...now], { env: { ...env, GLOBEX_QUALYS_PASSWORD: 'wrong' } })
  assert.is(mixed.code, 1, mixed.stdout + mixed.stderr)
  assert.equal((JSON.parse(mixed.stdout) as { specs: DoctorJson[] }).specs.map((s) => s.checks[0]!.status), ['fail', 'ok'])
})

doctor('specs that extend a base file: the base is read, one block per customer account', async () => {
  const customers = ['acme', 'globex'].map((c) => join(examples, `mssp/customers/${c}.yaml`))
  const r = await runCli(['doctor', '--offline', '--json', ...customers], { env: { ACME_QUALYS_PASSWORD: 'x', ACME_AZURE_SECRET: 'y', GLOBEX_QUALYS_PASSWORD: 'x', GLOBEX_AZURE_SECRET: 'y' } })
  assert.is(r.code, 0, r.stderr)
  const json = JSON.parse(r.stdout)
  assert.equal(json.specs.map((s: { checks: { id: string; status: string }[] }) => s.checks.find((c) => c.id === 'spec')?.status), ['ok', 'ok'])
})

doctor.run()
