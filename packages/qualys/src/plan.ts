import {
  describeOrgConnectorCreate,
  diffOrgConnector,
  TransportError,
  updateOrgConnectorRequest,
  withSecretValue,
  type ConnectorRequest,
  type FieldChange,
} from '@scanplan/core'
import type { ConnectorApi, OrgConnector } from './connector-api.js'
import { QualysApiError } from './errors.js'

/** A connector as a spec wants it: the create request core compiled (secret masked), under the spec's connector name. */
export interface DesiredConnector {
  connector: string
  request: ConnectorRequest
}

export type PlanAction = 'create' | 'update' | 'noop'

/** `method`, `path` and `body` are what apply sends (the secret still masked): core's create, or the update of `id`. */
export interface PlannedChange extends ConnectorRequest {
  connector: string
  action: PlanAction
  /** The live connector's id (update, noop). */
  id?: number
  /** Create: every field from nothing. Update: the fields that differ. Secrets are flagged, never valued. */
  diff: FieldChange[]
}

export interface Plan {
  changes: PlannedChange[]
}

export type ApplyStatus = 'created' | 'updated' | 'unchanged' | 'failed'

export interface AppliedChange extends PlannedChange {
  result: {
    status: ApplyStatus
    id?: number
    /** Set when a create's outcome was unknown (dropped connection) and the connector was found by name. */
    recovered?: boolean
    error?: string
  }
}

export interface ApplyOptions {
  /** The Azure application secret of a connector, read when it is sent (never kept in the plan). */
  secretValue: (change: PlannedChange) => Promise<string>
  /** Told when a change starts and ends, for progress output. */
  onChange?: (change: AppliedChange | (PlannedChange & { result?: undefined })) => void
  /** Told when a create's outcome was unknown and the connector list is read to find out. */
  onRecover?: (connector: string, reason: string) => void
}

export async function planConnectors(api: ConnectorApi, desired: DesiredConnector[]): Promise<Plan> {
  const seen = new Set<string>()
  for (const d of desired) {
    if (seen.has(d.request.body.name)) throw new Error(`two connectors of one account are named "${d.request.body.name}": Qualys needs unique names`)
    seen.add(d.request.body.name)
  }
  const live = desired.length > 0 ? await api.listOrgConnectors() : []
  const byName = new Map(live.map((c) => [c.name, c]))
  return {
    changes: desired.map((d): PlannedChange => {
      const current = byName.get(d.request.body.name)
      if (!current) return { connector: d.connector, action: 'create', diff: describeOrgConnectorCreate(d.request.body), ...d.request }
      const diff = diffOrgConnector(d.request.body, current)
      return { connector: d.connector, action: diff.length > 0 ? 'update' : 'noop', id: current.id, diff, ...updateOrgConnectorRequest(current.id, d.request.body) }
    }),
  }
}

/** A create that may have happened: the connection dropped after sending, or the server failed mid-way. */
function outcomeUnknown(error: unknown): boolean {
  return (error instanceof TransportError && error.outcomeUnknown) || (error instanceof QualysApiError && error.status >= 500)
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function create(api: ConnectorApi, change: PlannedChange, request: ConnectorRequest, options: ApplyOptions): Promise<AppliedChange['result']> {
  let created: OrgConnector
  try {
    created = await api.sendOrgConnector(request)
  } catch (error) {
    if (!outcomeUnknown(error)) throw error
    // A POST is never sent twice blindly: find out whether the first one made the connector.
    options.onRecover?.(change.connector, describe(error))
    const found = (await api.listOrgConnectors()).find((c) => c.name === request.body.name)
    if (!found) return { status: 'created', id: (await api.sendOrgConnector(request)).id }
    if (diffOrgConnector(request.body, found).length > 0) await api.sendOrgConnector(updateOrgConnectorRequest(found.id, request.body))
    return { status: 'created', id: found.id, recovered: true }
  }
  return { status: 'created', id: created.id }
}

export async function applyPlan(api: ConnectorApi, plan: Plan, options: ApplyOptions): Promise<AppliedChange[]> {
  // All changes start at once; the client's concurrency limit decides how many calls run.
  return Promise.all(
    plan.changes.map(async (change): Promise<AppliedChange> => {
      if (change.action === 'noop') return { ...change, result: { status: 'unchanged', ...(change.id !== undefined ? { id: change.id } : {}) } }
      options.onChange?.(change)
      let result: AppliedChange['result']
      try {
        const request: ConnectorRequest = { method: change.method, path: change.path, body: withSecretValue(change.body, await options.secretValue(change)) }
        if (change.action === 'create') result = await create(api, change, request, options)
        else result = { status: 'updated', id: (await api.sendOrgConnector(request)).id }
      } catch (error) {
        result = { status: 'failed', ...(change.id !== undefined ? { id: change.id } : {}), error: describe(error) }
      }
      const applied = { ...change, result }
      options.onChange?.(applied)
      return applied
    }),
  )
}
