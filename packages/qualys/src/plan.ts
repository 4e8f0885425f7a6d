import { describeOrgConnectorCreate, diffOrgConnector, TransportError, type FieldChange } from '@scanplan/core'
import { QualysApiError } from './errors.js'
import type { OrgConnector, QualysClient } from './client.js'

/** A connector as a spec wants it: the compiled create body (secret masked) under the spec's connector name. */
export interface DesiredConnector {
  connector: string
  body: Record<string, unknown> & { name: string }
}

export type PlanAction = 'create' | 'update' | 'noop'

export interface PlannedChange {
  connector: string
  action: PlanAction
  /** The live connector's id (update, noop). */
  id?: number
  /** The live connector's uuid, for gateways whose update path takes it (update, noop). */
  uuid?: string
  /** Create: every field from nothing. Update: the fields that differ. Secrets are flagged, never valued. */
  diff: FieldChange[]
  /** What apply sends (secret still masked). */
  body: Record<string, unknown>
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

export async function planConnectors(client: QualysClient, desired: DesiredConnector[]): Promise<Plan> {
  const seen = new Set<string>()
  for (const d of desired) {
    if (seen.has(d.body.name)) throw new Error(`two connectors of one account are named "${d.body.name}": Qualys needs unique names`)
    seen.add(d.body.name)
  }
  const live = desired.length > 0 ? await client.listOrgConnectors(desired.map((d) => d.body.name)) : []
  const byName = new Map(live.map((c) => [c.name, c]))
  return {
    changes: desired.map((d): PlannedChange => {
      const current = byName.get(d.body.name)
      if (!current) return { connector: d.connector, action: 'create', diff: describeOrgConnectorCreate(d.body), body: d.body }
      const diff = diffOrgConnector(d.body, current)
      const uuid = typeof current.uuid === 'string' ? { uuid: current.uuid } : {}
      return { connector: d.connector, action: diff.length > 0 ? 'update' : 'noop', id: current.id, ...uuid, diff, body: d.body }
    }),
  }
}

/** How long the check after an interrupted create may take (it runs although the run's signal has fired). */
const recoveryCheckMs = 15_000
const recoveryRecheckMs = 2_000

/** A create that may have happened: the connection dropped after sending, or the server failed mid-way. */
function outcomeUnknown(error: unknown): boolean {
  return (error instanceof TransportError && error.outcomeUnknown) || (error instanceof QualysApiError && error.status >= 500)
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function create(client: QualysClient, change: PlannedChange, body: Record<string, unknown>, options: ApplyOptions): Promise<AppliedChange['result']> {
  let created: OrgConnector
  try {
    created = await client.createOrgConnector(body)
  } catch (error) {
    if (!outcomeUnknown(error)) throw error
    // A POST is never sent twice blindly: find out whether the first one made the connector. When the run was
    // interrupted (the POST cancelled on its way), the check still runs, on its own deadline: the server may have
    // finished the create, and the user is told what exists, not "failed".
    const interrupted = error instanceof TransportError && error.failure === 'aborted'
    options.onRecover?.(change.connector, describe(error))
    const lookUp = async () =>
      (await client.listOrgConnectors([String(body.name)], interrupted ? { signal: AbortSignal.timeout(recoveryCheckMs) } : undefined)).find((c) => c.name === body.name)
    let found = await lookUp()
    if (!found && interrupted) {
      // The server may still be finishing the request the client walked away from: look once more, a moment later.
      await new Promise((resolve) => setTimeout(resolve, recoveryRecheckMs))
      found = await lookUp()
      if (!found) throw new Error(`interrupted: the create was cancelled and no connector "${String(body.name)}" exists`)
    }
    if (!found) return { status: 'created', id: (await client.createOrgConnector(body)).id }
    if (interrupted) return { status: 'created', id: found.id, recovered: true }
    if (diffOrgConnector(body, found).length > 0) await client.updateOrgConnector(found.id, body, typeof found.uuid === 'string' ? found.uuid : undefined)
    return { status: 'created', id: found.id, recovered: true }
  }
  return { status: 'created', id: created.id }
}

export async function applyPlan(client: QualysClient, plan: Plan, options: ApplyOptions): Promise<AppliedChange[]> {
  // All changes start at once; the client's concurrency limit decides how many calls run.
  return Promise.all(
    plan.changes.map(async (change): Promise<AppliedChange> => {
      if (change.action === 'noop') return { ...change, result: { status: 'unchanged', ...(change.id !== undefined ? { id: change.id } : {}) } }
      options.onChange?.(change)
      let result: AppliedChange['result']
      try {
        const body = { ...change.body, secretValue: await options.secretValue(change) }
        if (change.action === 'create') result = await create(client, change, body, options)
        else result = { status: 'updated', id: (await client.updateOrgConnector(change.id!, body, change.uuid)).id }
      } catch (error) {
        result = { status: 'failed', ...(change.id !== undefined ? { id: change.id } : {}), error: describe(error) }
      }
      const applied = { ...change, result }
      options.onChange?.(applied)
      return applied
    }),
  )
}
