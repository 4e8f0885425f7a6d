import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { AuthError, type HttpRequest, type TransportEvent } from '@scanplan/core/adapters'
import { createOrgConnectorRequest, updateOrgConnectorRequest } from '@scanplan/core'
import { createOidcAuth } from '@scanplan/auth-oidc'
import { createQualysClient } from './client.js'
import { createConcurrencyLimit } from './concurrency-limit.js'
import { createRateBudget, type BudgetWait } from './rate-budget.js'
import { NoApiServerLoginError, OptionProfileNotFoundError } from './errors.js'
import { companies, companyPassword, fiveSubscriptionsFixture } from './test-fixtures/five-subscriptions.js'
import { seedBody } from './test-fixtures/org-connector.js'
import { acmeClient, capture, captured, countingTransport, fixtureWith, secretValue, simulator, transportFor } from './test-fixtures/harness.js'
import { acme, acmeExpired, acmeOidcClient, azureAppSecret } from '@scanplan/test-support/simulator-credentials'

const t = suite('qualys client against @scanplan/qualys-sim')

t('create, then an immediate second plan and apply report no change', async () => {
  const sim = await simulator()
  const { client } = acmeClient(sim.url)
  try {
    const desired = [{ connector: 'Acme', body: seedBody('Acme production tenant') }]
    const first = await client.plan(desired)
    assert.is(first.changes[0]!.action, 'create')
    assert.ok(first.changes[0]!.diff.some((d) => d.field === 'secretValue' && d.sensitive && d.new === undefined))
    const applied = await client.apply(first, { secretValue })
    capture(applied)
    assert.is(applied[0]!.result.status, 'created')
    assert.type(applied[0]!.result.id, 'number')

    const second = await client.plan(desired)
    assert.equal(second.changes.map((c) => [c.action, c.id, c.diff]), [['noop', applied[0]!.result.id, []]])
    const again = await client.apply(second, { secretValue })
    assert.is(again[0]!.result.status, 'unchanged')
    assert.is(sim.admin.counters().subscriptions[acme.subscription]!.connectorCreates, 1)
    assert.is(sim.admin.counters().subscriptions[acme.subscription]!.connectorUpdates, 0)
  } finally {
    await client.close()
    await sim.stop()
  }
})

t('create and update go out with the method, path and body core compiled', async () => {
  const sim = await simulator()
  const sent: HttpRequest[] = []
  const inner = transportFor()
  const { client } = acmeClient(sim.url, { transport: { send: (request) => (sent.push(request), inner.send(request)) } })
  const writes = () => sent.filter((r) => r.method !== 'GET' && r.url.startsWith(`${sim.url}/connectors/`)).map((r) => ({ method: r.method, url: r.url, body: JSON.parse(r.body as string) as unknown }))
  try {
    const created = await client.apply(await client.plan([{ connector: 'Acme', body: seedBody('Acme') }]), { secretValue })
    const create = createOrgConnectorRequest({ ...seedBody('Acme'), secretValue: azureAppSecret })
    assert.equal(writes(), [{ method: create.method, url: `${sim.url}${create.path}`, body: create.body }])
    sent.length = 0
    const renamed = seedBody('Acme', { description: 'renamed' })
    await client.apply(await client.plan([{ connector: 'Acme', body: renamed }]), { secretValue })
    const update = updateOrgConnectorRequest(created[0]!.result.id!, { ...renamed, secretValue: azureAppSecret })
    assert.equal(writes(), [{ method: update.method, url: `${sim.url}${update.path}`, body: update.body }])
  } finally {
    await client.close()
    await sim.stop()
  }
})

t('a schedule change is an update with exactly the changed fields', async () => {
  const sim = await simulator()
  const { client } = acmeClient(sim.url)
  try {
    await client.apply(await client.plan([{ connector: 'Acme', body: seedBody('Acme') }]), { secretValue })
    const weekly = seedBody('Acme', {
      connectorScanConfig: { ...seedBody('x').connectorScanConfig!, recurrence: 'WEEKLY', daysOfWeek: ['MON', 'WED'], startTime: '09:30' },
    })
    const [live] = await client.listOrgConnectors()
    const plan = await client.plan([{ connector: 'Acme', body: weekly }])
    assert.is(plan.changes[0]!.action, 'update')
    assert.equal(plan.changes[0]!.diff, [
      { field: 'connectorScanConfig.recurrence', old: 'DAILY', new: 'WEEKLY' },
      { field: 'connectorScanConfig.startTime', old: '12:00', new: '09:30' },
      { field: 'connectorScanConfig.daysOfWeek', old: (live!.connectorScanConfig as { daysOfWeek?: string[] }).daysOfWeek, new: ['MON', 'WED'] },
    ])
    const applied = await client.apply(plan, { secretValue })
    assert.is(applied[0]!.result.status, 'updated')
    assert.is((await client.plan([{ connector: 'Acme', body: weekly }])).changes[0]!.action, 'noop')
  } finally {
    await client.close()
    await sim.stop()
  }
})

t('option profile titles resolve to ids; no match lists the titles and the default', async () => {
  const sim = await simulator()
  const { client } = acmeClient(sim.url)
  try {
    assert.equal(await client.resolveOptionProfile('Initial Options'), { id: 240981, title: 'Initial Options', isDefault: true })
    const error = await client.resolveOptionProfile('Initial Option').catch((e) => e)
    assert.instance(error, OptionProfileNotFoundError)
    assert.is(
      error.message,
      'no option profile titled "Initial Option" in this subscription; its profiles are "Initial Options" (default), "PCI Scan", "Authenticated Full"; the default is "Initial Options"',
    )
  } finally {
    await client.close()
  }
  // Qualys lets customers rename "Initial Options": the default is then found under its new title only.
  sim.admin.renameOptionProfile(1003451, 240981, 'Acme Baseline')
  const renamed = acmeClient(sim.url).client
  try {
    const error = await renamed.resolveOptionProfile('Initial Options').catch((e) => e)
    assert.match(error.message, /"Acme Baseline" \(default\)/)
    assert.equal(error.available, ['Acme Baseline', 'PCI Scan', 'Authenticated Full'])
  } finally {
    await renamed.close()
    await sim.stop()
  }
})

t('the session is logged out on close, also after a failed call', async () => {
  const sim = await simulator()
  const { client, session } = acmeClient(sim.url)
  await client.listOptionProfiles()
  assert.ok(session.open)
  const failed = await client.createOrgConnector(createOrgConnectorRequest(seedBody('broken', { tenantId: 'not-a-tenant-id' }))).catch((e) => e)
  capture(failed)
  assert.match(failed.message, /HTTP 400: invalid connector/)
  await client.close()
  const counters = sim.admin.counters().subscriptions[acme.subscription]!
  assert.is(counters.logins, 1)
  assert.is(counters.logouts, 1)
  await sim.stop()
})

t('a gateway token that expires mid-run: one new login, the run goes on', async () => {
  let now = Date.parse('2026-06-01T00:00:00Z')
  const sim = await simulator({ clock: { now: () => now }, tokenTtlSec: 600 })
  const { client } = acmeClient(sim.url, { now: () => now })
  try {
    await client.listOrgConnectors()
    now += 3600_000 // the simulator's token lived 10 minutes; the client still thinks it young (4 h)
    assert.equal(await client.listOrgConnectors(), [])
    const counters = sim.admin.counters().subscriptions[acme.subscription]!
    assert.is(counters.tokensIssued, 2)
    now += 4 * 3600_000 // and past 4 h the client renews before sending
    await client.listOrgConnectors()
    assert.is(sim.admin.counters().subscriptions[acme.subscription]!.tokensIssued, 3)
    assert.is(sim.admin.counters().subscriptions[acme.subscription]!.gatewayRequests, 3, 'three admitted calls (the 401 is answered before counting)')
  } finally {
    await client.close()
    await sim.stop()
  }
})

t('409 codes 1960 and 1965 (transport) and gateway 429 (budget) are waited out; the concurrency limit is never exceeded', async () => {
  const fixture = fixtureWith((f) => {
    f.subscriptions[0]!.limits = { v2: { concurrency: 1, rate: 4, windowSec: 2 }, gateway: { rate: 3, windowSec: 2 } }
  })
  const sim = await simulator({ fixture, faults: { latencyMs: 100 } })
  const events: TransportEvent[] = []
  const shared = createConcurrencyLimit(2) // the client's own limit is higher than this subscription's: Qualys refuses
  // Each client keeps its own gateway budget, as separate processes of one subscription do: they meet 429s.
  const waits: BudgetWait[] = []
  const clients = Array.from({ length: 6 }, () => acmeClient(sim.url, { transport: transportFor(events), concurrencyLimit: shared, gatewayBudget: createRateBudget({ onWait: (w) => waits.push(w) }) }).client)
  try {
    const profiles = await Promise.all(clients.map((c) => c.listOptionProfiles()))
    assert.ok(profiles.every((p) => p.length === 3))
    const lists = await Promise.all(clients.map((c) => c.listOrgConnectors()))
    assert.ok(lists.every((l) => l.length === 0))
    const counters = sim.admin.counters().subscriptions[acme.subscription]!
    assert.ok(counters.v2Rejected1960 > 0, 'provoked 1960')
    assert.ok(counters.v2Rejected1965 > 0, 'provoked 1965')
    assert.ok(counters.gatewayRejected429 > 0, 'provoked 429')
    assert.ok(counters.v2MaxConcurrent <= 1, `v2 concurrency ${counters.v2MaxConcurrent}`)
    const reasons = events.flatMap((e) => (e.type === 'retry' ? [e.reason] : []))
    assert.ok(reasons.some((r) => /1960/.test(r)) && reasons.some((r) => /1965/.test(r)), 'every v2 wait is reported by the transport')
    assert.ok(waits.some((w) => w.cause === 'refused' && w.waitMs > 0), 'every gateway 429 is waited out by the budget, and reported')
  } finally {
    await Promise.all(clients.map((c) => c.close()))
    await sim.stop()
  }
})

t('a connection dropped after a create: found by name, exactly one connector exists', async () => {
  const sim = await simulator({ faults: { dropNext: 1, match: { method: 'POST', pathPrefix: '/connectors/v1.0/org/azure' } } })
  const { client } = acmeClient(sim.url)
  const recovered: string[] = []
  try {
    const applied = await client.apply(await client.plan([{ connector: 'Acme', body: seedBody('Acme') }]), {
      secretValue,
      onRecover: (connector, reason) => recovered.push(`${connector}: ${reason}`),
    })
    capture(applied)
    assert.is(applied[0]!.result.status, 'created')
    assert.is(applied[0]!.result.recovered, true)
    assert.is(recovered.length, 1)
    const live = await client.listOrgConnectors()
    assert.equal(live.filter((c) => c.name === 'Acme').map((c) => c.id), [applied[0]!.result.id])
    assert.is(sim.admin.counters().subscriptions[acme.subscription]!.connectorCreates, 1)
    assert.is((await client.plan([{ connector: 'Acme', body: seedBody('Acme') }])).changes[0]!.action, 'noop')
  } finally {
    await client.close()
    await sim.stop()
  }
})

t('an expired account (code 2001 inside HTTP 200): a clear error, nothing changed', async () => {
  const sim = await simulator()
  const expired = acmeExpired
  const { client } = acmeClient(sim.url, expired)
  try {
    const v2 = await client.resolveOptionProfile('Initial Options').catch((e) => e)
    capture(v2)
    assert.instance(v2, AuthError)
    assert.is(v2.code, '2001')
    assert.match(v2.message, /Qualys refused the session login for user acme3ef3 .*This account has expired\. \(code 2001\)/)
    const gateway = await client.plan([{ connector: 'Acme', body: seedBody('Acme') }]).catch((e) => e)
    capture(gateway)
    assert.instance(gateway, AuthError)
    assert.match(gateway.message, /This account has expired/)
    assert.equal(sim.admin.state().subscriptions[0]!.connectors, [])
  } finally {
    await client.close()
    await sim.stop()
  }
})

t('50 specs over 5 subscriptions: parallel across subscriptions, never more than 2 calls at once in one', async () => {
  const sim = await simulator({ fixture: fiveSubscriptionsFixture(), faults: { latencyMs: 15 } })
  const counting = countingTransport(transportFor())
  const clients = companies.map((company) => acmeClient(sim.url, { username: `${company}3ab1`, password: companyPassword(company), transport: counting.transport }).client)
  try {
    const plans = await Promise.all(clients.map((client, i) => client.plan(Array.from({ length: 10 }, (_, n) => ({ connector: `c${n}`, body: seedBody(`${companies[i]} tenant ${n}`) })))))
    const applied = (await Promise.all(clients.map((client, i) => client.apply(plans[i]!, { secretValue })))).flat()
    assert.is(applied.length, 50)
    assert.ok(applied.every((a) => a.result.status === 'created'))
    const counters = sim.admin.counters().subscriptions
    for (let i = 0; i < 5; i++) {
      assert.is(counters[String(5000 + i)]!.connectorCreates, 10)
      assert.ok(counters[String(5000 + i)]!.v2MaxConcurrent <= 2)
      assert.ok(counting.max.get(`${companies[i]}3ab1`)! <= 2, `${companies[i]}: ${counting.max.get(`${companies[i]}3ab1`)} at once`)
    }
    assert.ok(counting.overallMax() > 2, `subscriptions ran in parallel (${counting.overallMax()} calls at once overall)`)
    const again = await Promise.all(clients.map((client, i) => client.plan(Array.from({ length: 10 }, (_, n) => ({ connector: `c${n}`, body: seedBody(`${companies[i]} tenant ${n}`) })))))
    assert.ok(again.flatMap((p) => p.changes).every((c) => c.action === 'noop'))
  } finally {
    await Promise.all(clients.map((c) => c.close()))
    await sim.stop()
  }
})

t('OIDC client credentials: one token from /auth/oidc serves the connector API', async () => {
  const sim = await simulator()
  const oidc = createOidcAuth({ ...acmeOidcClient })
  const client = createQualysClient({ urls: { apiServer: sim.url, gateway: sim.url }, transport: transportFor(), auth: { gateway: oidc } })
  try {
    // No API server login: listing option profiles fails before anything is sent.
    const noV2 = await client.listOptionProfiles().catch((e) => e)
    capture(noV2)
    assert.instance(noV2, NoApiServerLoginError)
    assert.match(noV2.message, /GET .*\/api\/2\.0\/fo\/subscription\/option_profile\/.* needs an API server login.*OIDC.*numeric id/)
    assert.is(sim.admin.counters().subscriptions[acme.subscription], undefined, 'nothing reached the simulator')
    const applied = await client.apply(await client.plan([{ connector: 'Acme', body: seedBody('Acme via OIDC') }]), { secretValue })
    assert.is(applied[0]!.result.status, 'created')
    assert.is((await client.plan([{ connector: 'Acme', body: seedBody('Acme via OIDC') }])).changes[0]!.action, 'noop')
    assert.is(sim.admin.counters().subscriptions[acme.subscription]!.tokensIssued, 1)
    const wrong = createOidcAuth({ clientId: '0c1d2e3f-4a5b-4c6d-8e7f-000000000a01', clientSecret: 'wrong-oidc-secret-3e9a' })
    const refused = await createQualysClient({ urls: { apiServer: sim.url, gateway: sim.url }, transport: transportFor(), auth: { gateway: wrong } })
      .listOrgConnectors()
      .catch((e) => e)
    capture(refused)
    assert.instance(refused, AuthError)
    assert.match(refused.message, /refused the OIDC client credentials .*HTTP 401/)
  } finally {
    await client.close()
    await sim.stop()
  }
})

t('no credential of these runs appears in anything they reported', () => {
  const text = captured.join('\n')
  assert.ok(text.length > 1000, 'the runs reported something')
  for (const secret of [acme.password, acmeExpired.password, azureAppSecret, 'sim-alpha-pw-not-real', acmeOidcClient.clientSecret, 'wrong-oidc-secret-3e9a']) {
    assert.not.ok(text.includes(secret), `found a credential in the captured output`)
  }
})

t.run()
