import type { ConnectorRequest } from '@scanplan/core'

/** An Azure organization connector as the gateway returns it. */
export type OrgConnector = Record<string, unknown> & { id: number; name: string }

/**
 * What plan and apply need of a Qualys client: the live connectors and a way to send a create or an update. The
 * client implements it; plan.ts depends on this port alone, so plan and client do not import each other.
 */
export interface ConnectorApi {
  listOrgConnectors(): Promise<OrgConnector[]>
  /** Sends a create or an update as core compiled it: its method, its path, its body. */
  sendOrgConnector(request: ConnectorRequest): Promise<OrgConnector>
}
