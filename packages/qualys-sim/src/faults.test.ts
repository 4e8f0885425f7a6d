import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator } from './index.js'
import { seedCreateRequest } from '@scanplan/test-support/seed-request'
import { basic, call, gatewayToken, postJson, v2Headers } from './test-support/http.js'
import { acme } from '@scanplan/test-support/simulator-credentials'

const profiles = '/api/2.0/fo/subscription/option_profile/vm/?action=list'

test('latency is added to matching requests only', async () => {
  // Long enough that even a loaded machine answers the unmatched call well within it.
  const sim = await startSimulator({ port: 0, faults: { latencyMs: 1500, match: { pathPrefix: '/api/2.0/' } } })
  try {
    let started = performance.now()
    assert.is((await call(sim.url, profiles, { headers: v2Headers() })).status, 200)
    assert.ok(performance.now() - started >= 1490, 'the v2 call waited')
    started = performance.now()
    await gatewayToken(sim.url)
    assert.ok(performance.now() - started < 1490, 'the gateway call did not')
  } finally {
    await sim.stop()
  }
})

test('a share of 5xx: with a seed, about that share of requests fails, before any processing', async () => {
  const sim = await startSimulator({ port: 0, faults: { serverErrorRate: 0.3, seed: 42 } })
  try {
    const token = await (async () => {
      for (;;) {
        try {
          return await gatewayToken(sim.url)
        } catch {
          // the fault may hit /auth too
        }
      }
    })()
    sim.admin.resetCounters()
    const statuses: number[] = []
    for (let i = 0; i < 200; i++) statuses.push((await call(sim.url, profiles, { headers: v2Headers() })).status)
    const failed = statuses.filter((s) => s === 503).length
    assert.ok(failed > 35 && failed < 85, `${failed} of 200 failed`)
    assert.is(statuses.filter((s) => s === 200).length, 200 - failed)
    assert.is(sim.admin.counters().totals.injected5xx, failed)
    // A failed create creates nothing.
    sim.admin.setFaults({ serverErrorRate: 1 })
    const res = await postJson(sim.url, '/connectors/v1.0/org/azure/', token, seedCreateRequest())
    assert.is(res.status, 503)
    assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 0)
  } finally {
    await sim.stop()
  }
})

test('a dropped connection after processing: the create happened, the client got no answer', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const token = await gatewayToken(sim.url)
    sim.admin.setFaults({ dropNext: 1, match: { method: 'POST', pathPrefix: '/connectors/' } })
    const outcome = await postJson(sim.url, '/connectors/v1.0/org/azure/', token, seedCreateRequest()).then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    )
    assert.is(outcome, 'ECONNRESET')
    const connectors = sim.admin.state().subscriptions[0]!.connectors
    assert.is(connectors.length, 1, 'the connector exists although the client never heard of it')
    assert.is(sim.admin.counters().totals.droppedConnections, 1)
    // A careful client lists by name before retrying, and finds it; a blind retry is refused as a duplicate.
    const list = JSON.parse((await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: { Authorization: `Bearer ${token}` } })).body)
    assert.equal(list.content.map((c: { name: string }) => c.name), [seedCreateRequest().name])
    assert.is((await postJson(sim.url, '/connectors/v1.0/org/azure/', token, seedCreateRequest())).status, 400)
    assert.is(sim.admin.faults().dropNext, 0)
  } finally {
    await sim.stop()
  }
})

test('expired and inactive accounts can be switched on for a run', async () => {
  const sim = await startSimulator({ port: 0, faults: { expiredAccounts: ['acme3ab1'] } })
  try {
    const expired = await call(sim.url, profiles, { headers: v2Headers() })
    assert.is(expired.status, 200)
    assert.ok(expired.body.includes('<CODE>2001</CODE>\n    <TEXT>This account has expired.</TEXT>'))
    assert.not.ok(expired.body.includes('OPTION_PROFILES'))
    sim.admin.setFaults({ inactiveUsers: ['acme3ab1'] })
    const inactive = await call(sim.url, profiles, { headers: v2Headers() })
    assert.is(inactive.status, 409)
    assert.ok(inactive.body.includes('<CODE>2003</CODE>'))
    const auth = await call(sim.url, '/auth', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: acme.username, password: acme.password, token: 'true' }).toString() })
    assert.is(auth.status, 401)
    sim.admin.setFaults({})
    assert.is((await call(sim.url, profiles, { headers: v2Headers() })).status, 200)
  } finally {
    await sim.stop()
  }
})

test('the admin endpoint needs its own token; it reads state and counters and sets faults', async () => {
  const sim = await startSimulator({ port: 0, adminToken: 'test-admin-token' })
  try {
    assert.is((await call(sim.url, '/__admin/state')).status, 401)
    assert.is((await call(sim.url, '/__admin/state', { headers: { Authorization: basic(acme.username, acme.password) } })).status, 401)
    const admin = { Authorization: 'Bearer test-admin-token' }
    const state = await call(sim.url, '/__admin/state', { headers: admin })
    assert.is(state.status, 200)
    const parsed = JSON.parse(state.body)
    assert.equal(parsed.subscriptions.map((s: { platform: string }) => s.platform), ['US3', 'EU2', 'US2'])
    assert.not.ok(state.body.includes('not-a-real-password'), 'no passwords in the state')
    assert.not.ok(state.body.includes('sim-oidc-client-secret'), 'no client secrets in the state')
    const set = await call(sim.url, '/__admin/faults', { method: 'PUT', headers: { ...admin, 'Content-Type': 'application/json' }, body: JSON.stringify({ expiredAccounts: ['acme3ab1'] }) })
    assert.is(set.status, 200)
    assert.ok((await call(sim.url, profiles, { headers: v2Headers() })).body.includes('<CODE>2001</CODE>'))
    const bad = await call(sim.url, '/__admin/faults', { method: 'PUT', headers: admin, body: JSON.stringify({ latency: 5 }) })
    assert.is(bad.status, 400)
    assert.match(JSON.parse(bad.body).message, /unknown fault latency/)
    const rename = await call(sim.url, '/__admin/subscriptions/1003451/option-profiles/240981', { method: 'PATCH', headers: admin, body: JSON.stringify({ title: 'Renamed' }) })
    assert.is(rename.status, 200)
    assert.is(sim.admin.state().subscriptions[0]!.optionProfiles[0]!.title, 'Renamed')
    await call(sim.url, '/__admin/faults', { method: 'PUT', headers: admin, body: '{}' })
    assert.ok((await call(sim.url, profiles, { headers: v2Headers() })).body.includes('<![CDATA[Renamed]]>'))
    const counters = JSON.parse((await call(sim.url, '/__admin/counters', { headers: admin })).body)
    assert.is(counters.subscriptions['1003451'].v2Requests, 1)
  } finally {
    await sim.stop()
  }
})

test.run()
