import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { readSimEnv } from '@scanplan/test-support/sim-env'

// The Action's entry point run exactly as the runner runs it (`node apps/action/dist/index.cjs`, action.yml's
// `runs.main`): inputs as INPUT_* variables (the name upper-cased, hyphens kept), the job summary and the outputs as
// the files GITHUB_STEP_SUMMARY and GITHUB_OUTPUT name, annotations as workflow commands on stdout, against the
// simulator over loopback.

const entry = fileURLToPath(new URL('../dist/index.cjs', import.meta.url))
const examples = new URL('../../../examples/', import.meta.url)
const seedSpec = readFileSync(new URL('acme-azure-org.yaml', examples), 'utf8')
const simEnv = readSimEnv()

interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  summary: string
  outputs: Record<string, string>
}

/** GitHub's GITHUB_OUTPUT format, as @actions/core writes it: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const pattern = /^([\w-]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n?\2$/gm
  for (const m of text.matchAll(pattern)) outputs[m[1]!] = m[3]!
  assert.is(text.replace(pattern, '').trim(), '', `only heredoc entries in GITHUB_OUTPUT:\n${text}`)
  return outputs
}

function runAction(workspace: string, inputs: Record<string, string>): Promise<ActionRun> {
  const summaryFile = join(workspace, '.summary.md')
  const outputFile = join(workspace, '.outputs')
  writeFileSync(summaryFile, '')
  writeFileSync(outputFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TZ: 'UTC',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    ...simEnv,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value])),
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr, summary: readFileSync(summaryFile, 'utf8'), outputs: parseOutputs(readFileSync(outputFile, 'utf8')) }))
  })
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'scanplan-action-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const t = suite('the Action, run as the runner runs it')
let sim: RunningSimulator
t.before.each(async () => {
  sim = await startSimulator({ port: 0 })
})
t.after.each(async () => {
  await sim.stop()
})

t('plan: the plan as Markdown in the job summary, the counts and the saved plan as outputs; apply applies that plan', async () => {
  const dir = workspace({ 'acme.yaml': seedSpec })
  const planned = await runAction(dir, { command: 'plan', specs: '*.yaml', target: sim.url, 'plan-file': 'acme.plan' })
  assert.is(planned.code, 0, planned.stderr + planned.stdout)
  assert.match(planned.summary, /^### scanplan plan\n\n\*\*Plan: 1 to create, 0 to update, 0 unchanged\.\*\*\n/)
  assert.match(planned.summary, '| create | `AAAAAAAAAADELeeeeeeEEEEETE API Test 1 ` |  | `acme.yaml` |')
  assert.match(planned.summary, '<details><summary>create <code>AAAAAAAAAADELeeeeeeEEEEETE API Test 1 </code>')
  for (const secret of Object.values(simEnv)) {
    assert.not.ok(planned.summary.includes(secret), 'no secret in the summary')
    assert.not.ok(planned.stdout.includes(secret) || planned.stderr.includes(secret), 'no secret in the log')
  }
  assert.equal(planned.outputs, { 'exit-code': '0', changes: '1', creates: '1', updates: '0', 'plan-file': 'acme.plan' })
  assert.is(statSync(join(dir, 'acme.plan')).mode & 0o777, 0o600)
  assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 0, 'plan changes nothing')

  const applied = await runAction(dir, { command: 'apply', target: sim.url, 'plan-file': 'acme.plan' })
  assert.is(applied.code, 0, applied.stderr + applied.stdout)
  assert.match(applied.summary, /^### scanplan apply\n\n\*\*Apply: 1 created, 0 updated, 0 unchanged, 0 failed\.\*\*\n/)
  assert.equal(applied.outputs, { 'exit-code': '0', changes: '1', creates: '1', updates: '0', 'plan-file': '' })
  assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 1)

  // Planned again, nothing is left to do; `detailed-exitcode` exits 0 then, and 4 (a failed step) once a change appears.
  const again = await runAction(dir, { command: 'plan', specs: 'acme.yaml', target: sim.url, 'detailed-exitcode': 'true' })
  assert.is(again.code, 0, again.stderr + again.stdout)
  assert.match(again.summary, '**Plan: 0 to create, 0 to update, 1 unchanged.**')
  writeFileSync(join(dir, 'acme.yaml'), seedSpec.replace('description: Testing Org', 'description: Reviewed change'))
  const drift = await runAction(dir, { command: 'plan', specs: 'acme.yaml', target: sim.url, 'detailed-exitcode': 'true' })
  assert.is(drift.code, 4, drift.stderr + drift.stdout)
  assert.equal([drift.outputs.changes, drift.outputs.updates, drift.outputs['exit-code']], ['1', '1', '4'])
  assert.match(drift.stdout, /^::error::scanplan plan: 1 change to apply \(detailed-exitcode: exit 4 means the plan has changes\)$/m)
})

t('apply without a saved plan plans the specs and applies them', async () => {
  const dir = workspace({ 'acme.yaml': seedSpec })
  const applied = await runAction(dir, { command: 'apply', specs: 'acme.yaml', target: sim.url })
  assert.is(applied.code, 0, applied.stderr + applied.stdout)
  assert.equal([applied.outputs.changes, applied.outputs.creates], ['1', '1'])
  assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 1)
})

t('a broken spec: an ::error annotation on its line and column, the diagnostics in the summary, exit 1, nothing saved', async () => {
  const dir = workspace({ 'good.yaml': seedSpec.replace('name: "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "', 'name: Other'), 'broken.yaml': seedSpec.replace('daily at 12:00', 'daily at 25:00') })
  const run = await runAction(dir, { command: 'plan', specs: 'good.yaml\nbroken.yaml', target: sim.url, 'plan-file': 'all.plan' })
  assert.is(run.code, 1, run.stderr + run.stdout)
  // examples/acme-azure-org.yaml line 34: `      schedule: daily at 25:00 ...`, the time at columns 26-30.
  assert.match(run.stdout, /^::error title=DSL020%3A invalid time,file=broken\.yaml,line=34,endLine=34,col=26,endColumn=30::invalid time `25:00`%0Ahelp: write a time from 00:00 to 23:59, or 1-12 with am\/pm%0Adocs: https:\/\/github\.com\/scanplan\/scanplan\/blob\/main\/docs\/schedule-language\.md#dsl020$/m)
  assert.match(run.stdout, /^::error::scanplan plan: exit 1 \(.*\); 1 error, annotated on the specs and listed in the job summary$/m)
  assert.match(run.summary, '**The plan has errors: nothing can be applied until they are fixed.**')
  assert.match(run.summary, '- **error** [DSL020](https://github.com/scanplan/scanplan/blob/main/docs/schedule-language.md#dsl020) `broken.yaml:34:26`: invalid time \\`25:00\\`')
  assert.equal([run.outputs['exit-code'], run.outputs['plan-file']], ['1', ''])
  assert.throws(() => statSync(join(dir, 'all.plan')), /ENOENT/)
})

t('wrong inputs fail the step with exit 2 and say which input and how to fix it, before any call', async () => {
  const dir = workspace({ 'acme.yaml': seedSpec })
  const wrongCommand = await runAction(dir, { command: 'destroy', specs: 'acme.yaml' })
  assert.is(wrongCommand.code, 2)
  assert.match(wrongCommand.stdout, /^::error::scanplan: the input `command` is `destroy`: write `plan` or `apply`$/m)
  const noMatch = await runAction(dir, { specs: 'spec/*.yaml', target: sim.url })
  assert.is(noMatch.code, 2)
  assert.match(noMatch.stdout, /^::error::scanplan: the specs pattern `spec\/\*\.yaml` matches no file in /m)
  const noSpecs = await runAction(dir, { command: 'plan' })
  assert.is(noSpecs.code, 2)
  assert.match(noSpecs.stdout, /give the input `specs`/)
  const both = await runAction(dir, { command: 'apply', specs: 'acme.yaml', 'plan-file': 'acme.plan' })
  assert.is(both.code, 2)
  assert.match(both.stdout, /^::error::scanplan: `command: apply` takes `specs` or `plan-file`, not both/m)
  const detailedApply = await runAction(dir, { command: 'apply', specs: 'acme.yaml', 'detailed-exitcode': 'true' })
  assert.is(detailedApply.code, 2)
  assert.match(detailedApply.stdout, /^::error::scanplan: `detailed-exitcode` is for `command: plan`/m)
  assert.is(sim.admin.counters().totals.requests, 0, 'no call to Qualys')
})

t('a CLI error (a spec that cannot be read) fails the step with the CLI message and exit code', async () => {
  const dir = workspace({})
  const run = await runAction(dir, { specs: 'missing.yaml', target: sim.url })
  assert.is(run.code, 2, run.stderr + run.stdout)
  assert.match(run.stdout, /^::error::scanplan plan: .*missing\.yaml/m)
  assert.is(run.outputs['exit-code'], '2')
})

t.run()
