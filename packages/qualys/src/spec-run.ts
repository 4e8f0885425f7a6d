import { compileSpec, formatPath, specPlace, type CompiledRequest, type CompiledSource, type Diagnostic, type SpecBases } from '@scanplan/core'
import { AuthError, QualysUnavailableError, SecretError, TransportError, type SecretReader } from '@scanplan/core/adapters'
import type { QualysClient } from './client.js'
import type { OrgConnector } from './connector-api.js'
import type { ClientPool } from './client-pool.js'
import { estimateBudget, describeWait } from './rate-budget.js'
import { callsToApply, isLiveDisabled, type ApplyOptions, type AppliedChange, type Plan, type PlannedChange, type PlanProblem } from './plan.js'

export interface SpecInput {
  /** As the user named it; `secretsOf(file)` reads the spec's secrets (relative `{ file }` paths from its directory). */
  file: string
  text: string
  /** The base files its `extends:` names (core's `SpecBases`); without them a spec that extends is refused (SPEC090). */
  bases?: SpecBases
}

export interface SpecPlan {
  file: string
  diagnostics: Diagnostic[]
  source?: CompiledSource
  requests: CompiledRequest[]
  plan?: Plan
  /** Why there is no plan although the spec compiled: credentials, the account, the network. Never a secret. */
  error?: string
  /** What kind of failure `error` is: `input` (a secret cannot be read), `auth`, `network`, `qualys` (an API error). */
  failure?: 'input' | 'auth' | 'network' | 'qualys'
  /** The error behind `error`, as thrown (an AuthError, a QualysApiError with its status, ...), for callers that decide
   * by it whether another attempt can help, such as the webhook service. */
  cause?: unknown
  client?: QualysClient
  /** The reader of this spec's secrets when it is not `secretsOf(file)`: a saved plan's, bound to the directory the
   * spec was planned in. */
  secrets?: SecretReader
}

export interface SpecApply extends SpecPlan {
  applied?: AppliedChange[]
}

/** The secret reader of a spec file: its `{ file }` references are read from the spec's own directory. */
export type SecretsOfSpec = (file: string) => SecretReader

export interface PlanSpecsOptions {
  secretsOf: SecretsOfSpec
  /** The reference instant for schedules (core has no clock of its own). */
  now: Date
  onSpecDone?: (spec: SpecPlan) => void
  /** `apply --prune`: unmanaged connectors that are enabled are planned as `disable` (never deleted). */
  prune?: boolean
  /**
   * `apply --rotate-secrets`: send the Azure secret again to these managed connectors (all with `true`; else by spec
   * name or live id), as an update even when nothing else differs.
   */
  rotateSecrets?: true | readonly string[]
  /**
   * `--profiles FILE`: option profile titles -> ids, one mapping for every spec or one per `source.site` (ids differ
   * per subscription). The mapping's ids are used as written (and checked against the account like any id); titles it
   * lacks, and every title of a site it has no section for, are looked up online as without it.
   */
  profiles?: Readonly<Record<string, number>>
  profilesBySite?: Readonly<Record<string, Readonly<Record<string, number>>>>
}

/** What kind of failure an error is, as `SpecPlan.failure` says (import reports its failures the same way). */
export function classify(error: unknown): NonNullable<SpecPlan['failure']> {
  if (error instanceof SecretError) return 'input'
  if (error instanceof AuthError) return 'auth'
  // An outage answers like a network that is down: nothing the spec or the credentials can fix (exit 3).
  if (error instanceof TransportError || error instanceof QualysUnavailableError) return 'network'
  return 'qualys'
}

/** Option profile titles, which the account resolves online; the compiler marks them as data, not by code. */
const isUnresolvedTitle = (d: Diagnostic) => d.data?.kind === 'profile-title'

const onlyUnresolvedTitles = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error').every(isUnresolvedTitle)

async function planOne(spec: SpecInput, pool: ClientPool, options: PlanSpecsOptions): Promise<SpecPlan> {
  // Placeholder ids are errors here (a warning only for `compile`): Qualys would create a connector for no tenant.
  const given = options.profilesBySite ? { profilesBySite: options.profilesBySite } : options.profiles ? { profiles: options.profiles } : {}
  let compiled = compileSpec(spec.text, { file: spec.file, now: options.now, placeholders: 'error', ...given, ...(spec.bases ? { bases: spec.bases } : {}) })
  const base = { file: spec.file }
  const secrets = options.secretsOf(spec.file)
  try {
    if (!compiled.ok && compiled.source && compiled.unresolvedProfiles.length > 0 && onlyUnresolvedTitles(compiled.diagnostics)) {
      // Titles are resolved online, in the account the spec names, then the spec is compiled again with their ids.
      const client = await pool.clientFor(compiled.source, secrets)
      const site = compiled.source.site
      const profiles: Record<string, number> = { ...(options.profilesBySite ? (Object.hasOwn(options.profilesBySite, site) ? options.profilesBySite[site] : {}) : options.profiles) }
      for (const title of compiled.unresolvedProfiles) profiles[title] = (await client.resolveOptionProfile(title)).id
      compiled = compileSpec(spec.text, { file: spec.file, now: options.now, profiles, placeholders: 'error', ...(spec.bases ? { bases: spec.bases } : {}) })
    }
    const result: SpecPlan = { ...base, diagnostics: compiled.diagnostics, requests: compiled.requests, ...(compiled.source ? { source: compiled.source } : {}) }
    if (!compiled.ok || !compiled.source) return result
    const client = await pool.clientFor(compiled.source, secrets)
    const rotate = options.rotateSecrets
    const plan = await client.plan(
      compiled.requests.map((r) => ({
        connector: r.connector,
        body: r.body,
        ...(r.id !== undefined ? { id: r.id } : {}),
        enabled: r.enabled,
        computed: r.computed,
      })),
      rotate ? { rotateSecrets: (connector, id) => rotate === true || rotate.includes(connector) || rotate.includes(String(id)) } : {},
    )
    const found = plan.changes.flatMap((change) => (change.problems ?? []).map((p) => problemDiagnostic(spec, compiled.requests, change, p)))
    // Every secret the apply will send is read now: one missing means nothing is applied.
    await readPlannedSecrets(plan.changes, compiled.requests, secrets)
    return { ...result, diagnostics: [...result.diagnostics, ...found], plan, client }
  } catch (error) {
    return {
      ...base,
      diagnostics: compiled.diagnostics.filter((d) => !isUnresolvedTitle(d)),
      requests: compiled.requests,
      ...(compiled.source ? { source: compiled.source } : {}),
      error: error instanceof Error ? error.message : String(error),
      failure: classify(error),
      cause: error,
    }
  }
}

function problemDiagnostic(spec: SpecInput, requests: CompiledRequest[], change: PlannedChange, problem: PlanProblem): Diagnostic {
  const index = requests.find((r) => r.connector === change.connector)?.index ?? 0
  const path = ['connectors', index, ...problem.at]
  // The connector's value may come from a base file: the diagnostic points where it was written.
  const place = specPlace(spec.text, { file: spec.file, ...(spec.bases ? { bases: spec.bases } : {}) }, path)
  return { code: problem.code, severity: problem.severity, message: problem.message, span: place.span, label: problem.label, help: problem.help, suggestions: [], file: place.file ?? spec.file,
    path: formatPath(path) }
}

const sendsSecret = (change: PlannedChange) => change.action === 'create' || change.action === 'update'

/** Reads (and forgets) every Azure secret the changes would send, so that a missing one stops the whole spec. */
export async function readPlannedSecrets(changes: PlannedChange[], requests: CompiledRequest[], secrets: SecretReader): Promise<void> {
  const problems: string[] = []
  let reason: SecretError['reason'] | undefined
  for (const change of changes.filter(sendsSecret)) {
    const request = requests.find((r) => r.connector === change.connector)
    if (!request) continue
    try {
      await secrets(request.secrets.secretValue, `connectors[${request.index}].application.secret`)
    } catch (error) {
      if (!(error instanceof SecretError)) throw error
      problems.push(`connector "${change.connector}": ${error.message}`)
      reason ??= error.reason
    }
  }
  if (problems.length > 0) throw new SecretError(problems.join('; '), reason!)
}

/** Compiles each spec, resolves option profile titles online and plans it against its account, specs in parallel. */
export async function planSpecs(specs: SpecInput[], pool: ClientPool, options: PlanSpecsOptions): Promise<SpecPlan[]> {
  const planned = await Promise.all(
    specs.map(async (spec) => {
      const result = await planOne(spec, pool, options)
      options.onSpecDone?.(result)
      return result
    }),
  )
  return warnOfBudget(listUnmanaged(rejectSharedNames(planned), options.prune === true), specs)
}

/**
 * A warning (QUALYS-BUDGET) on the first spec of each account whose changes need more gateway calls than the
 * window has left, as the answers of this plan's own calls stated it: apply will wait, and says how long.
 */
function warnOfBudget(planned: SpecPlan[], inputs: SpecInput[]): SpecPlan[] {
  const accounts = new Map<string, SpecPlan[]>()
  for (const spec of planned) {
    if (!spec.client || !spec.plan || !spec.source) continue
    const key = JSON.stringify([spec.client.urls.gateway, spec.source.username])
    accounts.set(key, [...(accounts.get(key) ?? []), spec])
  }
  const warned = new Map<SpecPlan, Diagnostic>()
  for (const specs of accounts.values()) {
    const first = specs[0]!
    const calls = specs.reduce((n, s) => n + s.plan!.changes.reduce((m, c) => m + callsToApply(c), 0), 0)
    const estimate = estimateBudget(calls, first.client!.gatewayBudget())
    if (!estimate) continue
    const stated = estimate.limit !== undefined && estimate.windowSec !== undefined ? ` of ${estimate.limit} per ${estimate.windowSec} s` : ''
    const time = estimate.waitSec !== undefined ? `, about ${describeWait(estimate.waitSec)} in all` : ' (the gateway does not say how long a window is)'
    const input = inputs.find((i) => i.file === first.file)
    warned.set(first, {
      code: 'QUALYS-BUDGET', severity: 'warning',
      message: `applying this plan needs ${calls} gateway calls in ${first.source!.site} (${first.source!.username}), and ${estimate.remaining}${stated} are left: apply will wait for the budget${time}`,
      span: specPlace(input?.text ?? '', { file: first.file }, ['source'], 'key').span, label: "this account's gateway budget",
      help: 'apply paces itself and prints every wait (Ctrl-C stops it, and running it again goes on where it stopped); to finish sooner, ask Qualys to raise the gateway limit or apply fewer connectors at a time',
      suggestions: [], data: { kind: 'gateway-budget', ...estimate }, file: first.file, path: 'source',
    })
  }
  return planned.map((spec) => (warned.has(spec) ? { ...spec, diagnostics: [...spec.diagnostics, warned.get(spec)!] } : spec))
}

/**
 * The live connectors of each account that no spec of the run names (by pinned id or by name), as `unmanaged`
 * changes of the account's first spec; with `prune`, the enabled ones as `disable`.
 */
export function listUnmanaged(planned: SpecPlan[], prune: boolean): SpecPlan[] {
  const accounts = new Map<QualysClient, SpecPlan[]>()
  for (const spec of planned) if (spec.client && spec.plan) accounts.set(spec.client, [...(accounts.get(spec.client) ?? []), spec])
  const extra = new Map<SpecPlan, PlannedChange[]>()
  for (const specs of accounts.values()) {
    const managed = new Set(specs.flatMap((s) => s.plan!.changes.map((c) => c.id)))
    const live: OrgConnector[] = specs[0]!.plan!.live ?? []
    const unmanaged = live.filter((c) => !managed.has(c.id)).map((c): PlannedChange => {
      const disabled = isLiveDisabled(c) === true
      return prune && !disabled
        ? { connector: c.name, action: 'disable', id: c.id, diff: [{ field: 'enabled', old: true, new: false }], body: {}, status: 'disable' }
        : { connector: c.name, action: 'unmanaged', id: c.id, diff: [], body: {} }
    })
    if (unmanaged.length > 0) extra.set(specs[0]!, unmanaged)
  }
  return planned.map((spec) => (extra.has(spec) ? { ...spec, plan: { ...spec.plan!, changes: [...spec.plan!.changes, ...extra.get(spec)!] } } : spec))
}

/**
 * Two spec files that name the same connector in the same account would both plan a create (or fight over one
 * connector): both are refused before anything is applied, since Qualys connector names are unique per account.
 */
function rejectSharedNames(planned: SpecPlan[]): SpecPlan[] {
  const owners = new Map<string, string[]>()
  const keyOf = (spec: SpecPlan, name: string) => JSON.stringify([spec.client?.urls.gateway, spec.source?.username, name])
  for (const spec of planned) {
    for (const change of spec.plan?.changes ?? []) {
      const key = keyOf(spec, change.body.name)
      owners.set(key, [...(owners.get(key) ?? []), spec.file])
    }
  }
  return planned.map((spec) => {
    const clash = (spec.plan?.changes ?? []).find((c) => (owners.get(keyOf(spec, c.body.name))?.length ?? 0) > 1)
    if (!clash) return spec
    const files = owners.get(keyOf(spec, clash.body.name))!
    const { plan: _plan, ...rest } = spec
    return { ...rest, error: `connector "${clash.body.name}" of account ${spec.source?.site} is in several specs (${files.join(', ')}); keep it in one`, failure: 'input' }
  })
}

export interface ApplySpecsOptions {
  secretsOf: SecretsOfSpec
  onChange?: ApplyOptions['onChange']
  onRecover?: ApplyOptions['onRecover']
  onSpecDone?: (spec: SpecApply) => void
}

/**
 * Applies planned specs: all at once across accounts (subscriptions), each account's calls held to its
 * concurrency limit by its client. Secrets are read from the environment or files as each change is sent.
 */
export async function applySpecs(plans: SpecPlan[], options: ApplySpecsOptions): Promise<SpecApply[]> {
  return Promise.all(
    plans.map(async (spec): Promise<SpecApply> => {
      // A spec with an error diagnostic (found when compiling or planning) is never applied.
      if (!spec.plan || !spec.client || spec.diagnostics.some((d) => d.severity === 'error')) return spec
      const secrets = spec.secrets ?? options.secretsOf(spec.file)
      const applied = await spec.client.apply(spec.plan, {
        secretValue: (change) => {
          const request = spec.requests.find((r) => r.connector === change.connector)
          if (!request) throw new Error(`no compiled request for connector ${change.connector}`)
          return secrets(request.secrets.secretValue, `connectors[${request.index}].application.secret`)
        },
        ...(options.onChange ? { onChange: options.onChange } : {}),
        ...(options.onRecover ? { onRecover: options.onRecover } : {}),
      })
      const done = { ...spec, applied }
      options.onSpecDone?.(done)
      return done
    }),
  )
}
