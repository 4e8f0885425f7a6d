import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { runCli, type CliResult } from '../test-support/run-cli.js'
import { named, seedSpec, simEnv, specDir } from '../test-support/plan-apply-specs.js'
import { globex as globexUser, initech as initechUser } from '@scanplan/test-support/simulator-credentials'

const outputs: CliResult[] = []
async function cli(args: string[], options: Parameters<typeof runCli>[1] = {}) {
  const result = await runCli(args, options)
  outputs.push(result)
  return result
}

/** Three accounts of the default fixture: acme (good), globex (a wrong password in its own variable), initech. */
const acme = named('Acme tenant')
const globex = named('Globex tenant', seedSpec)
  .replace('site: acme-prod', 'site: globex')
  .replace('username: acme3ab1', 'username: globx5gh1')
  .replace('password: { env: QUALYS_PASSWORD }', 'password: { env: GLOBEX_QUALYS_PASSWORD }')
  .replace('optionProfile: 240981', 'optionProfile: "Standard Perimeter"')
const initech = named('Initech tenant', seedSpec)
  .replace('site: acme-prod', 'site: initech')
  .replace('username: acme3ab1', 'username: initc2pl1')
  .replace('password: { env: QUALYS_PASSWORD }', 'password: { env: INITECH_QUALYS_PASSWORD }')
  .replace('optionProfile: 240981', 'optionProfile: 880001')
const env = { ...simEnv, GLOBEX_QUALYS_PASSWORD: 'not-globex-s-password', INITECH_QUALYS_PASSWORD: initechUser.password }
const connectorsOf = (sim: RunningSimulator, id: string) => sim.admin.state().subscriptions.find((s) => String(s.id) === id)!.connectors

const t = suite('plan/apply --keep-going')

t('without --keep-going one refused login applies nothing anywhere (exit 3), as before', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': acme, 'globex.yaml': globex })
    const result = await cli(['apply', '--yes', 'acme.yaml', 'globex.yaml', '--target', sim.url], { cwd: dir, env })
    assert.is(result.code, 3, result.stderr)
    assert.match(result.stderr, /nothing was applied/)
    assert.is(connectorsOf(sim, '1003451').length, 0)
    assert.not.match(result.stdout, /Accounts:/)
  } finally {
    await sim.stop()
  }
})

t('apply --keep-going: the good account is applied, the refused one is listed with its reason; exit 3', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': acme, 'globex.yaml': globex })
    const result = await cli(['apply', '--yes', '--keep-going', 'globex.yaml', 'acme.yaml', '--target', sim.url], { cwd: dir, env })
    assert.is(result.code, 3, result.stderr)
    assert.equal(connectorsOf(sim, '1003451').map((c) => c.name), ['Acme tenant'])
    assert.is(connectorsOf(sim, '2007712').length, 0)
    assert.match(result.stdout, /Apply: 1 created, 0 updated, 0 unchanged, 0 failed\./)
    assert.match(result.stdout, /Accounts: 1 applied, 1 not applied \(--keep-going\)\./)
    // In the order the specs were given, each with what it got or why not.
    assert.match(result.stdout, /✗ globex \(globx5gh1\): not applied: globex\.yaml: .*\[globex\.yaml\]\n {2}✓ acme-prod \(acme3ab1\): 1 created, 0 updated, 0 unchanged, 0 failed \[acme\.yaml\]/)
    assert.match(result.stderr, /error: globex\.yaml: /)
    const counters = sim.admin.counters().subscriptions
    assert.is(counters['1003451']!.logins, counters['1003451']!.logouts, 'every session was logged out')
  } finally {
    await sim.stop()
  }
})

t('apply --keep-going --json: accounts with their status; a compile error holds only its own account (exit 1)', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const broken = initech.replace('daily at 12:00 Asia/Colombo', 'daily at 25:00 Asia/Colombo')
    const dir = specDir({ 'acme.yaml': acme, 'initech.yaml': broken, 'acme-2.yaml': named('Acme second tenant') })
    const result = await cli(['apply', '--json', '--yes', '--keep-going', 'acme.yaml', 'initech.yaml', 'acme-2.yaml', '--target', sim.url], { cwd: dir, env })
    assert.is(result.code, 1, result.stderr)
    const out = JSON.parse(result.stdout)
    assert.is(out.ok, false)
    assert.equal(
      out.accounts.map((a: { site: string; files: string[]; status: string }) => [a.site, a.files, a.status]),
      [
        ['acme-prod', ['acme.yaml', 'acme-2.yaml'], 'applied'],
        ['initech', ['initech.yaml'], 'not-applied'],
      ],
    )
    assert.match(out.accounts[1].reason, /^initech\.yaml: /)
    assert.equal(out.changes.filter((c: { result?: { status: string } }) => c.result?.status === 'created').length, 2)
    assert.ok(out.diagnostics.some((d: { severity: string; file: string }) => d.severity === 'error' && d.file === 'initech.yaml'))
    assert.is(connectorsOf(sim, '1003451').length, 2)
    assert.is(connectorsOf(sim, '3000418').length, 0)
  } finally {
    await sim.stop()
  }
})

t('two specs of one account: one failing holds both back; an account whose create Qualys refuses is listed as failed', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const missingSecret = named('Acme second tenant').replace('secret: { env: AZURE_APP_SECRET }', 'secret: { env: ACME_SECOND_AZURE_SECRET }')
    // The default fixture's initech subscription has no VM module, so Qualys refuses its Cloud Perimeter Scan.
    const dir = specDir({ 'acme.yaml': acme, 'acme-2.yaml': missingSecret, 'globex.yaml': globex, 'initech.yaml': initech })
    const goodGlobex = { ...env, GLOBEX_QUALYS_PASSWORD: globexUser.password }
    const result = await cli(['apply', '--yes', '--keep-going', 'acme.yaml', 'acme-2.yaml', 'globex.yaml', 'initech.yaml', '--target', sim.url], { cwd: dir, env: goodGlobex })
    assert.is(result.code, 1, result.stderr)
    assert.match(result.stdout, /Accounts: 1 applied, 1 with failed changes, 1 not applied \(--keep-going\)\./)
    assert.match(result.stdout, /✗ acme-prod \(acme3ab1\): not applied: acme-2\.yaml: .*ACME_SECOND_AZURE_SECRET.*\[acme\.yaml, acme-2\.yaml\]/)
    assert.match(result.stdout, /✓ globex \(globx5gh1\): 1 created, 0 updated, 0 unchanged, 0 failed \[globex\.yaml\]/)
    assert.match(result.stdout, /✗ initech \(initc2pl1\): 0 created, 0 updated, 0 unchanged, 1 failed \[initech\.yaml\]\n +connector "Initech tenant": .*VM module/)
    assert.is(connectorsOf(sim, '1003451').length, 0)
    assert.is(connectorsOf(sim, '2007712').length, 1)
    assert.is(connectorsOf(sim, '3000418').length, 0)
  } finally {
    await sim.stop()
  }
})

t('plan --keep-going --out saves the accounts that planned; applying that file creates only theirs', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': acme, 'globex.yaml': globex })
    const plan = await cli(['plan', '--keep-going', '--out', 'fleet.plan', 'acme.yaml', 'globex.yaml', '--target', sim.url], { cwd: dir, env })
    assert.is(plan.code, 3, plan.stderr)
    assert.match(plan.stdout, /Plan: 1 to create, 0 to update, 0 unchanged\./)
    assert.match(plan.stdout, /Accounts: 1 planned, 1 not planned \(--keep-going\)\./)
    assert.match(plan.stderr, /the plan leaves out the accounts that could not be planned \(globex\.yaml\)/)
    assert.ok(existsSync(join(dir, 'fleet.plan')))
    assert.equal(JSON.parse(readFileSync(join(dir, 'fleet.plan'), 'utf8')).specs.map((s: { file: string }) => s.file), ['acme.yaml'])
    const apply = await cli(['apply', '--yes', 'fleet.plan', '--target', sim.url], { cwd: dir, env })
    assert.is(apply.code, 0, apply.stderr)
    assert.equal(connectorsOf(sim, '1003451').map((c) => c.name), ['Acme tenant'])

    const without = await cli(['plan', '--out', 'all.plan', 'acme.yaml', 'globex.yaml', '--target', sim.url], { cwd: dir, env })
    assert.is(without.code, 3)
    assert.match(without.stderr, /all\.plan was not written: the plan has errors/)
    assert.not.ok(existsSync(join(dir, 'all.plan')))
  } finally {
    await sim.stop()
  }
})

t('no credential appears in any output of these runs', () => {
  const text = outputs.map((o) => o.stdout + o.stderr).join('\n')
  for (const secret of [simEnv.QUALYS_PASSWORD!, simEnv.AZURE_APP_SECRET!, env.GLOBEX_QUALYS_PASSWORD, env.INITECH_QUALYS_PASSWORD]) assert.not.ok(text.includes(secret))
})

t.run()
