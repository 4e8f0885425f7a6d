import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  buildCreateOrgConnector,
  buildUpdateOrgConnector,
  orgConnectorEndpoints,
  updateOrgConnectorRequest,
  secretMask,
  withSecretValue,
  type OrgConnectorSettings,
} from './index.js'

const settings = (over: Partial<OrgConnectorSettings> = {}): OrgConnectorSettings => ({
  name: 'Tenant A',
  tenantId: '11111111-2222-4333-8444-555555555555',
  applicationId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
  secretValue: secretMask,
  apps: [{ identifier: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff', name: 'AI', tagId: null }],
  orgRunFrequency: { hours: 1, minutes: 0 },
  connectorRunFrequency: { hours: 4, minutes: 30 },
  includedManagementGroups: [],
  excludedManagementGroups: ['Sandbox'],
  defaultTagIds: [7],
  autoActivate: ['VM', 'PC'],
  createConnectorsForNewSubscriptions: true,
  disableConnectorsForDeletedManagementGroups: false,
  assignStaticTagToAssets: false,
  assignStaticTagToConnector: true,
  createStaticTagsForManagementGroups: false,
  remediation: false,
  perimeterScan: { mode: 'off' },
  ...over,
})

test('create is POST to the collection, update PUT to the id (the seed), methods kept in one table', () => {
  const create = buildCreateOrgConnector(settings())
  assert.is(create.method, 'POST')
  assert.is(create.path, '/connectors/v1.0/org/azure/')
  const update = buildUpdateOrgConnector(186015, settings())
  assert.is(update.method, 'PUT')
  assert.is(update.path, '/connectors/v1.0/org/azure/186015/')
  assert.is(orgConnectorEndpoints.update.method, 'PUT')
  assert.equal(update.body, create.body)
  assert.throws(() => buildUpdateOrgConnector(0, settings()), /positive integer/)
  assert.throws(() => buildUpdateOrgConnector(1.5, settings()), /positive integer/)
})

test('CPS off: isCPSEnabled false and no scan blocks; absent optional fields are left out', () => {
  const body = buildCreateOrgConnector(settings()).body
  assert.is(body.isCPSEnabled, false)
  assert.not.ok('connectorScanSetting' in body)
  assert.not.ok('connectorScanConfig' in body)
  assert.not.ok('description' in body)
  assert.not.ok('tenantName' in body)
  assert.is(body.autoActivateVM, true)
  assert.is(body.autoActivatePC, true)
  assert.is(body.autoActivateCV, false)
  assert.equal(body.connectorRunFrequency, { hours: 4, minutes: 30 })
  assert.is(body.isAssignStaticTagToConnector, true)
})

test('CPS global: custom scan configuration off and no connectorScanConfig', () => {
  const body = buildCreateOrgConnector(settings({ perimeterScan: { mode: 'global' } })).body
  assert.is(body.isCPSEnabled, true)
  assert.equal(body.connectorScanSetting, { isCustomScanConfigEnabled: false })
  assert.not.ok('connectorScanConfig' in body)
})

test('CPS custom: the scan config in the seed key order, daysOfWeek only for WEEKLY', () => {
  const config = { scanPrefix: 'p', optionProfileId: 9, recurrence: 'WEEKLY' as const, startDate: '01/04/2027', startTime: '22:00', timezone: 'Europe/Rome', daysOfWeek: ['MON' as const, 'THU' as const] }
  const body = buildCreateOrgConnector(settings({ perimeterScan: { mode: 'custom', config } })).body
  assert.equal(Object.keys(body.connectorScanConfig!), ['scanPrefix', 'optionProfileId', 'recurrence', 'startDate', 'startTime', 'timezone', 'daysOfWeek'])
  assert.equal(body.connectorScanConfig!.daysOfWeek, ['MON', 'THU'])
  const daily = buildCreateOrgConnector(settings({ perimeterScan: { mode: 'custom', config: { ...config, recurrence: 'DAILY' } } })).body
  assert.equal(daily.connectorScanConfig!.daysOfWeek, [])
  assert.equal(Object.keys(body).slice(-3), ['isCPSEnabled', 'connectorScanSetting', 'connectorScanConfig'])
})

test('the secret is masked until the client fills it in, in place (key order kept)', () => {
  const body = buildCreateOrgConnector(settings()).body
  assert.is(body.secretValue, '***')
  const filled = withSecretValue(body, 's3cret')
  assert.is(filled.secretValue, 's3cret')
  assert.equal(Object.keys(filled), Object.keys(body))
  assert.is(body.secretValue, '***', 'the original stays masked')
})

test.run()

test('the update in the other forms a gateway may want: POST without the trailing slash, the uuid in the path', () => {
  const body = buildCreateOrgConnector(settings()).body
  assert.equal(
    [updateOrgConnectorRequest(7, body, { method: 'POST', by: 'id' }), updateOrgConnectorRequest(7, body, { method: 'PUT', by: 'uuid' }, 'a-b/c')].map((r) => `${r.method} ${r.path}`),
    ['POST /connectors/v1.0/org/azure/7', 'PUT /connectors/v1.0/org/azure/a-b%2Fc/'],
  )
  assert.throws(() => updateOrgConnectorRequest(7, body, { method: 'PUT', by: 'uuid' }), /needs its uuid/)
})
