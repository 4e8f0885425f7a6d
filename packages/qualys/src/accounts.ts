import type { SpecPlan } from './spec-run.js'

/**
 * The specs of one Qualys account in a run. Accounts are what `--keep-going` keeps apart: the specs of one account
 * are applied together or not at all (its unmanaged connectors, and `--prune`, are reckoned over all of them), and
 * one account's failure says nothing about another's.
 */
export interface AccountSpecs {
  /** The account's site name; absent when the spec's `source` did not compile (its account is unknown). */
  site?: string
  username?: string
  specs: SpecPlan[]
  /** Why this account is held back (nothing of it is applied): the first problem of its specs, with its file. */
  problem?: string
}

/** Whether a spec cannot be applied: it failed to compile, to log in, to plan or to read a secret. */
export function specFailed(spec: SpecPlan): boolean {
  return spec.error !== undefined || !spec.plan || spec.diagnostics.some((d) => d.severity === 'error')
}

function problemOf(spec: SpecPlan): string {
  const errors = spec.diagnostics.filter((d) => d.severity === 'error')
  const first = spec.error ?? (errors[0] ? `${errors[0].message} (${errors[0].code})` : 'it could not be planned')
  const more = errors.length - (spec.error !== undefined ? 0 : 1)
  return `${spec.file}: ${first}${more > 0 ? ` (and ${more} more error${more > 1 ? 's' : ''})` : ''}`
}

/** The specs of a run by account (platform and username), in the order the accounts first appear. */
export function groupByAccount(planned: SpecPlan[]): AccountSpecs[] {
  const accounts = new Map<string, AccountSpecs>()
  for (const spec of planned) {
    const key = spec.source ? JSON.stringify([spec.source.platform.id, spec.source.username]) : `file:${spec.file}`
    const account = accounts.get(key) ?? (spec.source ? { site: spec.source.site, username: spec.source.username, specs: [] } : { specs: [] })
    account.specs.push(spec)
    accounts.set(key, account)
  }
  return [...accounts.values()].map((account) => {
    const failed = account.specs.find(specFailed)
    return failed ? { ...account, problem: problemOf(failed) } : account
  })
}

/**
 * `--keep-going`: the run's accounts in order, those whose every spec planned ready to go ahead, the others held back
 * with their `problem`. With `prune`, a failed spec whose account is unknown holds every account back: its
 * connectors, wherever they are, would look unmanaged and be disabled.
 */
export function splitAccounts(planned: SpecPlan[], options: { prune: boolean }): AccountSpecs[] {
  const accounts = groupByAccount(planned)
  const unknown = accounts.find((a) => a.username === undefined && a.problem !== undefined)
  if (!options.prune || !unknown) return accounts
  const why = `held back: --prune and ${unknown.specs[0]!.file}, whose account is unknown (its connectors would look unmanaged)`
  return accounts.map((a) => (a.problem !== undefined ? a : { ...a, problem: why }))
}
