import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { loadDefaultFixture, startSimulator, type Fixture, type RunningSimulator, type Variant } from './index.js'
import { seedCreateRequest } from '@scanplan/test-support/seed-request'
import { call, form, gatewayToken, postJson, testClock } from './test-support/http.js'
import { parseVariantList, variantNames } from './variants.js'
import { acme } from '@scanplan/test-support/simulator-credentials'

const clock = testClock('2026-03-01T08:00:00Z')
const create = '/connectors/v1.0/org/azure/'
const list = '/connectors/v1.0/AZURE/list?pageNumber=0&pageSize=100'

async function withSim(variants: Variant[], run: (sim: RunningSimulator, token: string) => Promise<void>, fixture?: Fixture): Promise<void> {
  clock.set('2026-03-01T08:00:00Z')
  const sim = await startSimulator({ port: 0, clock, variants, ...(fixture ? { fixture } : {}) })
  try {
    let token = ''
    // token-503 refuses every other token request: ask until one is issued (at most twice).
    for (let i = 0; i < 2 && token === ''; i++) token = await gatewayToken(sim.url).catch(() => '')
    await run(sim, token)
  } finally {
    await sim.stop()
  }
}

async function created(sim: RunningSimulator, token: string, body: Record<string, unknown> = seedCreateRequest()) {
  const res = await postJson(sim.url, create, token, body)
  assert.is(res.status, 200, res.body)
  return JSON.parse(res.body) as { id: number; uuid: string; name: string } & Record<string, unknown>
}

const test = suite('simulator variants: one reading of the Qualys docs each')

test('names are checked: a flag list, an option and a fixture key', async () => {
  assert.equal(parseVariantList('update-post, token-503'), ['update-post', 'token-503'])
  assert.throws(() => parseVariantList('update-put'), /unknown variant "update-put"; known: org-list-absent/)
  await startSimulator({ port: 0, variants: ['nope' as Variant] }).then(
    () => assert.unreachable('an unknown variant must be refused'),
    (e: Error) => assert.match(e.message, /unknown variant "nope"/),
  )
  const fixture = { ...loadDefaultFixture(), variants: ['update-post', 'frequency-minutes'] }
  const sim = await startSimulator({ port: 0, fixture, variants: ['token-503'] })
  try {
    assert.equal(sim.variants.sort(), ['frequency-minutes', 'token-503', 'update-post'])
  } finally {
    await sim.stop()
  }
  await startSimulator({ port: 0, fixture: { ...loadDefaultFixture(), variants: ['bogus'] } }).then(
    () => assert.unreachable('a fixture naming an unknown variant must be refused'),
    (e: Error) => assert.match(e.message, /variants: unknown variant "bogus"/),
  )
  assert.is(variantNames.length, 7)
})

test('without variants: the default reading (PUT by numeric id, list shows organization connectors, echo as sent)', async () => {
  await withSim([], async (sim, token) => {
    const c = await created(sim, token)
    assert.equal(c.connectorRunFrequency, { hours: 1, minutes: 0 })
    assert.is(typeof (c.connectorScanConfig as { optionProfileId: unknown }).optionProfileId, 'number')
    const listed = JSON.parse((await call(sim.url, list, { headers: { Authorization: `Bearer ${token}` } })).body)
    assert.is(listed.content[0].id, c.id)
    assert.is((await postJson(sim.url, `${create}${c.id}`, token, seedCreateRequest(), 'POST')).status, 405)
    assert.is((await postJson(sim.url, `${create}${c.uuid}`, token, seedCreateRequest(), 'PUT')).status, 404)
    assert.is((await postJson(sim.url, `${create}${c.id}/`, token, seedCreateRequest(), 'PUT')).status, 200)
  })
})

test('org-list-absent: AZURE/list shows member connectors; valid-org-connectors shows the documented items', async () => {
  await withSim(['org-list-absent'], async (sim, token) => {
    const auth = { Authorization: `Bearer ${token}` }
    const c = await created(sim, token)
    const listed = JSON.parse((await call(sim.url, list, { headers: auth })).body)
    assert.is(listed.content.length, 1)
    const member = listed.content[0]
    assert.is.not(member.id, c.id)
    assert.is(member.name.includes(c.name), false, 'no organization connector name in the account-level listing')
    assert.is(member.cloudType, 'AZURE')
    const valid = await call(sim.url, `/connectors/v1.0/azure/valid-org-connectors/${member.id}?pageNumber=0&pageSize=50`, { headers: auth })
    assert.is(valid.status, 200)
    const page = JSON.parse(valid.body)
    assert.equal([page.currentPage, page.totalPages, page.numberOfElements], [0, 1, 1])
    const item = page.content[0]
    assert.is(item.id, c.id)
    assert.is(item.runFrequency, '60', 'strings of minutes, as documented')
    assert.is(item.connectorRunFrequency, '60')
    assert.is(item.isDisabled, false)
    assert.is(item.isDeleted, false)
    assert.is(item.organizationId, c.organizationId)
    assert.is((await call(sim.url, '/connectors/v1.0/azure/valid-org-connectors/999', { headers: auth })).status, 404)
  })
})

test('update-post: POST updates, PUT gets 405 and changes nothing', async () => {
  await withSim(['update-post'], async (sim, token) => {
    const c = await created(sim, token)
    const changed = { ...seedCreateRequest(), description: 'changed' }
    const put = await postJson(sim.url, `${create}${c.id}/`, token, changed, 'PUT')
    assert.is(put.status, 405)
    assert.is(put.headers.allow, 'GET, POST')
    assert.is(sim.admin.state().subscriptions[0]!.connectors[0]!.description, 'Testing Org')
    const post = await postJson(sim.url, `${create}${c.id}`, token, changed, 'POST')
    assert.is(post.status, 200)
    assert.is(JSON.parse(post.body).description, 'changed')
  })
})

test('update-by-uuid: the uuid updates, a numeric id gets 404 and changes nothing', async () => {
  await withSim(['update-by-uuid'], async (sim, token) => {
    const c = await created(sim, token)
    const changed = { ...seedCreateRequest(), description: 'changed' }
    assert.is((await postJson(sim.url, `${create}${c.id}/`, token, changed, 'PUT')).status, 404)
    assert.is(sim.admin.counters().subscriptions['1003451']!.connectorUpdates, 0)
    const put = await postJson(sim.url, `${create}${c.uuid}`, token, changed, 'PUT')
    assert.is(put.status, 200)
    assert.is(JSON.parse(put.body).id, c.id)
  })
})

test('frequency-minutes: run frequencies echo as strings of minutes rounded up to whole days', async () => {
  await withSim(['frequency-minutes'], async (sim, token) => {
    const c = await created(sim, token, { ...seedCreateRequest(), orgRunFrequency: { hours: 25, minutes: 0 } })
    assert.is(c.connectorRunFrequency, '1440', '1 hour runs daily')
    assert.is(c.orgRunFrequency, '2880', '25 hours round up to 2 days')
    const over = await postJson(sim.url, create, token, { ...seedCreateRequest(), name: 'other', orgRunFrequency: 7 * 1440 + 1 })
    assert.is(over.status, 400, 'more than 7 days is refused')
  })
})

test('profile-id-string: optionProfileId echoes as a string', async () => {
  await withSim(['profile-id-string'], async (sim, token) => {
    const c = await created(sim, token)
    assert.is((c.connectorScanConfig as { optionProfileId: unknown }).optionProfileId, '240981')
  })
})

test('gateway-429-bare: no Retry-After, blank rate headers, X-RateLimit-Reset; locked until the window ends', async () => {
  const fixture = loadDefaultFixture()
  fixture.subscriptions[0]!.limits = { gateway: { rate: 2, windowSec: 60 } }
  await withSim(['gateway-429-bare'], async (sim, token) => {
    const auth = { Authorization: `Bearer ${token}` }
    const first = await call(sim.url, list, { headers: auth })
    assert.is(first.status, 200)
    assert.is(first.headers['x-ratelimit-remaining'], '')
    assert.is(first.headers['x-ratelimit-reset'], '60')
    clock.advance(50_000)
    assert.is((await call(sim.url, list, { headers: auth })).status, 200)
    clock.advance(5_000)
    const limited = await call(sim.url, list, { headers: auth })
    assert.is(limited.status, 429)
    assert.is(limited.headers['retry-after'], undefined)
    assert.is(limited.headers['x-ratelimit-limit'], '')
    assert.is(limited.headers['x-ratelimit-reset'], '5')
    // A sliding window would free a slot 60 s after the first call; the lockout frees all at the window's end.
    clock.advance(4_000)
    assert.is((await call(sim.url, list, { headers: auth })).status, 429)
    clock.advance(1_000)
    assert.is((await call(sim.url, list, { headers: auth })).status, 200)
    assert.is((await call(sim.url, list, { headers: auth })).status, 200)
  }, fixture)
})

test('token-503: every other token request is a 503 page, before any credential is read', async () => {
  clock.set('2026-03-01T08:00:00Z')
  const sim = await startSimulator({ port: 0, clock, variants: ['token-503'] })
  try {
    const ask = () => call(sim.url, '/auth', { method: 'POST', ...form({ username: acme.username, password: acme.password, token: 'true' }) })
    const first = await ask()
    assert.is(first.status, 503)
    assert.match(first.headers['content-type'] as string, /text\/html/)
    assert.is((await ask()).status, 201)
    assert.is((await ask()).status, 503)
    assert.is(sim.admin.counters().totals.token503, 2)
    assert.is(sim.admin.counters().subscriptions['1003451']!.tokensIssued, 1)
  } finally {
    await sim.stop()
  }
})

test('OIDC: user-level clients at /auth/oidc, subscription-level clients at /auth/oauth', async () => {
  const fixture = loadDefaultFixture()
  const sub = fixture.subscriptions[0]!
  sub.oidcClients = [
    { clientId: 'user-client', clientSecret: 'sim-user-client-secret', username: 'acme3ab1' },
    { clientId: 'sub-client', clientSecret: 'sim-sub-client-secret', username: 'acme3ab1', level: 'subscription' },
  ]
  await withSim([], async (sim) => {
    const ask = (path: string, clientId: string, clientSecret: string) => call(sim.url, path, { method: 'POST', headers: { clientId, clientSecret } })
    assert.is((await ask('/auth/oidc', 'user-client', 'sim-user-client-secret')).status, 201)
    assert.is((await ask('/auth/oauth', 'sub-client', 'sim-sub-client-secret')).status, 201)
    const wrong = await ask('/auth/oidc', 'sub-client', 'sim-sub-client-secret')
    assert.is(wrong.status, 401)
    assert.match(wrong.body, /subscription-level client; ask \/auth\/oauth/)
    assert.is((await ask('/auth/oauth', 'user-client', 'sim-user-client-secret')).status, 401)
  }, fixture)
})

test.run()
