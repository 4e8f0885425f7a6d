import type { OrgConnectorInput, RunFrequency } from './connector-validation.js'

interface ConnectorAppInfoView {
  name: string
  identifier: string
  tagId: number | null
  isTagAttachedToOrgConnector: null
  tagMetadata: null
}

/**
 * An Azure organization connector as the create and update answers show it: the key set and key order of the
 * seed's sample response (reference/seeds/000), including its renamed booleans (`remediationEnabled`, ...).
 */
export interface OrgConnectorView {
  id: number
  name: string
  description: string | null
  uuid: string
  orgRunFrequency: RunFrequency
  connectorRunFrequency: RunFrequency
  lastSynced: string
  nextSync: string
  type: 'AZURE'
  customerId: string
  userUuid: string
  userName: string
  lastError: null
  state: 'PENDING'
  connectorPrefixName: string | null
  defaultTagIds: number[]
  connectorAppInfos: ConnectorAppInfoView[]
  connectorCapabilities: string[]
  lastSuccessfulSync: string
  createdBy: string
  organizationId: string
  isCPSEnabled: boolean
  isSnapshotScanEnabled: false
  tenantId: string
  applicationId: string
  autoActivateVM: boolean
  autoActivatePC: boolean
  autoActivateSCA: boolean
  autoActivateCertView: boolean
  autoActivateCV: boolean
  includedMem: string[]
  excludedMem: string[]
  connectorScanSetting: { isAutoScanEnabled: false; isCustomScanConfigEnabled: boolean }
  connectorScanConfig: {
    scanPrefix: string
    type: 'CUSTOM'
    optionProfileId: number
    recurrence: 'DAILY' | 'WEEKLY'
    startDate: string
    startTime: string
    timezone: string
    daysOfWeek?: string[]
  } | null
  createConnectorForNewSubscriptionsAutomatically: boolean
  disableConnectorsForDeletedManagementGroups: boolean
  disabled: boolean
  deleted: false
  remediationEnabled: boolean
}

/** `2023-11-10T07:44:43.946+00:00`, the sample's timestamp style. */
export function gatewayTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '+00:00')
}

export function frequencyMinutes(f: RunFrequency): number {
  return typeof f === 'number' ? f : f.hours * 60 + f.minutes
}

export interface ViewContext {
  id: number
  uuid: string
  customerId: string
  userUuid: string
  userName: string
  createdBy: string
  /** Kept from the connector's creation on updates. */
  lastSynced: number
  /** Changed only by the enable/disable API; an update keeps it. */
  disabled: boolean
}

export function connectorView(input: OrgConnectorInput, ctx: ViewContext): OrgConnectorView {
  const scan = input.connectorScanConfig
  return {
    id: ctx.id,
    name: input.name,
    description: input.description ?? null,
    uuid: ctx.uuid,
    orgRunFrequency: input.orgRunFrequency,
    connectorRunFrequency: input.connectorRunFrequency,
    lastSynced: gatewayTimestamp(ctx.lastSynced),
    nextSync: gatewayTimestamp(ctx.lastSynced + frequencyMinutes(input.orgRunFrequency) * 60_000),
    type: 'AZURE',
    customerId: ctx.customerId,
    userUuid: ctx.userUuid,
    userName: ctx.userName,
    lastError: null,
    state: 'PENDING',
    connectorPrefixName: input.connectorPrefixName ?? null,
    defaultTagIds: input.defaultTagIds ?? [],
    connectorAppInfos: input.connectorAppInfos.map((a) => ({ name: a.name, identifier: a.identifier, tagId: a.tagId ?? null, isTagAttachedToOrgConnector: null, tagMetadata: null })),
    connectorCapabilities: input.connectorAppInfos.map((a) => a.name),
    lastSuccessfulSync: gatewayTimestamp(ctx.lastSynced),
    createdBy: ctx.createdBy,
    organizationId: input.tenantId,
    isCPSEnabled: input.isCPSEnabled === true,
    isSnapshotScanEnabled: false,
    tenantId: input.tenantId,
    applicationId: input.applicationId,
    autoActivateVM: input.autoActivateVM === true,
    autoActivatePC: input.autoActivatePC === true,
    autoActivateSCA: input.autoActivateSCA === true,
    autoActivateCertView: input.autoActivateCertView === true,
    autoActivateCV: input.autoActivateCV === true,
    includedMem: input.includedMem ?? [],
    excludedMem: input.excludedMem ?? [],
    connectorScanSetting: { isAutoScanEnabled: false, isCustomScanConfigEnabled: input.connectorScanSetting?.isCustomScanConfigEnabled === true },
    connectorScanConfig: scan
      ? {
          scanPrefix: scan.scanPrefix,
          type: 'CUSTOM',
          optionProfileId: scan.optionProfileId,
          recurrence: scan.recurrence,
          startDate: scan.startDate,
          startTime: scan.startTime,
          timezone: scan.timezone,
          ...(scan.recurrence === 'WEEKLY' ? { daysOfWeek: scan.daysOfWeek ?? [] } : {}),
        }
      : null,
    createConnectorForNewSubscriptionsAutomatically: input.isCreateConnectorForNewSubscriptionsAutomatically === true,
    disableConnectorsForDeletedManagementGroups: input.isDisableConnectorsForDeletedManagementGroups === true,
    disabled: ctx.disabled,
    deleted: false,
    remediationEnabled: input.isRemediationEnabled === true,
  }
}
