import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator } from '@scanplan/qualys-sim'
import { runCli } from './test-support/run-cli.js'
import { assertMatchesSchema } from './test-support/json-schema.js'
import { named, seedSpec, simEnv, specDir } from './test-support/plan-apply-specs.js'

// `--format` on compile, plan and apply, as a subprocess prints it (docs/cli.md#output-formats). The renderers'
// own tests (@scanplan/report) check the Markdown, the escaping and SARIF against the official schema in detail.

const t = suite('--format')
const now = '2026-11-22T09:00:00Z'
/** A spec with one mistake: a misspelled key on a known line. */
const broken = seedSpec.replace('description: Testing Org', 'descripton: Testing Org')
const brokenLine = broken.slice(0, broken.indexOf('descripton')).split('\n').length

t('plan --format markdown: the plan as a Markdown table on stdout, for a job summary', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': named('Acme markdown') })
    const r = await runCli(['plan', 'acme.yaml', '--target', sim.url, '--now', now, '--format', 'markdown'], { cwd: dir, env: simEnv })
    assert.is(r.code, 0, r.stderr)
    assert.ok(r.stdout.startsWith('### scanplan plan\n\n**Plan: 1 to create, 0 to update, 0 unchanged.**\n\n| action | connector | id | spec | fields |\n'), r.stdout)
    assert.match(r.stdout, /\n\| create \| `Acme markdown` \|  \| `acme\.yaml` \| \d+ \|\n/)
    assert.match(r.stdout, /\| `secretValue` \|  \| `"\(sensitive\)"` \|/)
    assert.not.match(r.stdout, /\u001b\[/, 'no colour codes')
  } finally {
    await sim.stop()
  }
})

t('plan --format github: the text plan, then one ::error workflow command per diagnostic on its line', async () => {
  const dir = specDir({ 'acme.yaml': broken })
  const r = await runCli(['plan', 'acme.yaml', '--target', 'sim', '--now', now, '--format', 'github'], { cwd: dir, env: simEnv })
  assert.is(r.code, 1, r.stderr)
  assert.ok(
    r.stdout.includes(`::error title=SPEC002%3A unknown or duplicate key,file=acme.yaml,line=${brokenLine},endLine=${brokenLine},col=5,endColumn=14::unknown key \`descripton\` at \`connectors[0].descripton\`%0Ahelp: did you mean \`description\`?%0Adocs: https://github.com/scanplan/scanplan/blob/main/docs/spec.md#spec002\n`),
    r.stdout,
  )
  assert.match(r.stderr, /error\[SPEC002\]/, 'the rendered diagnostic stays on stderr for the log')
})

t('plan --format sarif: one SARIF 2.1.0 log, the diagnostic at its line; compile --format sarif the same', async () => {
  const dir = specDir({ 'acme.yaml': broken })
  for (const args of [['plan', 'acme.yaml', '--target', 'sim'], ['compile', 'acme.yaml']]) {
    const r = await runCli([...args, '--now', now, '--format', 'sarif'], { cwd: dir, env: simEnv })
    assert.is(r.code, 1, r.stderr)
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }
    assert.is(log.version, '2.1.0')
    assert.is(log.runs[0]!.tool.driver.name, 'scanplan')
    assert.equal(log.runs[0]!.results.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region.startLine]), [['SPEC002', 'acme.yaml', brokenLine]])
  }
})

t('apply --format json carries scanplan.apply/1; compile --format json scanplan.compile/1', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': named('Acme formats') })
    const applied = await runCli(['apply', 'acme.yaml', '--target', sim.url, '--now', now, '--format', 'json', '--yes'], { cwd: dir, env: simEnv })
    assert.is(applied.code, 0, applied.stderr)
    const document = JSON.parse(applied.stdout) as { format: string; changes: { result: { status: string } }[] }
    assertMatchesSchema(document, 'plan')
    assert.is(document.format, 'scanplan.apply/1')
    assert.equal(document.changes.map((c) => c.result.status), ['created'])
    const compiled = await runCli(['compile', 'acme.yaml', '--now', now, '--format', 'json'], { cwd: dir })
    assert.is((JSON.parse(compiled.stdout) as { format: string }).format, 'scanplan.compile/1')
  } finally {
    await sim.stop()
  }
})

t('compile --format markdown and github', async () => {
  const dir = specDir({ 'acme.yaml': seedSpec, 'broken.yaml': broken })
  const md = await runCli(['compile', 'acme.yaml', '--now', now, '--format', 'markdown'], { cwd: dir })
  assert.is(md.code, 0, md.stderr)
  assert.ok(md.stdout.startsWith('### scanplan compile\n\n**1 request.**\n\n`POST /connectors/v1.0/org/azure/` for `AAAAAAAAAADELeeeeeeEEEEETE API Test 1 `\n\n```json\n{\n'), md.stdout)
  assert.match(md.stdout, /"secretValue": "\*\*\*"/)
  const gh = await runCli(['compile', 'broken.yaml', '--now', now, '--format', 'github'], { cwd: dir })
  assert.is(gh.code, 1)
  assert.match(gh.stdout, new RegExp(`^::error title=SPEC002%3A unknown or duplicate key,file=broken\\.yaml,line=${brokenLine},`, 'm'))
})

t('an error under --format json (or --json) is one JSON document on stdout, and the text error on stderr', async () => {
  const dir = specDir({})
  for (const args of [['plan', 'missing.yaml', '--format', 'json'], ['compile', '--json', 'missing.yaml'], ['plan', '--format=json', '--bogus', 'x.yaml']]) {
    const r = await runCli(args, { cwd: dir })
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    const document = JSON.parse(r.stdout) as { format: string; error: { message: string; exitCode: number } }
    assertMatchesSchema(document, 'error')
    assert.is(document.error.exitCode, 2)
    assert.match(r.stderr, /^error: /)
  }
  const unreachable = await runCli(['plan', 'acme.yaml', '--target', 'sim', '--format', 'json'], { cwd: specDir({ 'acme.yaml': seedSpec }), env: { ...simEnv, QUALYS_PASSWORD: 'wrong' } })
  assert.is(unreachable.code, 3)
  const plan = JSON.parse(unreachable.stdout) as { format: string; ok: boolean; diagnostics: { code: string }[] }
  assert.equal([plan.format, plan.ok, plan.diagnostics.at(-1)!.code], ['scanplan.plan/1', false, 'QUALYS-AUTH'], 'a plan that reached no account is still the plan document')
})

t('a wrong --format, or --json with another format, is a usage error that names the choices', async () => {
  const bad = await runCli(['compile', 'x.yaml', '--format', 'xml'])
  assert.is(bad.code, 2)
  assert.match(bad.stderr, /error: `--format xml` is not an output format\nhelp: write one of `--format text`, `--format json`, `--format markdown`, `--format github`, `--format sarif`/)
  const both = await runCli(['plan', 'x.yaml', '--json', '--format', 'markdown'])
  assert.is(both.code, 2)
  assert.match(both.stderr, /`--json` and `--format markdown` ask for two formats/)
})

t.run()
