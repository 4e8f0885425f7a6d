import type { ConnectorRequest, OrgConnectorBody } from '@scanplan/core'
import type { OptionProfile } from './option-profiles.js'

/** An Azure organization connector as the gateway returns it. */
export type OrgConnector = Record<string, unknown> & { id: number; name: string }

/**
 * The calls plan and apply make: the port between them and the client (client.ts implements it, plan.ts only uses
 * it), so that neither module imports the other's implementation.
 */
export interface ConnectorApi {
  listOptionProfiles(): Promise<OptionProfile[]>
  /**
   * The account's organization connectors: from `AZURE/list`, and, when that lists account-level connectors and
   * some of `names` are not found, from the documented listing of the tenant connectors they may attach to.
   */
  listOrgConnectors(names?: readonly string[], options?: { signal?: AbortSignal }): Promise<OrgConnector[]>
  /**
   * Creates a connector with the request core compiled (its method, path and body). A refusal for the name (Qualys names are unique) is a ConnectorNotListedError: the
   * connector exists but no listing showed it.
   */
  createOrgConnector(request: ConnectorRequest): Promise<OrgConnector>
  /**
   * Updates a connector with core's update request (`updateOrgConnectorRequest`): the seed's form first, the other
   * method and id form learned once per client from the gateway's 405 and 404.
   */
  updateOrgConnector(id: number, body: OrgConnectorBody, uuid?: string): Promise<OrgConnector>
  /** Enables or disables one Azure organization connector (never deletes). */
  setOrgConnectorStatus(id: number, status: 'enable' | 'disable'): Promise<void>
}
