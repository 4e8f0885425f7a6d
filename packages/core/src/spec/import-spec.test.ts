import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { parse } from 'yaml'
import { diffOrgConnector } from '../payload/connector-diff.js'
import { compileSpec } from './compile.js'
import { renderImportedSpec, type ImportSpecInput } from './import-spec.js'

const now = new Date('2026-12-04T09:00:00Z')
const sourceSpec = `# the account of the Acme production estate
source:
  site: acme-prod
  username: acme3ab1   # US3
  auth: session
  password: { env: ACME_PROD_QUALYS_PASSWORD }
connectors: []
`

/** A live connector as the create answer and the listing show it (the seed's sample response, realistic ids). */
function live(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 186015,
    name: 'Acme production',
    description: 'Production',
    uuid: '3f0c1b2a-9d8e-4f7a-b6c5-d4e3f2a1b0c9',
    orgRunFrequency: { hours: 1, minutes: 0 },
    connectorRunFrequency: { minutes: 30, hours: 1 },
    state: 'PENDING',
    connectorPrefixName: 'acme',
    defaultTagIds: [17, 3],
    connectorAppInfos: [
      { name: 'CI', identifier: '2c5e8a1b-4d7f-4a3c-9b6e-8d1f2a3b4c5d', tagId: null, isTagAttachedToOrgConnector: null, tagMetadata: null },
      { name: 'AI', identifier: '7b1d3f5a-2c4e-4b6d-8f0a-1c3e5a7b9d2f', tagId: 42, isTagAttachedToOrgConnector: null, tagMetadata: null },
    ],
    organizationId: '6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f',
    isCPSEnabled: true,
    tenantId: '6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f',
    applicationId: '0a7e3c5d-1b2f-4e6a-8c9d-7f6e5d4c3b2a',
    autoActivateVM: true,
    autoActivatePC: false,
    autoActivateSCA: true,
    autoActivateCertView: false,
    autoActivateCV: false,
    includedMem: ['Production', 'Shared'],
    excludedMem: ['Sandbox'],
    connectorScanSetting: { isAutoScanEnabled: false, isCustomScanConfigEnabled: true },
    connectorScanConfig: { scanPrefix: 'custom-scan', type: 'CUSTOM', optionProfileId: 240981, recurrence: 'WEEKLY', startDate: '01/04/2027', startTime: '12:00', timezone: 'Asia/Colombo', daysOfWeek: ['MON', 'WED'] },
    createConnectorForNewSubscriptionsAutomatically: true,
    disableConnectorsForDeletedManagementGroups: false,
    disabled: false,
    deleted: false,
    remediationEnabled: true,
    ...overrides,
  }
}

const input = (connectors: Record<string, unknown>[], extra: Partial<ImportSpecInput> = {}): ImportSpecInput => ({
  specText: sourceSpec,
  connectors,
  profileTitles: new Map([[240981, 'Initial Options']]),
  schema: '../packages/core/schema.json',
  now,
  ...extra,
})

function rendered(connectors: Record<string, unknown>[], extra: Partial<ImportSpecInput> = {}) {
  const result = renderImportedSpec(input(connectors, extra))
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result
}

/** The round trip plan makes: compile the written spec, diff each body with the live connector it came from. */
function diffs(text: string, connectors: Record<string, unknown>[]) {
  const compiled = compileSpec(text, { now, placeholders: 'error' })
  assert.ok(compiled.ok, JSON.stringify(compiled.diagnostics))
  return compiled.requests.map((r) => diffOrgConnector(r.body as unknown as Record<string, unknown>, connectors[r.index]!, { computed: r.computed }))
}

test('a live connector becomes a spec entry: modeline first, source copied with its comments, id pinned, every field, the schedule as a phrase', () => {
  const result = rendered([live()])
  const lines = result.text.split('\n')
  assert.is(lines[0], '# yaml-language-server: $schema=../packages/core/schema.json')
  assert.match(result.text, /username: acme3ab1 # US3/)
  const spec = parse(result.text)
  assert.equal(spec.source, { site: 'acme-prod', username: 'acme3ab1', auth: 'session', password: { env: 'ACME_PROD_QUALYS_PASSWORD' } })
  assert.equal(spec.connectors, [{
    kind: 'azure-org',
    id: 186015,
    name: 'Acme production',
    description: 'Production',
    prefixName: 'acme',
    tenant: { id: '6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f' },
    application: { id: '0a7e3c5d-1b2f-4e6a-8c9d-7f6e5d4c3b2a', secret: { env: 'ACME_PROD_ACME_PRODUCTION_AZURE_SECRET' } },
    apps: [{ name: 'CI', identifier: '2c5e8a1b-4d7f-4a3c-9b6e-8d1f2a3b4c5d' }, { name: 'AI', identifier: '7b1d3f5a-2c4e-4b6d-8f0a-1c3e5a7b9d2f', tagId: 42 }],
    sync: { organization: '1h', connectors: '1h30m' },
    managementGroups: { include: ['Production', 'Shared'], exclude: ['Sandbox'] },
    defaultTagIds: [17, 3],
    autoActivate: ['VM', 'SCA'],
    subscriptions: { autoCreateConnectors: true, disableForDeletedManagementGroups: false },
    staticTags: { assets: false, connector: false, managementGroups: false },
    remediation: true,
    perimeterScan: { schedule: 'weekly on mon,wed at 12:00 Asia/Colombo starting 2027-01-04', prefix: 'custom-scan', optionProfile: 240981 },
  }])
  assert.match(result.text, /optionProfile: 240981 # "Initial Options"/)
  assert.match(result.text, /id: 186015 # pinned/)
  assert.match(result.text, /staticTags: \{ assets: false, connector: false, managementGroups: false \} # Qualys' answer does not show these/)
  assert.equal(result.variables.map((v) => v.name), ['ACME_PROD_QUALYS_PASSWORD', 'ACME_PROD_ACME_PRODUCTION_AZURE_SECRET'])
  assert.match(lines.slice(-4).join('\n'), /# Set these environment variables[^\n]*\n# +ACME_PROD_QUALYS_PASSWORD +source\.password[^\n]*\n# +ACME_PROD_ACME_PRODUCTION_AZURE_SECRET +the Azure application secret of "Acme production" \(id 186015\)\n$/)
  assert.equal(result.problems, [])
  assert.equal(diffs(result.text, [live()]), [[]])
})

test('disabled, global CPS, CPS off, DAILY without days, run frequencies as minutes: each round-trips to no diff', () => {
  const connectors = [
    live({ id: 1, name: 'Off', disabled: true, isCPSEnabled: false, connectorScanConfig: null, connectorScanSetting: { isCustomScanConfigEnabled: false } }),
    live({ id: 2, name: 'Global', connectorScanSetting: { isCustomScanConfigEnabled: false }, connectorScanConfig: null, orgRunFrequency: '1440', connectorRunFrequency: '2880' }),
    live({ id: 3, name: 'Daily', isDisabled: true, connectorScanConfig: { scanPrefix: 'nightly', optionProfileId: '240982', recurrence: 'DAILY', startDate: '10/05/2023', startTime: '02:20', timezone: 'Europe/Berlin' } }),
  ]
  const result = rendered(connectors)
  const spec = parse(result.text)
  assert.equal(spec.connectors.map((c: Record<string, unknown>) => [c.name, c.enabled, c.perimeterScan, c.sync]), [
    ['Off', false, undefined, { organization: '1h', connectors: '1h30m' }],
    ['Global', undefined, 'global', { organization: '1d', connectors: '2d' }],
    ['Daily', false, { schedule: 'daily at 02:20 Europe/Berlin starting 2023-10-05', prefix: 'nightly', optionProfile: 240982 }, { organization: '1h', connectors: '1h30m' }],
  ])
  assert.match(result.text, /enabled: false # disabled in Qualys/)
  assert.match(result.text, /optionProfile: 240982 # not in the subscription's option profiles/)
  assert.equal(result.problems, [])
  assert.equal(diffs(result.text, connectors), [[], [], []])
})

test('one variable per connector: names that give the same words get the connector id; a name without letters its id', () => {
  const result = rendered([live({ id: 11, name: 'Acme-prod' }), live({ id: 12, name: 'Acme prod' }), live({ id: 13, name: '***' })])
  assert.equal(result.variables.slice(1).map((v) => v.name), ['ACME_PROD_ACME_PROD_AZURE_SECRET_11', 'ACME_PROD_ACME_PROD_AZURE_SECRET_12', 'ACME_PROD_CONNECTOR_13_AZURE_SECRET'])
})

test('no exact phrase (an alias zone): the closest one, a comment and a warning naming the field a plan will update', () => {
  const connectors = [live({ connectorScanConfig: { scanPrefix: 'p', optionProfileId: 240981, recurrence: 'DAILY', startDate: '10/05/2023', startTime: '12:00', timezone: 'Asia/Calcutta' } })]
  const result = rendered(connectors)
  assert.match(result.text, /schedule: daily at 12:00 Asia\/Kolkata starting 2023-10-05 # the closest phrase: no phrase compiles to DAILY/)
  assert.equal(result.problems, [{ severity: 'warning', connector: { name: 'Acme production', id: 186015 }, message: 'a plan will show an update of connectorScanConfig.timezone' }])
})

test('a connector that cannot be written is an error naming it, and nothing is rendered', () => {
  const result = renderImportedSpec(input([live(), live({ id: 7, name: 'Monthly', connectorScanConfig: { ...(live().connectorScanConfig as object), recurrence: 'MONTHLY' } })]))
  assert.is(result.ok, false)
  assert.equal(result.problems, [{ severity: 'error', connector: { name: 'Monthly', id: 7 }, message: 'its scan schedule cannot be written as a phrase: the recurrence "MONTHLY" is neither DAILY nor WEEKLY' }])
  const badApp = renderImportedSpec(input([live({ connectorAppInfos: [{ name: 'XX', identifier: '2c5e8a1b-4d7f-4a3c-9b6e-8d1f2a3b4c5d' }] })]))
  assert.is(badApp.ok, false)
  assert.ok(badApp.problems.every((p) => p.severity === 'error' && p.connector?.id === 186015 && p.message.startsWith('the written spec does not compile: SPEC004')), JSON.stringify(badApp.problems))
})

test('a JSON spec\'s source is written as YAML; without profile titles (OIDC) the comment says why', () => {
  const json = JSON.stringify({ source: { site: 'acme-prod', username: 'acme3ab1', auth: 'oidc', clientId: { env: 'ID' }, clientSecret: { env: 'SECRET' } }, connectors: [] })
  const result = rendered([live()], { specText: json, profileTitles: undefined })
  assert.match(result.text, /\nsource:\n  site: acme-prod\n  username: acme3ab1\n  auth: oidc\n  clientId: \{ env: ID \}\n/)
  assert.match(result.text, /optionProfile: 240981 # title not listed/)
  assert.equal(result.variables.slice(0, 2).map((v) => v.name), ['ID', 'SECRET'])
})

test.run()
