import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { AuthError, SecretError } from '@scanplan/core/adapters'
import { applySpecs, planSpecs } from './spec-run.js'
import { companies, companyPassword, fiveSubscriptionsFixture } from './test-fixtures/five-subscriptions.js'
import { capture, captured, countingTransport, poolFor, secretsIn, simulator, transportFor } from './test-fixtures/harness.js'
import { azureAppSecret } from '@scanplan/test-support/simulator-credentials'

const example = readFileSync(fileURLToPath(new URL('../../../examples/acme-azure-org.yaml', import.meta.url)), 'utf8')
const fixture = fiveSubscriptionsFixture('spec-pw')
/** The bundled example spec, moved to another account and connector name; the title is resolved online. */
const specFor = (company: string, n: number) =>
  example
    .replace('username: acme3ab1', `username: ${company}3ab1`)
    .replace('password: { env: QUALYS_PASSWORD }', `password: { env: PW_${company.toUpperCase()} }`)
    .replace('name: "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "', `name: "${company} tenant ${n}"`)
    .replace('optionProfile: 240981', 'optionProfile: "Initial Options"')
const env = { AZURE_APP_SECRET: azureAppSecret, ...Object.fromEntries(companies.map((c) => [`PW_${c.toUpperCase()}`, companyPassword(c, 'spec-pw')])) }

const t = suite('planSpecs / applySpecs')

t('50 spec files over 5 accounts: titles resolved, applied in parallel, never more than 2 calls at once per subscription', async () => {
  const sim = await simulator({ fixture, faults: { latencyMs: 15 } })
  const counting = countingTransport(transportFor())
  const pool = poolFor(sim.url, counting.transport)
  const specs = companies.flatMap((company) => Array.from({ length: 10 }, (_, n) => ({ file: `${company}-${n}.yaml`, text: specFor(company, n) })))
  const now = new Date('2026-06-01T00:00:00Z')
  try {
    const planned = await planSpecs(specs, pool, { secretsOf: secretsIn(env), now })
    capture(planned.map(({ client: _, ...rest }) => rest))
    assert.ok(planned.every((p) => p.error === undefined && p.plan?.changes[0]?.action === 'create'), planned.find((p) => p.error)?.error)
    assert.ok(planned.every((p) => (p.requests[0]!.body.connectorScanConfig as { optionProfileId: number }).optionProfileId === 240981))
    const applied = await applySpecs(planned, { secretsOf: secretsIn(env) })
    capture(applied.map(({ client: _, ...rest }) => rest))
    assert.is(applied.flatMap((a) => a.applied ?? []).filter((c) => c.result.status === 'created').length, 50)
    const counters = sim.admin.counters().subscriptions
    for (const [i, company] of companies.entries()) {
      const c = counters[String(5000 + i)]!
      assert.is(c.connectorCreates, 10)
      assert.is(c.logins, 1, 'one session per account, however many specs')
      assert.ok(c.v2MaxConcurrent <= 2)
      assert.ok(counting.max.get(`${company}3ab1`)! <= 2, `${company}: ${counting.max.get(`${company}3ab1`)} calls at once`)
    }
    assert.ok(counting.overallMax() > 2, 'accounts ran in parallel')
    const again = await planSpecs(specs, pool, { secretsOf: secretsIn(env), now })
    assert.ok(again.every((p) => p.plan?.changes.every((c) => c.action === 'noop')))
  } finally {
    await pool.closeAll()
    assert.ok(Object.values(sim.admin.counters().subscriptions).every((c) => c.logouts === c.logins), 'every session logged out')
    await sim.stop()
  }
})

t('a missing secret stops that spec with the variable named, and no value anywhere', async () => {
  const sim = await simulator({ fixture })
  const pool = poolFor(sim.url, transportFor())
  try {
    const [planned] = await planSpecs([{ file: 'alpha.yaml', text: specFor('alpha', 1) }], pool, { secretsOf: secretsIn({}), now: new Date('2026-06-01T00:00:00Z') })
    assert.is(planned!.failure, 'input')
    assert.is(planned!.error, 'source.password: the environment variable PW_ALPHA is not set', 'the reader\'s message, as it said it')
    assert.instance(planned!.cause, SecretError, 'the error as thrown travels with the plan')
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
})

t('a refused login: failure `auth`, and the AuthError with its HTTP status as the cause', async () => {
  const sim = await simulator({ fixture })
  const wrong = { ...env, PW_ALPHA: 'not-the-password' }
  const pool = poolFor(sim.url, transportFor())
  try {
    const [planned] = await planSpecs([{ file: 'alpha.yaml', text: specFor('alpha', 1) }], pool, { secretsOf: secretsIn(wrong), now: new Date('2026-06-01T00:00:00Z') })
    assert.is(planned!.failure, 'auth')
    assert.instance(planned!.cause, AuthError)
    assert.ok([401, 403].includes((planned!.cause as AuthError).status), `status ${(planned!.cause as AuthError).status}`)
    assert.not.ok(planned!.error!.includes('not-the-password'))
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
})

t('no credential appears in anything these runs reported', () => {
  const text = captured.join('\n')
  for (const secret of Object.values(env)) assert.not.ok(text.includes(secret))
})

t.run()
