import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { assertMatchesSchema } from '../test-support/json-schema.js'
import { runCli } from '../test-support/run-cli.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

const root = new URL('../../../../', import.meta.url).pathname
const seed = 'examples/seed-azure-org.yaml'
const now = ['--now', '2026-11-22T12:00:00Z']
const compile = suite('scanplan compile')

compile('the seed example: method, path and body on stdout, secrets as ***, warnings on stderr, exit 0', async () => {
  const r = await runCli(['compile', seed, ...now], { cwd: root, env: { AZURE_APP_SECRET: 'never-printed-1', QUALYS_PASSWORD: 'never-printed-2' } })
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, /^# examples\/seed-azure-org.yaml: "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 " \(US3 gateway https:\/\/gateway.qg3.apps.qualys.com\)\nPOST \/connectors\/v1.0\/org\/azure\/\n\{/)
  assert.match(r.stdout, /"secretValue": "\*\*\*"/)
  assert.match(r.stdout, /"optionProfileId": 240981/)
  assert.match(r.stderr, /warning\[SPEC060\]/)
  assert.match(r.stderr, /--> examples\/seed-azure-org.yaml:18:19/)
  assert.not.match(r.stdout + r.stderr, /never-printed/)
})

compile('--json: the documented shape, the seed body in the seed key order', async () => {
  const r = await runCli(['compile', '--json', seed, ...now], { cwd: root })
  assert.is(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { ok: boolean; requests: { body: Record<string, unknown> }[] }
  assertMatchesSchema(out, 'compile')
  const golden = JSON.parse(readFileSync(`${root}packages/core/src/spec/test-fixtures/seed-create-request.json`, 'utf8')) as Record<string, unknown>
  assert.equal(out.requests[0]!.body, { ...golden, secretValue: '***' })
  assert.equal(Object.keys(out.requests[0]!.body), Object.keys(golden))
})

compile('--op update --id N: a PUT to the connector', async () => {
  const r = await runCli(['compile', '--json', '--op', 'update', '--id', '186015', seed, ...now], { cwd: root })
  assert.is(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { requests: { method: string; path: string }[] }
  assert.equal([out.requests[0]!.method, out.requests[0]!.path], ['PUT', '/connectors/v1.0/org/azure/186015/'])
})

compile('bad operation flags are usage errors (exit 2)', async () => {
  for (const args of [['--op', 'update'], ['--op', 'update', '--id', 'abc'], ['--id', '5'], ['--op', 'delete']]) {
    const r = await runCli(['compile', seed, ...args], { cwd: root })
    assert.is(r.code, 2, args.join(' '))
    assert.match(r.stderr, /^error: /)
  }
  const missing = await runCli(['compile', 'no-such-spec.yaml'], { cwd: root })
  assert.is(missing.code, 2)
  assert.match(missing.stderr, /cannot read `no-such-spec.yaml`: no such file/)
})

compile('a title without --profiles fails with a caret in the file; with --profiles it compiles', async () => {
  const without = await runCli(['compile', 'examples/daily-azure-org.yaml', ...now], { cwd: root })
  assert.is(without.code, 1)
  assert.is(without.stdout, '')
  assert.match(without.stderr, /error\[SPEC045\]: option profile `Initial Options` is a title: its id must be resolved online/)
  assert.match(without.stderr, /--> examples\/daily-azure-org.yaml:\d+:22 \(connectors\[0\]\.perimeterScan\.optionProfile\)/)
  const withProfiles = await runCli(['compile', '--json', 'examples/daily-azure-org.yaml', '--profiles', 'examples/profiles.yaml', ...now], { cwd: root })
  assert.is(withProfiles.code, 0, withProfiles.stderr)
  assert.match(withProfiles.stdout, /"optionProfileId": 240981/)
})

compile('--profiles keyed by site: each spec gets the ids of its own account; a site without a section is named', async () => {
  const globex = readFileSync(join(root, 'examples/daily-azure-org.yaml'), 'utf8').replace('site: contoso', 'site: globex')
  const dir = tempDir('profiles')
  writeFileSync(join(dir, 'globex.yaml'), globex)
  writeFileSync(join(dir, 'globexx.yaml'), globex.replace('site: globex', 'site: globexx'))
  const byProfiles = join(root, 'examples/profiles-by-site.yaml')
  const result = await runCli(['compile', '--json', join(root, 'examples/daily-azure-org.yaml'), 'globex.yaml', '--profiles', byProfiles, ...now], { cwd: dir })
  assert.is(result.code, 0, result.stderr)
  assert.equal(JSON.parse(result.stdout).requests.map((r: { body: { connectorScanConfig: { optionProfileId: number } } }) => r.body.connectorScanConfig.optionProfileId), [240981, 51451402])
  const missing = await runCli(['compile', 'globexx.yaml', '--profiles', byProfiles, ...now], { cwd: dir })
  assert.is(missing.code, 1)
  assert.match(missing.stderr, /error\[SPEC045\]: option profile `Initial Options` is a title, and the profiles file has no section for site `globexx`/)
  assert.match(missing.stderr, /help: did you mean site `globex`\?/)
  // Today's flat file still works for every spec.
  const flat = await runCli(['compile', '--json', 'globex.yaml', '--profiles', join(root, 'examples/profiles.yaml'), ...now], { cwd: dir })
  assert.is(flat.code, 0, flat.stderr)
  assert.match(flat.stdout, /"optionProfileId": 240981/)
})

compile('--zone gives phrases without a zone theirs; a bad --zone or --profiles file is reported', async () => {
  const text = readFileSync(`${root}${seed}`, 'utf8').replace(' Asia/Colombo', '')
  const r = await runCli(['compile', '--json', '--zone', 'europe/paris', '-', ...now], { cwd: root, stdin: text })
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, /"timezone": "Europe\/Paris"/)
  const badZone = await runCli(['compile', '--zone', 'Europe/Pariss', seed], { cwd: root })
  assert.is(badZone.code, 2)
  assert.match(badZone.stderr, /did you mean `Europe\/Paris`/)
  const badProfiles = await runCli(['compile', '--profiles', '-', 'examples/daily-azure-org.yaml'], { cwd: root, stdin: '"Initial Options": first\n' })
  assert.is(badProfiles.code, 1)
  assert.match(badProfiles.stderr, /error\[SPEC004\]: the id of option profile `Initial Options` is not a positive whole number/)
  assert.match(badProfiles.stderr, /error: `<stdin>` is not a usable profiles mapping/)
})

compile('several specs at once, from files and stdin; a schedule error points into the file', async () => {
  const broken = readFileSync(`${root}${seed}`, 'utf8').replace('Asia/Colombo', 'Asia/Colmbo')
  const r = await runCli(['compile', '--json', 'examples/global-scan.yaml', '-', ...now], { cwd: root, stdin: broken })
  assert.is(r.code, 1)
  const out = JSON.parse(r.stdout) as { ok: boolean; requests: { connector: string }[]; diagnostics: { code: string; file: string; path: string; severity: string }[] }
  assertMatchesSchema(out, 'compile')
  assert.is(out.ok, false)
  assert.equal(out.requests.map((x) => x.connector), ['Fabrikam tenant'])
  const error = out.diagnostics.find((d) => d.severity === 'error')!
  assert.equal([error.file, error.path], ['<stdin>', 'connectors[0].perimeterScan.schedule'])
  const human = await runCli(['compile', '-', ...now], { cwd: root, stdin: broken })
  assert.match(human.stderr, /--> <stdin>:34:32 \(connectors\[0\]\.perimeterScan\.schedule\)/)
  assert.match(human.stderr, /\^{11}/)
})

compile('an inline secret is rejected and not echoed in the rendered diagnostic', async () => {
  const text = readFileSync(`${root}${seed}`, 'utf8').replace('{ env: QUALYS_PASSWORD }', 'Hunter2Hunter2')
  const r = await runCli(['compile', '-', ...now], { cwd: root, stdin: text })
  assert.is(r.code, 1)
  assert.match(r.stderr, /error\[SPEC010\]: inline secret at `source.password`/)
  assert.not.match(r.stderr, /Hunter2/)
  assert.match(r.stderr, /password: \*{14}/)
})

compile.run()

const platform = suite('scanplan platform')

platform('a username: the platform and its URLs', async () => {
  const r = await runCli(['platform', 'acme3ab1'])
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, /^US3 \(platform identifier `3` in acme3ab1\)\n/)
  assert.match(r.stdout, /API server {2}https:\/\/qualysapi.qg3.apps.qualys.com/)
  assert.match(r.stdout, /gateway {5}https:\/\/gateway.qg3.apps.qualys.com/)
  assert.match(r.stdout, /UI {10}https:\/\/qualysguard.qg3.apps.qualys.com/)
})

platform('--json, and an unknown identifier is exit 1 with a caret under it', async () => {
  const r = await runCli(['platform', '--json', 'quays_ab1'])
  assert.is(r.code, 0)
  const out = JSON.parse(r.stdout) as unknown
  assertMatchesSchema(out, 'platform')
  assert.equal((out as { platform: unknown }).platform, { id: 'US1', identifier: '_', apiServer: 'https://qualysapi.qualys.com', gateway: 'https://gateway.qg1.apps.qualys.com', ui: 'https://qualysguard.qualys.com' })
  const bad = await runCli(['platform', 'acmeZab1'])
  assert.is(bad.code, 1)
  assert.match(bad.stderr, /error\[SPEC020\]: `Z` in username `acmeZab1` is not a Qualys platform identifier/)
  assert.match(bad.stderr, /acmeZab1\n.*\| {5}\^/)
  const badJson = await runCli(['platform', '--json', 'acmeZab1'])
  assert.is(badJson.code, 1)
  assertMatchesSchema(JSON.parse(badJson.stdout), 'platform')
  assert.is((await runCli(['platform'])).code, 2)
})

platform.run()

const schema = suite('scanplan schema')

schema('prints the JSON Schema that @scanplan/core ships', async () => {
  const r = await runCli(['schema'])
  assert.is(r.code, 0, r.stderr)
  assert.is(r.stdout, readFileSync(`${root}packages/core/schema.json`, 'utf8'))
  assert.is((await runCli(['schema', 'extra'])).code, 2)
})

schema.run()
