import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator, type RunningSimulator } from './index.js'
import { seedCreateRequest } from '@scanplan/test-support/seed-request'
import { call, form, gatewayToken, postJson, testClock } from './test-support/http.js'
import { acme, acmeExpired, acmeOidcClient, azureAppSecret, globex, initech } from '@scanplan/test-support/simulator-credentials'

const clock = testClock('2026-03-01T08:00:00Z')
const gw = suite<{ sim: RunningSimulator }>('gateway: /auth, /auth/oidc, organization connectors', { sim: undefined as never })
gw.before.each(async (ctx) => {
  clock.set('2026-03-01T08:00:00Z')
  ctx.sim = await startSimulator({ port: 0, clock })
})
gw.after.each(async (ctx) => {
  await ctx.sim.stop()
})

const create = '/connectors/v1.0/org/azure/'

gw('POST /auth answers 201 with the raw JWT; bad credentials are 401', async ({ sim }) => {
  const res = await call(sim.url, '/auth', { method: 'POST', ...form({ username: acme.username, password: acme.password, token: 'true' }) })
  assert.is(res.status, 201)
  const parts = res.body.split('.')
  assert.is(parts.length, 3, 'a JWT, not JSON')
  const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as { sub: string; exp: number; iat: number }
  assert.is(claims.sub, 'acme3ab1')
  assert.is(claims.exp - claims.iat, 4 * 3600, 'tokens last 4 hours by default')
  const bad = await call(sim.url, '/auth', { method: 'POST', ...form({ username: acme.username, password: 'wrong', token: 'true' }) })
  assert.is(bad.status, 401)
  assert.not.ok(bad.body.includes('wrong'))
  const expired = await call(sim.url, '/auth', { method: 'POST', ...form({ ...acmeExpired, token: 'true' }) })
  assert.is(expired.status, 401)
  assert.ok(expired.body.includes('This account has expired.'))
})

gw('a token expires after its lifetime; an edited token is refused', async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  const auth = { Authorization: `Bearer ${token}` }
  assert.is((await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: auth })).status, 200)
  clock.advance(4 * 3600 * 1000 - 1000)
  assert.is((await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: auth })).status, 200)
  clock.advance(1000)
  const expired = await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: auth })
  assert.is(expired.status, 401)
  assert.is(JSON.parse(expired.body).message, 'token expired')
  const [h, p, s] = (await gatewayToken(sim.url)).split('.')
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), exp: 9999999999 })).toString('base64url')
  assert.is((await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: { Authorization: `Bearer ${h}.${forged}.${s}` } })).status, 401)
  assert.is((await call(sim.url, '/connectors/v1.0/AZURE/list')).status, 401)
})

gw('the token lifetime is configurable', async () => {
  const sim = await startSimulator({ port: 0, clock, tokenTtlSec: 60 })
  try {
    const auth = { Authorization: `Bearer ${await gatewayToken(sim.url)}` }
    clock.advance(60_000)
    assert.is((await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: auth })).status, 401)
  } finally {
    await sim.stop()
  }
})

gw('POST /auth/oidc takes clientId/clientSecret headers and answers a token', async ({ sim }) => {
  const res = await call(sim.url, '/auth/oidc', { method: 'POST', headers: { ...acmeOidcClient } })
  assert.is(res.status, 201)
  const list = await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: { Authorization: `Bearer ${res.body}` } })
  assert.is(list.status, 200)
  const bad = await call(sim.url, '/auth/oidc', { method: 'POST', headers: { clientId: '0c1d2e3f-4a5b-4c6d-8e7f-000000000a01', clientSecret: 'nope' } })
  assert.is(bad.status, 401)
})

gw("creating the seed's connector answers the seed's response shape, key for key", async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  const res = await postJson(sim.url, create, token, seedCreateRequest())
  assert.is(res.status, 200)
  const body = JSON.parse(res.body) as Record<string, unknown>
  assert.equal(Object.keys(body), [
    'id', 'name', 'description', 'uuid', 'orgRunFrequency', 'connectorRunFrequency', 'lastSynced', 'nextSync', 'type', 'customerId',
    'userUuid', 'userName', 'lastError', 'state', 'connectorPrefixName', 'defaultTagIds', 'connectorAppInfos', 'connectorCapabilities',
    'lastSuccessfulSync', 'createdBy', 'organizationId', 'isCPSEnabled', 'isSnapshotScanEnabled', 'tenantId', 'applicationId',
    'autoActivateVM', 'autoActivatePC', 'autoActivateSCA', 'autoActivateCertView', 'autoActivateCV', 'includedMem', 'excludedMem',
    'connectorScanSetting', 'connectorScanConfig', 'createConnectorForNewSubscriptionsAutomatically',
    'disableConnectorsForDeletedManagementGroups', 'disabled', 'deleted', 'remediationEnabled',
  ])
  assert.is(body.id, 186015)
  assert.match(String(body.uuid), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.is(body.state, 'PENDING')
  assert.is(body.type, 'AZURE')
  assert.is(body.userName, 'acme3ab1')
  assert.is(body.lastSynced, '2026-03-01T08:00:00.000+00:00')
  assert.is(body.nextSync, '2026-03-01T09:00:00.000+00:00')
  assert.equal(body.connectorScanSetting, { isAutoScanEnabled: false, isCustomScanConfigEnabled: true })
  assert.equal(body.connectorScanConfig, { scanPrefix: 'custom-scan', type: 'CUSTOM', optionProfileId: 240981, recurrence: 'DAILY', startDate: '10/05/2023', startTime: '12:00', timezone: 'Asia/Colombo' })
  assert.equal(body.connectorAppInfos, [
    { name: 'AI', identifier: '11111111-2222-4333-8444-555555555501', tagId: null, isTagAttachedToOrgConnector: null, tagMetadata: null },
    { name: 'CI', identifier: '11111111-2222-4333-8444-555555555502', tagId: null, isTagAttachedToOrgConnector: null, tagMetadata: null },
    { name: 'CSA', identifier: '11111111-2222-4333-8444-555555555503', tagId: null, isTagAttachedToOrgConnector: null, tagMetadata: null },
  ])
  assert.equal(body.connectorCapabilities, ['AI', 'CI', 'CSA'])
  assert.is(body.remediationEnabled, true)
  assert.is(body.createConnectorForNewSubscriptionsAutomatically, true)
  assert.is(body.disableConnectorsForDeletedManagementGroups, true)
  assert.not.ok('secretValue' in body, 'the app secret is never echoed')
  assert.not.ok(res.body.includes(azureAppSecret))
  assert.is(sim.admin.counters().subscriptions['1003451']!.connectorCreates, 1)
  // Read back by id, and in the list, in the same shape.
  const got = await call(sim.url, `/connectors/v1.0/org/azure/${body.id}`, { headers: { Authorization: `Bearer ${token}` } })
  assert.equal(JSON.parse(got.body), body)
  const list = JSON.parse((await call(sim.url, '/connectors/v1.0/AZURE/list?pageNumber=0&pageSize=100', { headers: { Authorization: `Bearer ${token}` } })).body)
  assert.equal(list, { currentPage: 0, currentPageSize: 100, totalPages: 1, numberOfElements: 1, content: [body] })
})

async function rejects(sim: RunningSimulator, edit: (b: Record<string, any>) => void, field: string, message: RegExp) {
  const token = await gatewayToken(sim.url)
  const body = seedCreateRequest() as Record<string, any>
  edit(body)
  const res = await postJson(sim.url, create, token, body)
  assert.is(res.status, 400, `expected 400 for ${field}, got ${res.status}: ${res.body}`)
  const errors = JSON.parse(res.body).errors as Array<{ field: string; message: string }>
  const hit = errors.find((e) => e.field === field)
  assert.ok(hit, `no error on ${field}: ${res.body}`)
  assert.match(hit!.message, message)
  assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 0, 'nothing is created')
}

gw("the Qualys samples' placeholder ids are refused with 400, as a service that reads the tenant through Azure would", async ({ sim }) => {
  const placeholder = 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'
  await rejects(sim, (b) => (b.tenantId = placeholder), 'tenantId', /must be an Azure id/)
  await rejects(sim, (b) => (b.applicationId = placeholder), 'applicationId', /must be an Azure id/)
  await rejects(sim, (b) => (b.connectorAppInfos[0].identifier = placeholder), 'connectorAppInfos[0].identifier', /must be an Azure id/)
})

gw('enable/disable (PUT .../status/?action=DISABLE|ENABLE, a JSON array of ids): the list and the state show it; an update keeps it', async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  const created = JSON.parse((await postJson(sim.url, create, token, seedCreateRequest())).body) as { id: number; disabled: boolean }
  assert.is(created.disabled, false)
  const disabled = await postJson(sim.url, '/connectors/v1.0/org/azure/status/?action=DISABLE', token, [created.id], 'PUT')
  assert.is(disabled.status, 200, disabled.body)
  assert.is(JSON.parse(disabled.body).content[0].disabled, true)
  const list = JSON.parse((await call(sim.url, '/connectors/v1.0/AZURE/list?pageNumber=0&pageSize=10', { headers: { Authorization: `Bearer ${token}` } })).body)
  assert.is(list.content[0].disabled, true)
  assert.is(sim.admin.state().subscriptions[0]!.connectors[0]!.disabled, true)
  const updated = await postJson(sim.url, `${create}${created.id}/`, token, { ...seedCreateRequest(), description: 'changed' }, 'PUT')
  assert.is(JSON.parse(updated.body).disabled, true, 'an update does not enable')
  await postJson(sim.url, '/connectors/v1.0/org/azure/status/?action=ENABLE', token, [created.id], 'PUT')
  assert.is(sim.admin.state().subscriptions[0]!.connectors[0]!.disabled, false)
  const unknown = await postJson(sim.url, '/connectors/v1.0/org/azure/status/?action=DISABLE', token, [created.id, 424242], 'PUT')
  assert.is(unknown.status, 404)
  assert.is(sim.admin.state().subscriptions[0]!.connectors[0]!.disabled, false, 'all ids or nothing')
})

gw('mandatory fields are checked', async ({ sim }) => {
  for (const field of ['applicationId', 'secretValue', 'tenantId', 'name', 'connectorAppInfos', 'orgRunFrequency', 'connectorRunFrequency']) {
    await rejects(sim, (b) => delete b[field], field, /mandatory/)
  }
})

gw('daysOfWeek only with WEEKLY, and WEEKLY needs days', async ({ sim }) => {
  await rejects(sim, (b) => (b.connectorScanConfig.daysOfWeek = ['MON']), 'connectorScanConfig.daysOfWeek', /only applicable when recurrence is WEEKLY/)
  await rejects(sim, (b) => (b.connectorScanConfig.recurrence = 'WEEKLY'), 'connectorScanConfig.daysOfWeek', /at least one day/)
  await rejects(sim, (b) => Object.assign(b.connectorScanConfig, { recurrence: 'WEEKLY', daysOfWeek: ['MONDAY'] }), 'connectorScanConfig.daysOfWeek', /SUN, MON/)
  await rejects(sim, (b) => (b.connectorScanConfig.recurrence = 'MONTHLY'), 'connectorScanConfig.recurrence', /DAILY or WEEKLY/)
  const token = await gatewayToken(sim.url)
  const weekly = seedCreateRequest() as Record<string, any>
  Object.assign(weekly.connectorScanConfig, { recurrence: 'WEEKLY', daysOfWeek: ['MON', 'WED'] })
  const res = await postJson(sim.url, create, token, weekly)
  assert.is(res.status, 200)
  assert.equal(JSON.parse(res.body).connectorScanConfig.daysOfWeek, ['MON', 'WED'])
})

gw('date and time formats: startDate mm/dd/yyyy (a real date), startTime HH:MM 24 h, an IANA time zone', async ({ sim }) => {
  await rejects(sim, (b) => (b.connectorScanConfig.startDate = '2023-10-05'), 'connectorScanConfig.startDate', /mm\/dd\/yyyy/)
  await rejects(sim, (b) => (b.connectorScanConfig.startDate = '02/30/2024'), 'connectorScanConfig.startDate', /mm\/dd\/yyyy/)
  await rejects(sim, (b) => (b.connectorScanConfig.startTime = '24:00'), 'connectorScanConfig.startTime', /HH:MM/)
  await rejects(sim, (b) => (b.connectorScanConfig.startTime = '9:00'), 'connectorScanConfig.startTime', /HH:MM/)
  await rejects(sim, (b) => (b.connectorScanConfig.timezone = 'Mars/Olympus'), 'connectorScanConfig.timezone', /unknown time zone/)
})

gw('the option profile id must be a number known in the subscription', async ({ sim }) => {
  await rejects(sim, (b) => (b.connectorScanConfig.optionProfileId = 'Initial Options'), 'connectorScanConfig.optionProfileId', /numeric/)
  await rejects(sim, (b) => (b.connectorScanConfig.optionProfileId = 51451401), 'connectorScanConfig.optionProfileId', /no option profile with id 51451401/)
})

gw('CPS needs VM: autoActivateVM in the body and the VM module in the subscription', async ({ sim }) => {
  await rejects(sim, (b) => (b.autoActivateVM = false), 'autoActivateVM', /VM/)
  const token = await gatewayToken(sim.url, initech.username, initech.password)
  const body = seedCreateRequest() as Record<string, any>
  body.connectorScanConfig.optionProfileId = 880001
  const res = await postJson(sim.url, create, token, body)
  assert.is(res.status, 400)
  assert.match(res.body, /VM module, which is not activated/)
})

gw('unknown fields, wrong types and scan settings without CPS are refused', async ({ sim }) => {
  await rejects(sim, (b) => (b.isCpsEnabled = true), 'isCpsEnabled', /unrecognized/)
  await rejects(sim, (b) => (b.isRemediationEnabled = 'yes'), 'isRemediationEnabled', /true or false/)
  await rejects(sim, (b) => (b.isCPSEnabled = false), 'connectorScanConfig', /isCPSEnabled/)
  await rejects(sim, (b) => (b.connectorScanSetting.isCustomScanConfigEnabled = false), 'connectorScanConfig', /isCustomScanConfigEnabled/)
  await rejects(sim, (b) => (b.orgRunFrequency = { hours: 200, minutes: 0 }), 'orgRunFrequency', /at most 7 days/)
  await rejects(sim, (b) => (b.connectorAppInfos = [{ name: 'XX', identifier: 'x' }]), 'connectorAppInfos[0].name', /AI, CI, CSA/)
  const token = await gatewayToken(sim.url)
  const notJson = await call(sim.url, create, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"optionProfileId": Initial Options}' })
  assert.is(notJson.status, 400)
  assert.match(JSON.parse(notJson.body).message, /not valid JSON/)
  const wrongType = await call(sim.url, create, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' }, body: JSON.stringify(seedCreateRequest()) })
  assert.is(wrongType.status, 415)
})

gw('names are unique per subscription; another subscription may reuse one', async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  assert.is((await postJson(sim.url, create, token, seedCreateRequest())).status, 200)
  const again = await postJson(sim.url, create, token, seedCreateRequest())
  assert.is(again.status, 400)
  assert.match(again.body, /already exists/)
  const globexToken = await gatewayToken(sim.url, globex.username, globex.password)
  const body = seedCreateRequest() as Record<string, any>
  body.connectorScanConfig.optionProfileId = 51451402
  const other = await postJson(sim.url, create, globexToken, body)
  assert.is(other.status, 200)
  assert.is(JSON.parse(other.body).id, 52001)
  const acmeList = JSON.parse((await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: { Authorization: `Bearer ${token}` } })).body)
  assert.is(acmeList.content.length, 1, 'each subscription lists its own connectors')
  assert.is((await call(sim.url, '/connectors/v1.0/org/azure/52001', { headers: { Authorization: `Bearer ${token}` } })).status, 404)
})

gw('a rename frees the old name and takes the new one (the name index follows updates)', async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  const first = JSON.parse((await postJson(sim.url, create, token, seedCreateRequest())).body)
  const second = seedCreateRequest()
  second.name = 'second tenant'
  const created = JSON.parse((await postJson(sim.url, create, token, second)).body)
  const renamed = seedCreateRequest()
  renamed.name = 'renamed tenant'
  assert.is((await postJson(sim.url, `${create}${first.id}`, token, renamed, 'PUT')).status, 200)
  // The old name is free again; the new one and the untouched one are taken.
  assert.is((await postJson(sim.url, create, token, seedCreateRequest())).status, 200)
  const taken = await postJson(sim.url, create, token, renamed)
  assert.is(taken.status, 400)
  assert.match(taken.body, /renamed tenant.*already exists/)
  const clash = seedCreateRequest()
  clash.name = 'second tenant'
  const onto = await postJson(sim.url, `${create}${first.id}`, token, clash, 'PUT')
  assert.is(onto.status, 400, 'an update may not take another connector\'s name')
  assert.match(onto.body, /already exists/)
  // An update that keeps its own name is not a clash with itself.
  assert.is((await postJson(sim.url, `${create}${created.id}`, token, second, 'PUT')).status, 200)
})

gw('the counters record the most gateway calls of a subscription running at once', async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  sim.admin.setFaults({ latencyMs: 400, match: { pathPrefix: '/connectors/' } })
  const list = () => call(sim.url, '/connectors/v1.0/AZURE/list', { headers: { Authorization: `Bearer ${token}` } })
  await Promise.all([list(), list(), list()])
  assert.is(sim.admin.counters().subscriptions['1003451']!.gatewayMaxConcurrent, 3)
  await list()
  assert.is(sim.admin.counters().subscriptions['1003451']!.gatewayMaxConcurrent, 3, 'a maximum, not the last count')
})

gw('PUT updates in place, with or without the trailing slash; POST on an id is 405', async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  const created = JSON.parse((await postJson(sim.url, create, token, seedCreateRequest())).body)
  clock.advance(60_000)
  const body = seedCreateRequest() as Record<string, any>
  Object.assign(body.connectorScanConfig, { recurrence: 'WEEKLY', daysOfWeek: ['MON', 'WED'] })
  body.description = 'changed'
  const put = await postJson(sim.url, `/connectors/v1.0/org/azure/${created.id}/`, token, body, 'PUT')
  assert.is(put.status, 200, put.body)
  const updated = JSON.parse(put.body)
  assert.is(updated.id, created.id)
  assert.is(updated.uuid, created.uuid)
  assert.is(updated.lastSynced, created.lastSynced)
  assert.is(updated.description, 'changed')
  assert.equal(updated.connectorScanConfig.daysOfWeek, ['MON', 'WED'])
  body.description = 'again'
  const noSlash = await postJson(sim.url, `/connectors/v1.0/org/azure/${created.id}`, token, body, 'PUT')
  assert.is(noSlash.status, 200)
  assert.is(JSON.parse(noSlash.body).description, 'again')
  body.tenantId = '00000000-0000-4000-8000-000000000000'
  assert.is((await postJson(sim.url, `/connectors/v1.0/org/azure/${created.id}`, token, body, 'PUT')).status, 400)
  assert.is((await postJson(sim.url, '/connectors/v1.0/org/azure/999999/', token, seedCreateRequest(), 'PUT')).status, 404)
  const post = await postJson(sim.url, `/connectors/v1.0/org/azure/${created.id}`, token, seedCreateRequest())
  assert.is(post.status, 405)
  assert.is(post.headers.allow, 'GET, PUT')
  assert.is(sim.admin.counters().subscriptions['1003451']!.connectorUpdates, 2)
  assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 1)
})

gw('the list pages through content[]', async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  for (let i = 0; i < 5; i++) {
    const body = seedCreateRequest()
    body.name = `tenant ${i}`
    assert.is((await postJson(sim.url, create, token, body)).status, 200)
  }
  const page = JSON.parse((await call(sim.url, '/connectors/v1.0/AZURE/list?pageNumber=2&pageSize=2', { headers: { Authorization: `Bearer ${token}` } })).body)
  assert.is(page.currentPage, 2)
  assert.is(page.totalPages, 3)
  assert.is(page.numberOfElements, 1)
  assert.equal(page.content.map((c: { name: string }) => c.name), ['tenant 4'])
  assert.is((await call(sim.url, '/connectors/v1.0/AZURE/list?pageSize=0', { headers: { Authorization: `Bearer ${token}` } })).status, 400)
})

gw('parallel creates of one name create one connector; Basic credentials do not open the gateway', async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  sim.admin.setFaults({ latencyMs: 100, match: { pathPrefix: '/connectors/' } })
  const answers = await Promise.all(Array.from({ length: 4 }, () => postJson(sim.url, create, token, seedCreateRequest())))
  assert.equal(answers.map((a) => a.status).sort(), [200, 400, 400, 400])
  assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 1)
  assert.is(sim.admin.counters().subscriptions['1003451']!.connectorCreates, 1)
  const basicAuth = await call(sim.url, '/connectors/v1.0/AZURE/list', { headers: { Authorization: `Basic ${Buffer.from(`${acme.username}:${acme.password}`).toString('base64')}` } })
  assert.is(basicAuth.status, 401)
})

gw('VM activation can be switched off through the admin endpoint, and CPS creates are then refused', async ({ sim }) => {
  const admin = { Authorization: `Bearer ${sim.admin.token}` }
  const patched = await call(sim.url, '/__admin/subscriptions/1003451', { method: 'PATCH', headers: admin, body: JSON.stringify({ vmActivated: false }) })
  assert.is(patched.status, 200)
  const res = await postJson(sim.url, create, await gatewayToken(sim.url), seedCreateRequest())
  assert.is(res.status, 400)
  assert.match(res.body, /VM module, which is not activated/)
  const noCps = seedCreateRequest()
  delete noCps.connectorScanSetting
  delete noCps.connectorScanConfig
  noCps.isCPSEnabled = false
  const plain = await postJson(sim.url, create, await gatewayToken(sim.url), noCps)
  assert.is(plain.status, 200, plain.body)
  const view = JSON.parse(plain.body)
  assert.is(view.isCPSEnabled, false)
  assert.is(view.connectorScanConfig, null)
  assert.equal(view.connectorScanSetting, { isAutoScanEnabled: false, isCustomScanConfigEnabled: false })
})

gw('connectors are disabled and enabled through the status API; an update keeps the status', async ({ sim }) => {
  const token = await gatewayToken(sim.url)
  const created = JSON.parse((await postJson(sim.url, create, token, seedCreateRequest())).body)
  const disabled = await postJson(sim.url, '/connectors/v1.0/org/azure/status/?action=DISABLE', token, [created.id], 'PUT')
  assert.is(disabled.status, 200, disabled.body)
  assert.is(JSON.parse(disabled.body).content[0].disabled, true)
  const updated = JSON.parse((await postJson(sim.url, `/connectors/v1.0/org/azure/${created.id}`, token, seedCreateRequest(), 'PUT')).body)
  assert.is(updated.disabled, true)
  const enabled = await postJson(sim.url, '/connectors/v1.0/org/azure/status/?action=ENABLE', token, [created.id])
  assert.is(JSON.parse(enabled.body).content[0].disabled, false)
  assert.is((await postJson(sim.url, '/connectors/v1.0/org/azure/status/?action=DISABLE', token, [created.id, 999], 'PUT')).status, 404)
  assert.is(sim.admin.state().subscriptions[0]!.connectors[0]!.disabled, false, 'nothing changed when one id is unknown')
  assert.is((await postJson(sim.url, '/connectors/v1.0/org/azure/status/?action=PAUSE', token, [created.id], 'PUT')).status, 400)
})

gw.run()
