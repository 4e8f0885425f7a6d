import { createHash } from 'node:crypto'
import { frequencyMinutes, type OrgConnectorView } from './connector-view.js'
import type { RunFrequency } from './connector-validation.js'
import type { StoredConnector } from './state.js'
import type { Variant } from './variants.js'

/**
 * How a stored connector reads in an answer, under the variants a run plays. The stored view stays what was sent;
 * only the answer changes, as a client sees it.
 */
type Plays = (variant: Variant) => boolean

/** Release 2.14: whole days, rounded up, as a string of minutes (documented answers carry `"60"`-style strings). */
function wholeDayMinutes(f: RunFrequency): string {
  return String(Math.max(1, Math.ceil(frequencyMinutes(f) / 1440)) * 1440)
}

export function presentConnector(view: OrgConnectorView, plays: Plays): Record<string, unknown> {
  const out: Record<string, unknown> = { ...view }
  if (plays('frequency-minutes')) {
    out.orgRunFrequency = wholeDayMinutes(view.orgRunFrequency)
    out.connectorRunFrequency = wholeDayMinutes(view.connectorRunFrequency)
  }
  if (plays('profile-id-string') && view.connectorScanConfig) {
    out.connectorScanConfig = { ...view.connectorScanConfig, optionProfileId: String(view.connectorScanConfig.optionProfileId) }
  }
  return out
}

/**
 * An item of the documented organization listings (`valid-org-connectors`, the enable/disable answer): the page's
 * keys first (`organizationId`, `runFrequency` and `connectorRunFrequency` as strings of minutes, `isDisabled`,
 * `isDeleted`), then, where the page shows "…", the rest of the create answer's fields.
 */
export function documentedOrgItem(view: OrgConnectorView, plays: Plays): Record<string, unknown> {
  const shown = presentConnector(view, plays)
  const minutes = (f: unknown) => (typeof f === 'string' ? f : String(frequencyMinutes(f as RunFrequency)))
  const { orgRunFrequency, connectorRunFrequency, disabled, deleted, ...rest } = shown
  return {
    id: view.id,
    organizationId: view.organizationId,
    name: view.name,
    connectorPrefixName: view.connectorPrefixName,
    runFrequency: minutes(orgRunFrequency),
    connectorRunFrequency: minutes(connectorRunFrequency),
    lastSynced: view.lastSynced,
    customerId: view.customerId,
    userUuid: view.userUuid,
    userName: view.userName,
    type: 'AZURE',
    lastError: null,
    isDeleted: deleted,
    isDisabled: disabled,
    description: view.description,
    ...rest,
  }
}

/** The member (subscription) connector Qualys keeps under an organization connector: its id and uuid, derived. */
export function memberConnectorId(orgId: number): number {
  return orgId + 1_000_000
}

function derivedUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/**
 * An account-level (member) connector as `AZURE/list` shows it under `org-list-absent`: the attach page's member
 * shape (`id`, `uuid`, `state`, `cloudType`, `activatedModules`, ...), with no link to its organization connector.
 */
export function memberConnectorItem(stored: StoredConnector): Record<string, unknown> {
  const v = stored.view
  return {
    id: memberConnectorId(v.id),
    uuid: derivedUuid(`${v.uuid}/member`),
    customerId: v.customerId,
    userUuid: v.userUuid,
    username: v.userName,
    name: `${v.connectorPrefixName ?? v.name}-subscription-1`,
    description: null,
    defaultTagIds: [],
    state: 'FINISHED_SUCCESS',
    cloudType: 'AZURE',
    isRemediationEnabled: v.remediationEnabled,
    isDisabled: v.disabled,
    isDeleted: false,
    scanUuid: null,
    activatedModules: v.autoActivateVM ? ['QWEB_VM', 'CLOUDVIEW'] : ['CLOUDVIEW'],
    connectorAppInfos: v.connectorAppInfos.map((a) => ({ name: a.name, identifier: a.identifier })),
  }
}
