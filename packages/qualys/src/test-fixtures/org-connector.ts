/**
 * The seed's "Create a New Connector with CPS Enabled" request body (../shared/reference/seeds/000_*.txt), with the
 * numeric option profile id of "Initial Options" in the simulator's default fixture. Client tests send it as a
 * compiled spec would; the secret is masked here as it is in compiled output, and read at apply time.
 */
export function seedBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> & { name: string } {
  return {
    applicationId: '0a7e4c1d-2b3f-4a5c-8d6e-7f8091a2b3c4',
    secretValue: '***',
    autoActivateCV: false,
    autoActivateCertView: false,
    autoActivatePC: false,
    autoActivateSCA: false,
    autoActivateVM: true,
    connectorAppInfos: [
      { identifier: '11111111-2222-4333-8444-555555555555', name: 'AI', tagId: null },
      { identifier: '11111111-2222-4333-8444-666666666666', name: 'CI', tagId: null },
      { identifier: '11111111-2222-4333-8444-777777777777', name: 'CSA', tagId: null },
    ],
    connectorPrefixName: 'CPS Name',
    connectorRunFrequency: { hours: 1, minutes: 0 },
    defaultTagIds: [],
    description: 'Testing Org',
    excludedMem: [],
    includedMem: ['QAtesting4'],
    isAssignStaticTagToAssetsPulledByThatConnector: false,
    isAssignStaticTagToConnector: false,
    isCreateConnectorForNewSubscriptionsAutomatically: true,
    isCreateStaticTagsForManagementGroups: false,
    isDisableConnectorsForDeletedManagementGroups: true,
    isRemediationEnabled: true,
    name,
    orgRunFrequency: { hours: 1, minutes: 0 },
    tenantId: '6f1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
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
    ...overrides,
  }
}
