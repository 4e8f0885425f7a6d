import type { AccountSpecs, SpecApply } from '@scanplan/qualys'
import type { Colors } from './output.js'

/** What `--keep-going` did for one account: planned / applied (or an apply call failed), or held back and why. */
type AccountOutcome = 'planned' | 'applied' | 'failed' | 'not-planned' | 'not-applied'

export interface AccountLine {
  site: string | null
  username: string | null
  files: string[]
  status: AccountOutcome
  /** For the held-back accounts: the first problem, with its file. For `failed`: the first failed change. */
  reason?: string
}

/** One line per account of a `--keep-going` run (in the run's order): what it got, or why it was held back. */
export function accountLines(accounts: AccountSpecs[], done: SpecApply[] | undefined, mode: 'plan' | 'apply'): AccountLine[] {
  return accounts.map((account): AccountLine => {
    const base = { site: account.site ?? null, username: account.username ?? null, files: account.specs.map((s) => s.file) }
    if (account.problem !== undefined) return { ...base, status: mode === 'plan' ? 'not-planned' : 'not-applied', reason: account.problem }
    if (mode === 'plan' || !done) return { ...base, status: 'planned' }
    const specs = done.filter((s) => base.files.includes(s.file))
    const failed = specs.flatMap((s) => s.applied ?? []).find((c) => c.result.status === 'failed')
    return { ...base, status: failed ? 'failed' : 'applied', ...(failed?.result.status === 'failed' ? { reason: `connector "${failed.connector}": ${failed.result.error}` } : {}) }
  })
}

/** The per-account block printed last on stdout: `✓ site (user): what was done` / `✗ site (user): not applied: why`. */
/** `summarize`: the apply summary line of some specs (@scanplan/report's summaryLine, which the caller has loaded). */
export function renderAccounts(lines: AccountLine[], done: SpecApply[] | undefined, mode: 'plan' | 'apply', c: Colors, summarize: (specs: SpecApply[]) => string): string {
  const count = (...statuses: AccountOutcome[]) => lines.filter((l) => statuses.includes(l.status)).length
  const verb = mode === 'plan' ? 'planned' : 'applied'
  const failed = count('failed')
  const out = [`Accounts: ${count('planned', 'applied')} ${verb}${failed > 0 ? `, ${failed} with failed changes` : ''}, ${count('not-planned', 'not-applied')} not ${verb} (--keep-going).`]
  for (const line of lines) {
    const who = line.site !== null ? `${line.site} (${line.username})` : `account unknown`
    const files = `[${line.files.join(', ')}]`
    if (line.status === 'planned' || line.status === 'applied' || line.status === 'failed') {
      const specs = (done ?? []).filter((s) => line.files.includes(s.file))
      const what = mode === 'apply' ? summarize(specs).replace(/^Apply: /, '').replace(/\.$/, '') : 'planned'
      const mark = line.status === 'failed' ? c.red('✗') : c.green('✓')
      out.push(`  ${mark} ${who}: ${what} ${files}${line.reason ? `\n      ${c.red(line.reason)}` : ''}`)
    } else {
      out.push(`  ${c.red('✗')} ${who}: not ${verb}: ${line.reason} ${files}`)
    }
  }
  return out.join('\n')
}
