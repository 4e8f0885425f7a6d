import { suite, test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadDefaultFixture, parseFixture, startSimulator, type RunningSimulator } from './index.js'
import { basic, call, form, gatewayToken, testClock, v2Headers } from './test-support/http.js'
import { acme, acmeExpired, acmeInactive, acmeOidcClient, globex } from '@scanplan/test-support/simulator-credentials'

const clock = testClock('2020-11-23T18:29:09Z')
const v2 = suite<{ sim: RunningSimulator }>('v2 API: authentication, errors, option profiles', { sim: undefined as never })
v2.before.each(async (ctx) => {
  ctx.sim = await startSimulator({ port: 0, clock })
})
v2.after.each(async (ctx) => {
  await ctx.sim.stop()
})

const profiles = '/api/2.0/fo/subscription/option_profile/vm/?action=list'

v2('an expired account gets CODE 2001 inside HTTP 200, byte for byte as captured on US3', async ({ sim }) => {
  const res = await call(sim.url, profiles, { headers: v2Headers(basic(acmeExpired.username, acmeExpired.password)) })
  assert.is(res.status, 200)
  assert.is(res.headers['content-type'], 'text/xml;charset=UTF-8')
  assert.is(res.headers.server, 'Qualys')
  assert.is(
    res.body,
    [
      '<?xml version="1.0" encoding="UTF-8" ?>',
      '<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qg3.apps.qualys.com/api/2.0/simple_return.dtd">',
      '<SIMPLE_RETURN>',
      '  <RESPONSE>',
      '    <DATETIME>2020-11-23T18:29:09Z</DATETIME>',
      '    <CODE>2001</CODE>',
      '    <TEXT>This account has expired.</TEXT>',
      '  </RESPONSE>',
      '</SIMPLE_RETURN>',
      '',
    ].join('\n'),
  )
  assert.is(res.headers['x-ratelimit-limit'], undefined, 'no limit headers on an error answer (as in the US3 recordings)')
})

v2('a wrong password gets 401 with CODE 2000 and no limit headers', async ({ sim }) => {
  const res = await call(sim.url, profiles, { headers: v2Headers(basic(acme.username, 'wrong')) })
  assert.is(res.status, 401)
  assert.ok(res.body.includes('<CODE>2000</CODE>\n    <TEXT>Bad Login/Password</TEXT>'))
  assert.is(res.headers['x-ratelimit-remaining'], undefined)
  assert.is(res.headers['x-concurrency-limit-limit'], undefined)
})

v2('every /api/2.0/ request without X-Requested-With is refused, even with good credentials', async ({ sim }) => {
  const res = await call(sim.url, profiles, { headers: { Authorization: basic(acme.username, acme.password) } })
  assert.is(res.status, 400)
  assert.ok(res.body.includes('X-Requested-With'))
  assert.not.ok(res.body.includes('<OPTION_PROFILES>'))
  const login = await call(sim.url, '/api/2.0/fo/session/', { method: 'POST', ...form({ action: 'login', username: acme.username, password: acme.password }) })
  assert.is(login.status, 400)
  assert.is(login.headers['set-cookie'], undefined)
})

v2('Basic auth answers the option profile list with the captured success headers, in the captured order', async ({ sim }) => {
  const res = await call(sim.url, profiles, { headers: v2Headers() })
  assert.is(res.status, 200)
  assert.is(res.headers.server, 'Apache')
  assert.is(res.headers['x-ratelimit-limit'], '300')
  assert.is(res.headers['x-ratelimit-window-sec'], '3600')
  assert.is(res.headers['x-concurrency-limit-limit'], '2')
  assert.is(res.headers['x-concurrency-limit-running'], '0')
  assert.is(res.headers['x-ratelimit-towait-sec'], '0')
  assert.is(res.headers['x-ratelimit-remaining'], '299')
  assert.is(res.headers['x-powered-by'], 'Qualys:USPOD3:5d3c2b1a-0f9e-4d8c-8b7a-6e5f4d3c2b1a:a1b2c3d4-1111-4aaa-8bbb-000000000001')
  assert.is(res.headers['strict-transport-security'], 'max-age=63072000;, max-age=31536000; includeSubDomains')
  const limitNames = res.rawHeaderNames.filter((n) => /^X-(RateLimit|Concurrency)/.test(n))
  assert.equal(limitNames, ['X-RateLimit-Limit', 'X-RateLimit-Window-Sec', 'X-Concurrency-Limit-Limit', 'X-Concurrency-Limit-Running', 'X-RateLimit-ToWait-Sec', 'X-RateLimit-Remaining'])
  assert.ok(res.body.startsWith('<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE OPTION_PROFILES SYSTEM "https://qualysapi.qg3.apps.qualys.com/api/2.0/fo/subscription/option_profile/option_profile_info.dtd">\n<OPTION_PROFILES>\n'))
  assert.ok(res.body.includes('      <ID>240981</ID>\n      <GROUP_NAME><![CDATA[Initial Options]]></GROUP_NAME>'))
  assert.ok(/<ID>240981<\/ID>[\s\S]*?<IS_DEFAULT>1<\/IS_DEFAULT>/.test(res.body))
  assert.ok(res.body.includes('<GROUP_NAME><![CDATA[PCI Scan]]></GROUP_NAME>'))
  assert.is(res.body.match(/<OPTION_PROFILE>/g)?.length, 3)
  const again = await call(sim.url, profiles, { headers: v2Headers() })
  assert.is(again.headers['x-ratelimit-remaining'], '298')
})

v2('POST with a form body works as GET does; id and title filter; unknown parameters are 1901', async ({ sim }) => {
  const post = await call(sim.url, '/api/2.0/fo/subscription/option_profile/vm/', { method: 'POST', headers: { ...v2Headers(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'action=list' })
  assert.is(post.status, 200)
  assert.is(post.body.match(/<OPTION_PROFILE>/g)?.length, 3)
  const byTitle = await call(sim.url, `${profiles}&title=${encodeURIComponent('PCI Scan')}`, { headers: v2Headers() })
  assert.is(byTitle.body.match(/<ID>(\d+)<\/ID>/g)?.join(), '<ID>240982</ID>')
  const byId = await call(sim.url, `${profiles}&id=240983`, { headers: v2Headers() })
  assert.ok(byId.body.includes('Authenticated Full'))
  assert.is(byId.body.match(/<OPTION_PROFILE>/g)?.length, 1)
  const unknown = await call(sim.url, `${profiles}&colour=blue`, { headers: v2Headers() })
  assert.is(unknown.status, 400)
  assert.ok(unknown.body.includes('<CODE>1901</CODE>\n    <TEXT>Unrecognized parameter(s): colour</TEXT>'))
  const noAction = await call(sim.url, '/api/2.0/fo/subscription/option_profile/vm/', { headers: v2Headers() })
  assert.ok(noAction.body.includes('<CODE>1903</CODE>'))
})

v2('session login sets QualysSession, the cookie opens /api/2.0/ only, logout ends it', async ({ sim }) => {
  const headers = { 'X-Requested-With': 'tests' }
  const login = await call(sim.url, '/api/2.0/fo/session/', { method: 'POST', headers: { ...headers, ...form({}).headers }, body: form({ action: 'login', username: acme.username, password: acme.password }).body })
  assert.is(login.status, 200)
  assert.ok(login.body.includes('<TEXT>Logged in</TEXT>'))
  assert.not.ok(login.body.includes('<CODE>'))
  const setCookie = String(login.headers['set-cookie'])
  assert.match(setCookie, /^QualysSession=[0-9a-f]{32}; path=\/api; secure; HttpOnly$/)
  const cookie = setCookie.split(';')[0]!
  const listed = await call(sim.url, profiles, { headers: { ...headers, Cookie: cookie } })
  assert.is(listed.status, 200)
  assert.ok(listed.body.includes('Initial Options'))
  const gateway = await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: { Cookie: cookie } })
  assert.is(gateway.status, 401, 'the session cookie does not open the gateway')
  const logout = await call(sim.url, '/api/2.0/fo/session/', { method: 'POST', headers: { ...headers, ...form({}).headers, Cookie: cookie }, body: 'action=logout' })
  assert.is(logout.status, 200)
  assert.ok(logout.body.includes('<TEXT>Logged out</TEXT>'))
  const after = await call(sim.url, profiles, { headers: { ...headers, Cookie: cookie } })
  assert.is(after.status, 401)
  assert.is(sim.admin.counters().subscriptions['1003451']?.logins, 1)
  assert.is(sim.admin.counters().subscriptions['1003451']?.logouts, 1)
})

v2('a bad session login is 401 2000; an inactive (EULA) user gets 409 with CODE 2003', async ({ sim }) => {
  const bad = await call(sim.url, '/api/2.0/fo/session/', { method: 'POST', headers: { 'X-Requested-With': 't', ...form({}).headers }, body: form({ action: 'login', username: acme.username, password: 'nope' }).body })
  assert.is(bad.status, 401)
  assert.is(bad.headers['set-cookie'], undefined)
  const inactive = await call(sim.url, profiles, { headers: v2Headers(basic(acmeInactive.username, acmeInactive.password)) })
  assert.is(inactive.status, 409)
  assert.ok(inactive.body.includes('<CODE>2003</CODE>'))
  assert.ok(inactive.body.includes('Registration must be completed'))
})

v2('option profiles are per subscription, on each platform\'s DTD; "Initial Options" can be renamed', async ({ sim }) => {
  const eu = await call(sim.url, profiles, { headers: v2Headers(basic(globex.username, globex.password)) })
  assert.is(eu.status, 200)
  assert.ok(eu.body.includes('SYSTEM "https://qualysapi.qg2.apps.qualys.eu/api/2.0/fo/subscription/option_profile/option_profile_info.dtd"'))
  assert.ok(eu.body.includes('<ID>51451401</ID>'))
  assert.not.ok(eu.body.includes('240981'))
  assert.is(eu.headers['x-concurrency-limit-limit'], '1', "the fixture's own limits")
  sim.admin.renameOptionProfile(1003451, 240981, 'Acme Default')
  const renamed = await call(sim.url, profiles, { headers: v2Headers() })
  assert.ok(renamed.body.includes('<ID>240981</ID>\n      <GROUP_NAME><![CDATA[Acme Default]]></GROUP_NAME>'))
  assert.not.ok(renamed.body.includes('Initial Options'))
})

v2('the activity log answers CSV with the captured truncation footer, and its URL continues the list', async ({ sim }) => {
  await call(sim.url, '/api/2.0/fo/session/', { method: 'POST', headers: { 'X-Requested-With': 't', ...form({}).headers }, body: form({ action: 'login', username: acme.username, password: acme.password }).body })
  await call(sim.url, profiles, { headers: v2Headers() })
  const res = await call(sim.url, '/api/2.0/fo/activity_log/?action=list&username=acme3ab1&truncation_limit=1', { headers: v2Headers() })
  assert.is(res.status, 200)
  assert.is(res.headers['content-type'], 'text/csv;charset=UTF-8')
  assert.is(res.headers['x-ratelimit-remaining'], '298')
  assert.is(res.headers.server, 'Apache')
  const lines = res.body.split('\n')
  assert.equal(lines.slice(0, 2), ['----BEGIN_RESPONSE_BODY_CSV', '"Date","Action","Module","Details","User Name","User Role","User IP"'])
  assert.is(lines[2], '"2020-11-23T18:29:09Z","request","auth","API: /api/2.0/fo/activity_log/index.php","acme3ab1","Manager","127.0.0.1"')
  const id = 326947252 // login, option profiles, then this request: ids count up from 326947250
  assert.equal(lines.slice(3), [
    '----END_RESPONSE_BODY_CSV',
    '----BEGIN_RESPONSE_FOOTER_CSV',
    'WARNING',
    '"CODE","TEXT","URL"',
    `"1980","1 record limit exceeded. Use URL to get next batch of results.","https://qualysapi.qg3.apps.qualys.com/api/2.0/fo/activity_log/?action=list&username=acme3ab1&truncation_limit=1&id_max=${id - 1}"`,
    '----END_RESPONSE_FOOTER_CSV',
    '',
  ])
  const next = await call(sim.url, `/api/2.0/fo/activity_log/?action=list&username=acme3ab1&truncation_limit=0&id_max=${id - 1}`, { headers: v2Headers() })
  const rows = next.body.split('\n').filter((l) => l.startsWith('"2020'))
  assert.equal(rows.map((r) => r.split(',')[1]), ['"request"', '"login"'])
  assert.not.ok(next.body.includes('FOOTER'), 'no footer when nothing was cut')
})

v2('an admitted call that fails still carries the limit headers; an unknown path is a plain 404', async ({ sim }) => {
  const bad = await call(sim.url, `${profiles}&id=abc`, { headers: v2Headers() })
  assert.is(bad.status, 400)
  assert.ok(bad.body.includes('<CODE>1905</CODE>'))
  assert.is(bad.headers['x-ratelimit-remaining'], '299')
  const missing = await call(sim.url, '/api/2.0/fo/nothing/here/', { headers: v2Headers() })
  assert.is(missing.status, 404)
  assert.match(String(missing.headers['content-type']), /^text\/html/)
})

v2('titles are CDATA, even with "]]>" in them; SIMPLE_RETURN text is escaped', async ({ sim }) => {
  sim.admin.renameOptionProfile(1003451, 240982, 'PCI ]]> & <Scan>')
  const res = await call(sim.url, `${profiles}&id=240982`, { headers: v2Headers() })
  assert.ok(res.body.includes('<GROUP_NAME><![CDATA[PCI ]]]]><![CDATA[> & <Scan>]]></GROUP_NAME>'))
  const unknown = await call(sim.url, `${profiles}&a<b=1`, { headers: v2Headers() })
  assert.ok(unknown.body.includes('<TEXT>Unrecognized parameter(s): a&lt;b</TEXT>'))
})

v2.run()

test('an OIDC token on /api/2.0/: taken where the subscription has oidcOnApiServer, else answered like no credentials', async () => {
  const oidc = { ...acmeOidcClient }
  for (const enabled of [false, true]) {
    const fixture = loadDefaultFixture()
    if (enabled) fixture.subscriptions[0]!.oidcOnApiServer = true
    const sim = await startSimulator({ port: 0, clock, fixture })
    try {
      const token = (await call(sim.url, '/auth/oidc', { method: 'POST', headers: oidc })).body
      const res = await call(sim.url, profiles, { headers: v2Headers(`Bearer ${token}`) })
      if (enabled) {
        assert.is(res.status, 200, res.body)
        assert.ok(res.body.includes('<OPTION_PROFILES>'), res.body)
      } else {
        assert.is(res.status, 401)
        assert.ok(res.body.includes('<CODE>2000</CODE>'), res.body)
      }
      // A password token (POST /auth) is no API server credential either way: the docs speak of OIDC clients only.
      const password = await call(sim.url, profiles, { headers: v2Headers(`Bearer ${await gatewayToken(sim.url)}`) })
      assert.is(password.status, 401, `password token, oidcOnApiServer ${enabled}`)
    } finally {
      await sim.stop()
    }
  }
})

test('fixture oidcOnApiServer must be true or false', () => {
  const fixture = loadDefaultFixture() as unknown as { subscriptions: Record<string, unknown>[] }
  fixture.subscriptions[0]!.oidcOnApiServer = 'yes'
  assert.throws(() => parseFixture(fixture), /subscriptions\[0\]\.oidcOnApiServer: expected true or false/)
})

test.run()
