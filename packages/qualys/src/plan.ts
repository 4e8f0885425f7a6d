import { createOrgConnectorRequest, describeOrgConnectorCreate, diffOrgConnector, TransportError, withLiveComputed, withSecretValue, type DiagnosticCode, type FieldChange, type OrgConnectorBody } from '@scanplan/core'
import { NoApiServerLoginError, QualysApiError } from './errors.js'
import type { ConnectorApi, OrgConnector } from './connector-api.js'
import type { OptionProfile } from './option-profiles.js'

/** A connector as a spec wants it: the compiled create body (secret masked) under the spec's connector name. */
export interface DesiredConnector {
  connector: string
  body: OrgConnectorBody
  /** The Qualys connector id the spec pins (`id:`): matched by id, so a new `name` is a rename. */
  id?: number
  /** `enabled:` of the spec (default true). */
  enabled?: boolean
  /** Body paths the spec does not set (core's `computed`): not compared; an update keeps the live value. */
  computed?: readonly string[]
}

/**
 * `unmanaged`: a live connector no spec of the run names (by pinned id or by name), listed and left alone unless
 * `apply --prune` turns it into a `disable`. `enable`/`disable`: only the enabled state differs.
 */
export type PlanAction = 'create' | 'update' | 'noop' | 'enable' | 'disable' | 'unmanaged'

/**
 * Something the plan found that apply would fail on (an `error`) or that the user should know (a `warning`), with
 * where in the connector's spec entry it is (`at`, below `connectors[i]`); spec-run turns it into a diagnostic.
 */
export interface PlanProblem {
  code: DiagnosticCode
  severity: 'error' | 'warning'
  message: string
  at: (string | number)[]
  label: string
  help: string
}

export interface PlannedChange {
  connector: string
  action: PlanAction
  /** The live connector's id (update, noop, enable, disable, unmanaged). */
  id?: number
  /** The live connector's uuid, for gateways whose update path takes it (update, noop). */
  uuid?: string
  /** Create: every field from nothing. Update: the fields that differ. Secrets are flagged, never valued. */
  diff: FieldChange[]
  /** What apply sends (secret still masked); `{}` for a live connector no spec names (`unmanaged`, prune's `disable`). */
  body: OrgConnectorBody | Record<string, never>
  /** After the create or update (or alone), apply calls the enable/disable API. */
  status?: 'enable' | 'disable'
  problems?: PlanProblem[]
}

export interface Plan {
  changes: PlannedChange[]
  /** The account's connectors as the plan read them (for finding the unmanaged ones across specs). */
  live?: OrgConnector[]
}

export type ApplyStatus = 'created' | 'updated' | 'enabled' | 'disabled' | 'unchanged' | 'failed'

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

export interface PlanOptions {
  /** Connectors (by spec name and live id) whose Azure secret is sent again although nothing else differs. */
  rotateSecrets?: (connector: string, id: number) => boolean
}

/** The sensitive diff entry of an update that (re)sends the Azure application secret. */
const secretDiff: FieldChange = { field: 'secretValue', old: undefined, new: undefined, sensitive: true }

/** The documented answers say `isDisabled`; the create/update answers (and the simulator) say `disabled`. */
export function isLiveDisabled(live: Record<string, unknown>): boolean | undefined {
  const value = live.disabled ?? live.isDisabled
  return typeof value === 'boolean' ? value : undefined
}

const tenantOf = (live: Record<string, unknown>) => (typeof live.tenantId === 'string' ? live.tenantId : typeof live.organizationId === 'string' ? live.organizationId : undefined)

function profileList(profiles: OptionProfile[]): string {
  return profiles.length === 0 ? 'none' : profiles.map((p) => `${p.id} "${p.title}"${p.isDefault ? ' (default)' : ''}`).join(', ')
}

/** The subscription's option profiles when some body names one by id and the account can list them (not OIDC). */
async function profilesFor(client: ConnectorApi, desired: DesiredConnector[]): Promise<OptionProfile[] | undefined> {
  if (!desired.some((d) => d.body.connectorScanConfig !== undefined)) return undefined
  try {
    return await client.listOptionProfiles()
  } catch (error) {
    // OIDC client credentials have no API server login: the id cannot be checked here, and Qualys will say.
    if (error instanceof NoApiServerLoginError) return undefined
    throw error
  }
}

export async function planConnectors(client: ConnectorApi, desired: DesiredConnector[], options: PlanOptions = {}): Promise<Plan> {
  const seen = new Set<string>()
  for (const d of desired) {
    if (seen.has(d.body.name)) throw new Error(`two connectors of one account are named "${d.body.name}": Qualys needs unique names`)
    seen.add(d.body.name)
  }
  const live = await client.listOrgConnectors(desired.map((d) => d.body.name))
  const profiles = await profilesFor(client, desired)
  const byName = new Map(live.map((c) => [c.name, c]))
  const byId = new Map(live.map((c) => [c.id, c]))
  const matchOf = (d: DesiredConnector) => (d.id !== undefined ? byId.get(d.id) : byName.get(d.body.name))
  const matched = new Set(desired.map(matchOf).filter((c) => c !== undefined).map((c) => c.id))

  const changes = desired.map((d): PlannedChange => {
    const problems: PlanProblem[] = []
    const current = matchOf(d)
    const enabled = d.enabled ?? true
    const profileId = d.body.connectorScanConfig?.optionProfileId
    if (profiles && typeof profileId === 'number' && !profiles.some((p) => p.id === profileId)) {
      problems.push({ code: 'SPEC074', severity: 'error', message: `no option profile with id ${profileId} in this subscription; its profiles are ${profileList(profiles)}`,
        at: ['perimeterScan', 'optionProfile'], label: 'not in this subscription', help: `write one of the ids above, or the profile's title` })
    }
    if (d.id !== undefined && !current) {
      problems.push({ code: 'SPEC070', severity: 'error', message: `no Azure organization connector with id ${d.id} in this account`, at: ['id'], label: 'not found',
        help: 'remove `id:` to create the connector, or run `scanplan import` to see the ids this account has' })
    }
    if (!current) {
      const sameTenant = live.find((c) => !matched.has(c.id) && tenantOf(c) === d.body.tenantId)
      if (sameTenant && d.id === undefined) {
        problems.push({ code: 'SPEC072', severity: 'warning', message: `tenant ${d.body.tenantId} already has the connector "${sameTenant.name}" (id ${sameTenant.id}); this creates a second one`,
          at: ['tenant', 'id'], label: 'already connected', help: `if this entry is that connector renamed, pin it: add \`id: ${sameTenant.id}\`` })
      }
      const diff = describeOrgConnectorCreate(d.body)
      if (!enabled) diff.push({ field: 'enabled', old: undefined, new: false })
      return { connector: d.connector, action: 'create', diff, body: d.body, ...(enabled ? {} : { status: 'disable' as const }), ...(problems.length ? { problems } : {}) }
    }
    if (d.id !== undefined && d.body.name !== current.name) {
      const holder = byName.get(d.body.name)
      if (holder && holder.id !== current.id) {
        problems.push({ code: 'SPEC071', severity: 'error', message: `connector ${current.id} cannot be renamed to "${d.body.name}": connector ${holder.id} has that name`, at: ['name'], label: 'name taken',
          help: 'Qualys names are unique per account: choose another name, or rename or disable the other connector first' })
      }
    }
    const liveTenant = tenantOf(current)
    if (liveTenant !== undefined && liveTenant !== d.body.tenantId) {
      problems.push({ code: 'SPEC073', severity: 'error', message: `Qualys cannot move connector "${current.name}" (id ${current.id}) to another tenant: it reads tenant ${liveTenant}, the spec says ${d.body.tenantId}`,
        at: ['tenant', 'id'], label: 'the Update API cannot change this',
        help: d.id !== undefined ? `put the tenant id back, or remove \`id:\` and give the entry a new name to create a connector for the new tenant` : 'put the tenant id back, or give this entry a new name: a new connector is created for the new tenant (disable the old one with `apply --prune`)' })
    }
    const computed = d.computed ?? []
    const diff = diffOrgConnector(d.body, current, { computed })
    const body = withLiveComputed(d.body, current, computed)
    const rotate = options.rotateSecrets?.(d.connector, current.id) === true
    if (rotate) diff.push(secretDiff)
    const liveDisabled = isLiveDisabled(current)
    const status = liveDisabled !== undefined && liveDisabled === enabled ? (enabled ? 'enable' as const : 'disable' as const) : undefined
    const uuid = typeof current.uuid === 'string' ? { uuid: current.uuid } : {}
    const base = { connector: d.connector, id: current.id, ...uuid, body, ...(problems.length ? { problems } : {}) }
    if (diff.length > 0) {
      if (status) diff.push({ field: 'enabled', old: !liveDisabled, new: enabled })
      return { ...base, action: 'update', diff, ...(status ? { status } : {}) }
    }
    if (status) return { ...base, action: status, diff: [{ field: 'enabled', old: !liveDisabled, new: enabled }], status }
    return { ...base, action: 'noop', diff }
  })
  return { changes, live }
}

/**
 * The gateway calls applying one change makes: the create or update, and the enable/disable call after it (or
 * alone). Apply makes no API server (v2) call. An update's first call may meet a 405/404 and try the other method
 * or id form once per account; that is not counted.
 */
export function callsToApply(change: PlannedChange): number {
  if (change.action === 'noop' || change.action === 'unmanaged') return 0
  const sends = change.action === 'create' || change.action === 'update' ? 1 : 0
  return sends + (change.status ? 1 : 0)
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

async function create(client: ConnectorApi, change: PlannedChange, body: OrgConnectorBody, options: ApplyOptions): Promise<AppliedChange['result']> {
  let created: OrgConnector
  try {
    created = await client.createOrgConnector(createOrgConnectorRequest(body))
  } catch (error) {
    if (!outcomeUnknown(error)) throw error
    // A POST is never sent twice blindly: find out whether the first one made the connector. When the run was
    // interrupted (the POST cancelled on its way), the check still runs, on its own deadline: the server may have
    // finished the create, and the user is told what exists, not "failed".
    const interrupted = error instanceof TransportError && error.failure === 'aborted'
    options.onRecover?.(change.connector, describe(error))
    const lookUp = async () =>
      (await client.listOrgConnectors([body.name], interrupted ? { signal: AbortSignal.timeout(recoveryCheckMs) } : undefined)).find((c) => c.name === body.name)
    let found = await lookUp()
    if (!found && interrupted) {
      // The server may still be finishing the request the client walked away from: look once more, a moment later.
      await new Promise((resolve) => setTimeout(resolve, recoveryRecheckMs))
      found = await lookUp()
      if (!found) throw new Error(`interrupted: the create was cancelled and no connector "${body.name}" exists`)
    }
    if (!found) return { status: 'created', id: (await client.createOrgConnector(createOrgConnectorRequest(body))).id }
    if (interrupted) return { status: 'created', id: found.id, recovered: true }
    if (diffOrgConnector(body, found).length > 0) await client.updateOrgConnector(found.id, body, typeof found.uuid === 'string' ? found.uuid : undefined)
    return { status: 'created', id: found.id, recovered: true }
  }
  return { status: 'created', id: created.id }
}

/** Creates and updates carry the compiled body (plan builds them so); the rest carry `{}`. */
const sendsBody = (change: PlannedChange): change is PlannedChange & { body: OrgConnectorBody } => change.action === 'create' || change.action === 'update'

export async function applyPlan(client: ConnectorApi, plan: Plan, options: ApplyOptions): Promise<AppliedChange[]> {
  // All changes start at once; the client's concurrency limit decides how many calls run.
  return Promise.all(
    plan.changes.map(async (change): Promise<AppliedChange> => {
      if (change.action === 'noop' || change.action === 'unmanaged') return { ...change, result: { status: 'unchanged', ...(change.id !== undefined ? { id: change.id } : {}) } }
      options.onChange?.(change)
      let result: AppliedChange['result']
      try {
        if (sendsBody(change)) {
          const body = withSecretValue(change.body, await options.secretValue(change))
          if (change.action === 'create') result = await create(client, change, body, options)
          else result = { status: 'updated', id: (await client.updateOrgConnector(change.id!, body, change.uuid)).id }
        } else {
          result = { status: change.status === 'enable' ? 'enabled' : 'disabled', id: change.id! }
        }
        if (change.status) await client.setOrgConnectorStatus(result.id!, change.status)
      } catch (error) {
        result = { status: 'failed', ...(change.id !== undefined ? { id: change.id } : {}), error: describe(error) }
      }
      const applied = { ...change, result }
      options.onChange?.(applied)
      return applied
    }),
  )
}
