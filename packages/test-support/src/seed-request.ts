import { azureAppSecret } from './simulator-credentials.js'

/**
 * The seed's create request (`POST /connectors/v1.0/org/azure/`, with the ids of examples/acme-azure-org.yaml) and
 * the one fix the seed notes call for: `optionProfileId` is the numeric id of "Initial Options" in the simulator's
 * default fixture instead of the sample's bare title. A request the default fixture accepts as it is; the
 * application secret is the fake `azureAppSecret`, never a real one. A fresh object per call: tests change it.
 */
export function seedCreateRequest(): Record<string, unknown> & { name: string } {
  return {
    applicationId: '0a7e1c2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
    secretValue: azureAppSecret,
    autoActivateCV: false,
    autoActivateCertView: false,
    autoActivatePC: false,
    autoActivateSCA: false,
    autoActivateVM: true,
    connectorAppInfos: [
      { identifier: '11111111-2222-4333-8444-555555555501', name: 'AI', tagId: null },
      { identifier: '11111111-2222-4333-8444-555555555502', name: 'CI', tagId: null },
      { identifier: '11111111-2222-4333-8444-555555555503', name: 'CSA', tagId: null },
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
    name: 'AAAAAAAAAADELeeeeeeEEEEETE API Test 1 ',
    orgRunFrequency: { hours: 1, minutes: 0 },
    tenantId: '6f1c0b2a-9d8e-4f7a-b6c5-d4e3f2a1b0c9',
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
}
