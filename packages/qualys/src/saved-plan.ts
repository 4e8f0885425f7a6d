import { dirname, resolve } from 'node:path'
import type { CompiledRequest, CompiledSource } from '@scanplan/core'
import type { PlannedChange } from './plan.js'
import type { ClientPool } from './client-pool.js'
import type { QualysClient } from './client.js'
import { classify, listUnmanaged, readPlannedSecrets, type SpecPlan } from './spec-run.js'
import { SecretError, type SecretReader } from '@scanplan/core/adapters'

/**
 * A plan written by `scanplan plan --out FILE` and applied by `scanplan apply FILE` (Terraform's saved plan): what
 * each spec compiled to and what the plan found, with secrets as references only (bodies carry `***`).
 */
export interface SavedPlan {
  format: 'scanplan-plan'
  version: 1
  /** The `--prune` of the plan: unmanaged connectors were planned as `disable`. */
  prune: boolean
  specs: SavedSpec[]
}

export interface SavedSpec {
  file: string
  /** Where the spec's `{ file }` secrets are read from (the spec's directory, absolute). */
  baseDir: string
  source: CompiledSource
  requests: CompiledRequest[]
  changes: PlannedChange[]
}

export class SavedPlanError extends Error {
  override readonly name = 'SavedPlanError'
}

/** The saved form of planned specs; undefined when one could not be planned (nothing to save then). */
export function savePlan(planned: SpecPlan[], options: { cwd: string; prune?: boolean }): SavedPlan | undefined {
  if (planned.some((s) => !s.plan || !s.source || s.error !== undefined || s.diagnostics.some((d) => d.severity === 'error'))) return undefined
  return {
    format: 'scanplan-plan',
    version: 1,
    prune: options.prune === true,
    specs: planned.map((s) => ({
      file: s.file,
      baseDir: dirname(resolve(options.cwd, s.file)),
      source: s.source!,
      requests: s.requests,
      changes: s.plan!.changes,
    })),
  }
}

/** Whether a file's text is a saved plan (so that `apply FILE` can tell it from a spec). */
export function parseSavedPlan(text: string): SavedPlan | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const plan = value as Partial<SavedPlan> | null
  if (plan === null || typeof plan !== 'object' || plan.format !== 'scanplan-plan') return undefined
  if (plan.version !== 1 || !Array.isArray(plan.specs)) throw new SavedPlanError('this saved plan was written by another version of scanplan: run `scanplan plan --out FILE` again')
  return plan as SavedPlan
}

const touches = (change: PlannedChange | undefined) => change !== undefined && change.action !== 'noop' && change.action !== 'unmanaged'
const keyOf = (change: PlannedChange) => (change.action === 'create' ? `create ${change.connector}` : `${change.id}`)
const fingerprint = (change: PlannedChange) => JSON.stringify({ action: change.action, id: change.id, diff: change.diff, status: change.status, body: change.body })

function describeChange(change: PlannedChange | undefined): string {
  if (!change) return 'no longer planned'
  if (change.action === 'noop') return 'now unchanged'
  if (change.action === 'unmanaged') return 'now in no spec'
  const fields = change.diff.map((d) => d.field).join(', ')
  return `now ${change.action}${change.id !== undefined ? ` (id ${change.id})` : ''}${fields ? ` of ${fields}` : ''}`
}

/**
 * Reads the account of every saved spec again and plans the saved requests anew: when every connector the saved
 * plan touches is still as that plan saw it, the saved plan is returned ready for `applySpecs`; otherwise every spec
 * carries the error naming what changed, and nothing may be applied. Every secret is read before that.
 */
export async function loadSavedPlan(saved: SavedPlan, pool: ClientPool, options: { secretsIn: (baseDir: string) => SecretReader }): Promise<SpecPlan[]> {
  const fresh: SpecPlan[] = await Promise.all(
    saved.specs.map(async (spec): Promise<SpecPlan> => {
      const secrets = options.secretsIn(spec.baseDir)
      let client: QualysClient
      try {
        client = await pool.clientFor(spec.source, secrets)
      } catch (error) {
        // A refused login fails its own spec (and so its account), as when planning from the spec.
        return { file: spec.file, diagnostics: [], source: spec.source, requests: spec.requests, error: error instanceof Error ? error.message : String(error), failure: classify(error), cause: error }
      }
      const rotated = new Set(spec.changes.filter((c) => c.diff.some((d) => d.sensitive) && c.action === 'update').map((c) => c.connector))
      const plan = await client.plan(
        spec.requests.map((r) => ({ connector: r.connector, body: r.body, ...(r.id !== undefined ? { id: r.id } : {}), enabled: r.enabled, computed: r.computed })),
        { rotateSecrets: (connector) => rotated.has(connector) },
      )
      return { file: spec.file, diagnostics: [], source: spec.source, requests: spec.requests, plan, client, secrets }
    }),
  )
  const now = listUnmanaged(fresh, saved.prune)
  const stale: string[] = []
  saved.specs.forEach((spec, i) => {
    if (!now[i]!.plan) return
    // JSON round trip: the fresh plan compared in the form the saved one has.
    const current = new Map((JSON.parse(JSON.stringify(now[i]!.plan!.changes)) as PlannedChange[]).map((c) => [keyOf(c), c]))
    const before = new Map(spec.changes.map((c) => [keyOf(c), c]))
    for (const key of new Set([...before.keys(), ...current.keys()])) {
      const [was, is] = [before.get(key), current.get(key)]
      if (!touches(was) && !touches(is)) continue
      if (was && is && fingerprint(was) === fingerprint(is)) continue
      const who = was ?? is!
      const planned = was ? `planned ${was.action}${was.id !== undefined ? ` (id ${was.id})` : ''}` : 'not in the saved plan'
      stale.push(`${spec.file}: connector "${who.connector}": ${planned}, ${describeChange(is)}`)
    }
  })
  if (stale.length > 0) {
    const error = `the saved plan is stale: the account changed since it was made (${stale.join('; ')}); nothing was applied: run \`scanplan plan --out FILE\` again and review it`
    return now.map(({ plan: _plan, ...spec }): SpecPlan => (spec.error !== undefined ? spec : { ...spec, error, failure: 'input', cause: new SavedPlanError(error) }))
  }
  return Promise.all(
    saved.specs.map(async (spec, i): Promise<SpecPlan> => {
      if (!now[i]!.plan) return now[i]!
      const result: SpecPlan = { ...now[i]!, plan: { changes: spec.changes } }
      try {
        await readPlannedSecrets(spec.changes, spec.requests, options.secretsIn(spec.baseDir))
        return result
      } catch (error) {
        if (!(error instanceof SecretError)) throw error
        const { plan: _p, ...rest } = result
        return { ...rest, error: error.message, failure: 'input', cause: error }
      }
    }),
  )
}
