import type { Day } from '../schedule/types.js'
import type { HoursMinutes } from './run-frequency.js'
export type ActivationModule = 'VM' | 'PC' | 'SCA' | 'CertView' | 'CV'

/** The custom Cloud Perimeter Scan configuration, keys in the seed's order. */
export interface ConnectorScanConfig {
  scanPrefix: string
  optionProfileId: number
  recurrence: 'DAILY' | 'WEEKLY'
  /** mm/dd/yyyy */
  startDate: string
  /** HH:MM, 24 h */
  startTime: string
  timezone: string
  /** Only with WEEKLY; `[]` for DAILY, as in the seed. */
  daysOfWeek: Day[]
}

export interface ConnectorAppInfo {
  identifier: string
  name: 'AI' | 'CI' | 'CSA'
  tagId: number | null
}

/**
 * The create/update request body of `/connectors/v1.0/org/azure/`, keys in the seed's order. A type literal (not an
 * interface) so that it is also a `Record<string, unknown>` for the field diff.
 */
export type OrgConnectorBody = {
  applicationId: string
  secretValue: string
  autoActivateCV: boolean
  autoActivateCertView: boolean
  autoActivatePC: boolean
  autoActivateSCA: boolean
  autoActivateVM: boolean
  connectorAppInfos: ConnectorAppInfo[]
  connectorPrefixName?: string
  connectorRunFrequency: HoursMinutes
  defaultTagIds: number[]
  description?: string
  excludedMem: string[]
  includedMem: string[]
  isAssignStaticTagToAssetsPulledByThatConnector: boolean
  isAssignStaticTagToConnector: boolean
  isCreateConnectorForNewSubscriptionsAutomatically: boolean
  isCreateStaticTagsForManagementGroups: boolean
  isDisableConnectorsForDeletedManagementGroups: boolean
  isRemediationEnabled: boolean
  name: string
  orgRunFrequency: HoursMinutes
  tenantId: string
  tenantName?: string
  isCPSEnabled: boolean
  connectorScanSetting?: { isCustomScanConfigEnabled: boolean }
  connectorScanConfig?: ConnectorScanConfig
}

/** Cloud Perimeter Scan: off, on with the subscription's global scan configuration, or on with a custom one. */
export type PerimeterScanSetting = { mode: 'off' } | { mode: 'global' } | { mode: 'custom'; config: ConnectorScanConfig }

/** What a connector is, in the builder's own words; the builders put it into the API's names and order. */
export interface OrgConnectorSettings {
  name: string
  description?: string
  prefixName?: string
  tenantId: string
  tenantName?: string
  applicationId: string
  /** The Azure application secret, or `secretMask` in anything that may be printed. */
  secretValue: string
  apps: ConnectorAppInfo[]
  orgRunFrequency: HoursMinutes
  connectorRunFrequency: HoursMinutes
  includedManagementGroups: string[]
  excludedManagementGroups: string[]
  defaultTagIds: number[]
  autoActivate: ActivationModule[]
  createConnectorsForNewSubscriptions: boolean
  disableConnectorsForDeletedManagementGroups: boolean
  assignStaticTagToAssets: boolean
  assignStaticTagToConnector: boolean
  createStaticTagsForManagementGroups: boolean
  remediation: boolean
  perimeterScan: PerimeterScanSetting
}

export interface ConnectorRequest {
  method: 'POST' | 'PUT'
  path: string
  body: OrgConnectorBody
}

/** The two readings of the update's method (the seed's PUT with a trailing slash, the docs page heading's POST). */
export type UpdateMethod = 'PUT' | 'POST'

/**
 * How an account's gateway takes an update: the method, and whether the path names the connector by its numeric
 * id or by the uuid (the API note's curl). The seed's form (`PUT` by id) is what compile writes.
 */
export interface UpdateForm {
  method: UpdateMethod
  by: 'id' | 'uuid'
}

/** The update form compile writes (the seed's); a client tries the others only when the gateway refuses it. */
export const seedUpdateForm: UpdateForm = { method: 'PUT', by: 'id' }

const connectorKey = (key: number | string) => encodeURIComponent(String(key))

/**
 * The one table of the connector API's methods and paths (the seed says PUT for update although Qualys' own page
 * heading shows POST, seed-examples.md): compile and the client both read it; change it here and nowhere else.
 */
export const orgConnectorEndpoints = {
  /** Every Azure connector of the account, a page at a time. */
  list: { method: 'GET', path: (page: number, size: number) => `/connectors/v1.0/AZURE/list?pageNumber=${page}&pageSize=${size}` },
  /** The documented organization listing: the tenant connectors a member (account-level) connector may attach to. */
  validOrgConnectors: {
    method: 'GET',
    path: (memberId: number | string, page: number, size: number) => `/connectors/v1.0/azure/valid-org-connectors/${connectorKey(memberId)}?pageNumber=${page}&pageSize=${size}`,
  },
  /** One connector (the update's path read with GET). */
  get: { method: 'GET', path: (id: number) => `/connectors/v1.0/org/azure/${connectorKey(id)}/` },
  create: { method: 'POST', path: () => '/connectors/v1.0/org/azure/' },
  update: {
    method: seedUpdateForm.method,
    path: (key: number | string, method: UpdateMethod = seedUpdateForm.method) => `/connectors/v1.0/org/azure/${connectorKey(key)}${method === 'PUT' ? '/' : ''}`,
  },
  /** Enable/disable (docs: enable_disable_azure_organization_connector.htm): the heading says POST, the sample PUT. */
  status: { method: 'PUT', path: (action: 'ENABLE' | 'DISABLE') => `/connectors/v1.0/org/azure/status/?action=${action}` },
} as const

/** What printed bodies show instead of a secret. */
export const secretMask = '***'

function buildOrgConnectorBody(s: OrgConnectorSettings): OrgConnectorBody {
  const active = new Set(s.autoActivate)
  const body: OrgConnectorBody = {
    applicationId: s.applicationId,
    secretValue: s.secretValue,
    autoActivateCV: active.has('CV'),
    autoActivateCertView: active.has('CertView'),
    autoActivatePC: active.has('PC'),
    autoActivateSCA: active.has('SCA'),
    autoActivateVM: active.has('VM'),
    connectorAppInfos: s.apps.map((a) => ({ identifier: a.identifier, name: a.name, tagId: a.tagId })),
    ...(s.prefixName !== undefined ? { connectorPrefixName: s.prefixName } : {}),
    connectorRunFrequency: { hours: s.connectorRunFrequency.hours, minutes: s.connectorRunFrequency.minutes },
    defaultTagIds: [...s.defaultTagIds],
    ...(s.description !== undefined ? { description: s.description } : {}),
    excludedMem: [...s.excludedManagementGroups],
    includedMem: [...s.includedManagementGroups],
    isAssignStaticTagToAssetsPulledByThatConnector: s.assignStaticTagToAssets,
    isAssignStaticTagToConnector: s.assignStaticTagToConnector,
    isCreateConnectorForNewSubscriptionsAutomatically: s.createConnectorsForNewSubscriptions,
    isCreateStaticTagsForManagementGroups: s.createStaticTagsForManagementGroups,
    isDisableConnectorsForDeletedManagementGroups: s.disableConnectorsForDeletedManagementGroups,
    isRemediationEnabled: s.remediation,
    name: s.name,
    orgRunFrequency: { hours: s.orgRunFrequency.hours, minutes: s.orgRunFrequency.minutes },
    tenantId: s.tenantId,
    ...(s.tenantName !== undefined ? { tenantName: s.tenantName } : {}),
    isCPSEnabled: s.perimeterScan.mode !== 'off',
  }
  if (s.perimeterScan.mode === 'global') body.connectorScanSetting = { isCustomScanConfigEnabled: false }
  if (s.perimeterScan.mode === 'custom') {
    const c = s.perimeterScan.config
    body.connectorScanSetting = { isCustomScanConfigEnabled: true }
    body.connectorScanConfig = {
      scanPrefix: c.scanPrefix,
      optionProfileId: c.optionProfileId,
      recurrence: c.recurrence,
      startDate: c.startDate,
      startTime: c.startTime,
      timezone: c.timezone,
      // Qualys documents daysOfWeek for WEEKLY only; the seed sends [] with DAILY.
      daysOfWeek: c.recurrence === 'WEEKLY' ? [...c.daysOfWeek] : [],
    }
  }
  return body
}

export function buildCreateOrgConnector(settings: OrgConnectorSettings): ConnectorRequest {
  return createOrgConnectorRequest(buildOrgConnectorBody(settings))
}

/** The create of a body already built (apply sends it with the secret in place). */
export function createOrgConnectorRequest(body: OrgConnectorBody): ConnectorRequest {
  return { method: orgConnectorEndpoints.create.method, path: orgConnectorEndpoints.create.path(), body }
}

export function buildUpdateOrgConnector(id: number, settings: OrgConnectorSettings): ConnectorRequest {
  return updateOrgConnectorRequest(id, buildOrgConnectorBody(settings))
}

/**
 * The update of connector `id` to a body already built (a plan turns a compiled create into this), in the seed's
 * form unless `form` says another (`uuid` is needed for the uuid form).
 */
export function updateOrgConnectorRequest(id: number, body: OrgConnectorBody, form: UpdateForm = seedUpdateForm, uuid?: string): ConnectorRequest {
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`an organization connector id is a positive integer, not ${id}`)
  if (form.by === 'uuid' && uuid === undefined) throw new RangeError(`updating connector ${id} by uuid needs its uuid`)
  return { method: form.method, path: orgConnectorEndpoints.update.path(form.by === 'id' ? id : uuid!, form.method), body }
}

/** The body with the real secret in place of the mask, for the client to send (and never to print). */
export function withSecretValue(body: OrgConnectorBody, secretValue: string): OrgConnectorBody {
  return { ...body, secretValue }
}
