import { compileSpec, type CompiledRequest, type CompiledSource, type Diagnostic } from '@scanplan/core'
import { AuthError, SecretError, TransportError, type SecretReader } from '@scanplan/core/adapters'
import type { QualysClient } from './client.js'
import type { ClientPool } from './client-pool.js'
import type { ApplyOptions, AppliedChange, Plan } from './plan.js'

export interface SpecInput {
  /** As the user named it; `secretsOf(file)` reads the spec's secrets (relative `{ file }` paths from its directory). */
  file: string
  text: string
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
}

function classify(error: unknown): NonNullable<SpecPlan['failure']> {
  if (error instanceof SecretError) return 'input'
  if (error instanceof AuthError) return 'auth'
  if (error instanceof TransportError) return 'network'
  return 'qualys'
}

/** Option profile titles, which the account resolves online; the compiler marks them as data, not by code. */
const isUnresolvedTitle = (d: Diagnostic) => d.data?.kind === 'profile-title'

const onlyUnresolvedTitles = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error').every(isUnresolvedTitle)

async function planOne(spec: SpecInput, pool: ClientPool, options: PlanSpecsOptions): Promise<SpecPlan> {
  let compiled = compileSpec(spec.text, { file: spec.file, now: options.now })
  const base = { file: spec.file }
  const secrets = options.secretsOf(spec.file)
  try {
    if (!compiled.ok && compiled.source && compiled.unresolvedProfiles.length > 0 && onlyUnresolvedTitles(compiled.diagnostics)) {
      // Titles are resolved online, in the account the spec names, then the spec is compiled again with their ids.
      const client = await pool.clientFor(compiled.source, secrets)
      const profiles: Record<string, number> = {}
      for (const title of compiled.unresolvedProfiles) profiles[title] = (await client.resolveOptionProfile(title)).id
      compiled = compileSpec(spec.text, { file: spec.file, now: options.now, profiles })
    }
    const result: SpecPlan = { ...base, diagnostics: compiled.diagnostics, requests: compiled.requests, ...(compiled.source ? { source: compiled.source } : {}) }
    if (!compiled.ok || !compiled.source) return result
    const client = await pool.clientFor(compiled.source, secrets)
    const plan = await client.plan(compiled.requests.map(({ connector, method, path, body }) => ({ connector, request: { method, path, body } })))
    return { ...result, plan, client }
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

/** Compiles each spec, resolves option profile titles online and plans it against its account, specs in parallel. */
export async function planSpecs(specs: SpecInput[], pool: ClientPool, options: PlanSpecsOptions): Promise<SpecPlan[]> {
  const planned = await Promise.all(
    specs.map(async (spec) => {
      const result = await planOne(spec, pool, options)
      options.onSpecDone?.(result)
      return result
    }),
  )
  return rejectSharedNames(planned)
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
      if (!spec.plan || !spec.client) return spec
      const secrets = options.secretsOf(spec.file)
      const applied = await spec.client.apply(spec.plan, {
        secretValue: (change) => {
          const index = spec.requests.findIndex((r) => r.connector === change.connector)
          const request = spec.requests[index]
          if (!request) throw new Error(`no compiled request for connector ${change.connector}`)
          return secrets(request.secrets.secretValue, `connectors[${index}].application.secret`)
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
