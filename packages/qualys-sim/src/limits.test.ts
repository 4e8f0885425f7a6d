import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadDefaultFixture, startSimulator, type Fixture } from './index.js'
import { callsToFinishText, waitWords } from './limits.js'
import { basic, call, gatewayToken, testClock, v2Headers } from './test-support/http.js'
import { acme, globex } from '@scanplan/test-support/simulator-credentials'

const profiles = '/api/2.0/fo/subscription/option_profile/vm/?action=list'

function fixtureWith(limits: NonNullable<Fixture['subscriptions'][number]['limits']>): Fixture {
  const fixture = loadDefaultFixture()
  fixture.subscriptions[0]!.limits = limits
  return fixture
}

test('concurrency: real parallel calls beyond the limit get 409 CODE 1960, and the maximum seen is recorded', async () => {
  // Slow calls hold their slot: 5 at once against a limit of 2. The latency is long enough that all five arrive
  // while the first two still run, even on a loaded machine.
  const sim = await startSimulator({ port: 0, faults: { latencyMs: 1000, match: { pathPrefix: '/api/2.0/' } } })
  try {
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(sim.url, profiles, { headers: v2Headers() })))
    const ok = answers.filter((a) => a.status === 200)
    const blocked = answers.filter((a) => a.status === 409)
    assert.is(ok.length, 2)
    assert.is(blocked.length, 3)
    for (const b of blocked) {
      assert.ok(b.body.includes('<CODE>1960</CODE>'))
      assert.ok(b.body.includes('<TEXT>This API cannot be run again until 1 currently running API instance has finished.</TEXT>'))
      assert.ok(b.body.includes('<KEY>CALLS_TO_FINISH</KEY>\n        <VALUE>1</VALUE>'))
      assert.is(b.headers['x-concurrency-limit-running'], '2')
      assert.is(b.headers['x-concurrency-limit-limit'], '2')
    }
    assert.equal(ok.map((a) => a.headers['x-concurrency-limit-running']).sort(), ['0', '1'])
    const counters = sim.admin.counters().subscriptions['1003451']!
    assert.is(counters.v2MaxConcurrent, 2)
    assert.is(counters.v2Rejected1960, 3)
    // Limits are per subscription: another subscription is not blocked by acme's running calls.
    const [acmeCall, globexCall] = await Promise.all([
      Promise.all([call(sim.url, profiles, { headers: v2Headers() }), call(sim.url, profiles, { headers: v2Headers() })]),
      call(sim.url, profiles, { headers: v2Headers(basic(globex.username, globex.password)) }),
    ])
    assert.equal(acmeCall.map((a) => a.status), [200, 200])
    assert.is(globexCall.status, 200)
  } finally {
    await sim.stop()
  }
})

test('rate: the call past the window limit gets 409 CODE 1965 with SECONDS_TO_WAIT, and passes once the window moves', async () => {
  const clock = testClock('2026-01-01T00:00:00Z')
  const sim = await startSimulator({ port: 0, clock, fixture: fixtureWith({ v2: { rate: 3, windowSec: 86400 } }) })
  try {
    const remaining: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await call(sim.url, profiles, { headers: v2Headers() })
      assert.is(res.status, 200)
      remaining.push(String(res.headers['x-ratelimit-remaining']))
      clock.advance(1000)
    }
    assert.equal(remaining, ['2', '1', '0'])
    clock.advance(3000) // 6 s after the first call
    const blocked = await call(sim.url, profiles, { headers: v2Headers() })
    assert.is(blocked.status, 409)
    assert.ok(blocked.body.includes('<CODE>1965</CODE>'))
    assert.ok(blocked.body.includes('<TEXT>This API cannot be run again for another 23 hours, 59 minutes and 54 seconds.</TEXT>'))
    assert.ok(blocked.body.includes('<KEY>SECONDS_TO_WAIT</KEY>\n        <VALUE>86394</VALUE>'))
    assert.is(blocked.headers['x-ratelimit-towait-sec'], '86394')
    assert.is(blocked.headers['x-ratelimit-remaining'], '0')
    assert.is(sim.admin.counters().subscriptions['1003451']!.v2Rejected1965, 1)
    clock.advance(86394 * 1000)
    const later = await call(sim.url, profiles, { headers: v2Headers() })
    assert.is(later.status, 200)
    assert.is(later.headers['x-ratelimit-remaining'], '0')
  } finally {
    await sim.stop()
  }
})

test('the session API is exempt from the limits', async () => {
  const sim = await startSimulator({ port: 0, fixture: fixtureWith({ v2: { rate: 1 } }) })
  try {
    for (let i = 0; i < 3; i++) {
      const login = await call(sim.url, '/api/2.0/fo/session/', {
        method: 'POST',
        headers: { 'X-Requested-With': 't', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ action: 'login', username: acme.username, password: acme.password }).toString(),
      })
      assert.is(login.status, 200)
      assert.is(login.headers['x-ratelimit-limit'], undefined)
    }
    assert.is((await call(sim.url, profiles, { headers: v2Headers() })).status, 200)
    assert.is((await call(sim.url, profiles, { headers: v2Headers() })).status, 409)
  } finally {
    await sim.stop()
  }
})

test('gateway: past its rate limit the connector API answers 429 with Retry-After; /auth is exempt', async () => {
  const clock = testClock('2026-01-01T00:00:00Z')
  const sim = await startSimulator({ port: 0, clock, fixture: fixtureWith({ gateway: { rate: 2, windowSec: 60 } }) })
  try {
    const token = await gatewayToken(sim.url)
    const auth = { Authorization: `Bearer ${token}` }
    const first = await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: auth })
    assert.is(first.status, 200)
    assert.is(first.headers['x-ratelimit-remaining'], '1')
    clock.advance(10_000)
    assert.is((await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: auth })).status, 200)
    const limited = await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: auth })
    assert.is(limited.status, 429)
    assert.is(limited.headers['retry-after'], '50')
    assert.is(limited.headers['x-ratelimit-limit'], '2')
    assert.is(limited.headers['x-ratelimit-remaining'], '0')
    await gatewayToken(sim.url)
    await gatewayToken(sim.url)
    assert.is(sim.admin.counters().subscriptions['1003451']!.gatewayRejected429, 1)
    sim.admin.setFaults({ blankGatewayRateHeaders: true })
    const blank = await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: auth })
    assert.is(blank.status, 429)
    assert.is(blank.headers['retry-after'], '50', 'Retry-After stays usable')
    assert.is(blank.headers['x-ratelimit-limit'], '', 'present but empty, as seen in the wild')
    assert.is(blank.headers['x-ratelimit-remaining'], '')
    sim.admin.setFaults({})
    clock.advance(50_000)
    assert.is((await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: auth })).status, 200)
  } finally {
    await sim.stop()
  }
})

test('wait and calls-to-finish wording, singular and plural', () => {
  assert.is(waitWords(86274), '23 hours, 57 minutes and 54 seconds')
  assert.is(waitWords(3661), '1 hour, 1 minute and 1 second')
  assert.is(waitWords(61), '1 minute and 1 second')
  assert.is(waitWords(5), '5 seconds')
  assert.is(callsToFinishText(2), 'This API cannot be run again until 2 currently running API instances have finished.')
})

test.run()
