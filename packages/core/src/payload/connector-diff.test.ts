import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { describeOrgConnectorCreate, diffOrgConnector } from './connector-diff.js'

// The seed's request body and sample response (docs/spec.md's seed example), with a numeric option profile.
const request = {
  applicationId: 'app-1',
  secretValue: 'app-secret-do-not-show',
  autoActivateVM: true,
  autoActivatePC: false,
  connectorAppInfos: [
    { identifier: 'i-ai', name: 'AI', tagId: null },
    { identifier: 'i-ci', name: 'CI', tagId: null },
  ],
  connectorPrefixName: 'CPS Name',
  connectorRunFrequency: { hours: 1, minutes: 0 },
  defaultTagIds: [],
  description: 'Testing Org',
  excludedMem: [],
  includedMem: ['QAtesting4', 'B'],
  isAssignStaticTagToConnector: false,
  isCreateConnectorForNewSubscriptionsAutomatically: true,
  isDisableConnectorsForDeletedManagementGroups: true,
  isRemediationEnabled: true,
  name: 'Acme',
  orgRunFrequency: { hours: 1, minutes: 0 },
  tenantId: 't-1',
  tenantName: 'Tenant name',
  isCPSEnabled: true,
  connectorScanSetting: { isCustomScanConfigEnabled: true },
  connectorScanConfig: {
    scanPrefix: 'custom-scan',
    optionProfileId: 240981,
    recurrence: 'DAILY',
    startDate: '10/05/2023',
    startTime: '12:00',
    timezone: 'Asia/Colombo',
    daysOfWeek: [],
  },
}

const response = {
  id: 186015,
  name: 'Acme',
  description: 'Testing Org',
  uuid: 'u-1',
  orgRunFrequency: { hours: 1, minutes: 0 },
  connectorRunFrequency: { minutes: 0, hours: 1 },
  state: 'PENDING',
  connectorPrefixName: 'CPS Name',
  defaultTagIds: [],
  connectorAppInfos: [
    { name: 'CI', identifier: 'i-ci', tagId: null, isTagAttachedToOrgConnector: null, tagMetadata: null },
    { name: 'AI', identifier: 'i-ai', tagId: null, isTagAttachedToOrgConnector: null, tagMetadata: null },
  ],
  isCPSEnabled: true,
  tenantId: 't-1',
  applicationId: 'app-1',
  autoActivateVM: true,
  autoActivatePC: false,
  includedMem: ['B', 'QAtesting4'],
  excludedMem: [],
  connectorScanSetting: { isAutoScanEnabled: false, isCustomScanConfigEnabled: true },
  connectorScanConfig: {
    scanPrefix: 'custom-scan',
    type: 'CUSTOM',
    optionProfileId: 240981,
    recurrence: 'DAILY',
    startDate: '10/05/2023',
    startTime: '12:00',
    timezone: 'Asia/Colombo',
  },
  createConnectorForNewSubscriptionsAutomatically: true,
  disableConnectorsForDeletedManagementGroups: true,
  disabled: false,
  deleted: false,
  remediationEnabled: true,
}

test('the seed request and its own response are the same connector: no change', () => {
  assert.equal(diffOrgConnector(request, response), [])
})

test('renamed fields are compared under their response names', () => {
  const diff = diffOrgConnector({ ...request, isRemediationEnabled: false }, response)
  assert.equal(diff, [{ field: 'isRemediationEnabled', old: true, new: false }])
})

test('a schedule change names the nested fields that moved', () => {
  const desired = {
    ...request,
    connectorScanConfig: { ...request.connectorScanConfig, recurrence: 'WEEKLY', daysOfWeek: ['MON', 'WED'], startTime: '09:30' },
  }
  assert.equal(diffOrgConnector(desired, response), [
    { field: 'connectorScanConfig.recurrence', old: 'DAILY', new: 'WEEKLY' },
    { field: 'connectorScanConfig.startTime', old: '12:00', new: '09:30' },
    { field: 'connectorScanConfig.daysOfWeek', old: undefined, new: ['MON', 'WED'] },
  ])
})

test('days of the week are a set: the order Qualys echoes them in (as sent, e.g. by another tool) is no change', () => {
  const weekly = (days: string[]) => ({ ...request, connectorScanConfig: { ...request.connectorScanConfig, recurrence: 'WEEKLY', daysOfWeek: days } })
  const live = weekly(['SAT', 'MON'])
  assert.equal(diffOrgConnector(weekly(['MON', 'SAT']), live), [])
  assert.equal(diffOrgConnector(weekly(['MON', 'SUN']), live), [{ field: 'connectorScanConfig.daysOfWeek', old: ['SAT', 'MON'], new: ['MON', 'SUN'] }])
})

test('the secret is never compared, nor shown in a create', () => {
  assert.equal(diffOrgConnector({ ...request, secretValue: 'another' }, response), [])
  const create = describeOrgConnectorCreate(request)
  const secret = create.find((c) => c.field === 'secretValue')
  assert.equal(secret, { field: 'secretValue', old: undefined, new: undefined, sensitive: true })
  assert.not.ok(JSON.stringify(create).includes('app-secret-do-not-show'))
  assert.ok(create.some((c) => c.field === 'connectorScanConfig.optionProfileId' && c.new === 240981))
})

test('app infos: extra response keys ignored, a changed identifier is a change', () => {
  const live = { ...response, connectorAppInfos: [{ name: 'AI', identifier: 'other', tagId: null, tagMetadata: null }] }
  const diff = diffOrgConnector(request, live)
  assert.equal(diff.map((d) => d.field), ['connectorAppInfos'])
})

test('a value the live connector does not report cannot be compared and is left out', () => {
  const { tenantName: _, ...live } = { ...response, tenantName: undefined }
  assert.equal(diffOrgConnector({ ...request, tenantName: 'Renamed' }, live), [])
})

test('echoes Qualys may send are the same values: minutes as strings, rounded days, a string optionProfileId', () => {
  const echoed = {
    ...response,
    orgRunFrequency: '1440',
    connectorRunFrequency: '1440',
    connectorScanConfig: { ...response.connectorScanConfig, optionProfileId: '240981' },
  }
  assert.equal(diffOrgConnector(request, echoed), [])
  // The documented listings name the organization's frequency `runFrequency`.
  const { orgRunFrequency: _o, ...listed } = { ...echoed, runFrequency: '60' }
  assert.equal(diffOrgConnector(request, listed), [])
  const other = { ...echoed, connectorScanConfig: { ...echoed.connectorScanConfig, optionProfileId: '240982' }, connectorRunFrequency: '2880' }
  assert.equal(diffOrgConnector(request, other).map((c) => c.field).sort(), ['connectorRunFrequency', 'connectorScanConfig.optionProfileId'])
})

test.run()
