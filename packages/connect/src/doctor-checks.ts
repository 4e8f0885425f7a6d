import { daysLeftWords, passwordExpiry, passwordWarningDays, type SecretRef } from '@scanplan/core'
import { SecretError } from '@scanplan/core/adapters'
import { readSecret } from './secrets.js'

/**
 * `scanplan doctor`'s checks that need no network: the secrets a spec names (looked at, never shown) and its
 * password's expiry (core's rule, the one compile and the webhook's readiness use). The CLI prints them.
 */

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip'

export interface Check {
  id: 'spec' | 'credentials' | 'platform' | 'password-expiry' | 'reachability' | 'login' | 'option-profiles'
  status: CheckStatus
  message: string
  help?: string
}


export interface SecretUse {
  /** Where the spec uses it, e.g. `source.password`. */
  path: string
  ref: SecretRef
}

export function secretUses(spec: { source: { password?: SecretRef; clientId?: SecretRef; clientSecret?: SecretRef }; connectors: readonly { application: { secret: SecretRef } }[] }): SecretUse[] {
  const uses: SecretUse[] = []
  for (const key of ['password', 'clientId', 'clientSecret'] as const) {
    const ref = spec.source[key]
    if (ref) uses.push({ path: `source.${key}`, ref })
  }
  spec.connectors.forEach((c, i) => uses.push({ path: `connectors[${i}].application.secret`, ref: c.application.secret }))
  return uses
}

/** Credentials are looked at, never shown: the check reports names and paths only. */
export async function credentialCheck(uses: SecretUse[], env: Readonly<Record<string, string | undefined>>, specDir: string): Promise<{ check: Check; values: Map<string, string> }> {
    const missing: string[] = []
  const found: string[] = []
  const values = new Map<string, string>()
  for (const use of uses) {
    try {
      values.set(use.path, await readSecret(use.ref, use.path, { env, baseDir: specDir }))
      found.push('env' in use.ref ? use.ref.env : use.ref.file)
    } catch (error) {
      if (!(error instanceof SecretError)) throw error
      if ('env' in use.ref) missing.push(`${use.ref.env} (${use.path})`)
      else missing.push(error.reason === 'empty' ? `${use.ref.file} is empty (${use.path})` : `file ${use.ref.file} (${use.path})`)
    }
  }
  const unique = (xs: string[]) => [...new Set(xs)]
  if (missing.length > 0) {
    return {
      check: { id: 'credentials', status: 'fail', message: `not set: ${unique(missing).join(', ')}`, help: 'export the environment variables (or create the files) named in the spec; values are never printed' },
      values,
    }
  }
  return { check: { id: 'credentials', status: 'ok', message: found.length ? `set: ${unique(found).join(', ')}` : 'the spec uses no credentials' }, values }
}

/** Core's rule (compile's SPEC030/SPEC031): expired from 00:00 UTC of the day, whole days counted to that instant. */
export function expiryCheck(passwordExpires: string | undefined, now: Date): Check {
  if (passwordExpires === undefined) return { id: 'password-expiry', status: 'skip', message: 'no passwordExpires in the spec', help: `add \`passwordExpires: YYYY-MM-DD\` under source to be warned ${passwordWarningDays} days ahead` }
  const expiry = passwordExpiry(passwordExpires, now)
  if (expiry.state === 'expired') {
    const ago = expiry.daysAgo === 0 ? 'today' : `${expiry.daysAgo} day${expiry.daysAgo === 1 ? '' : 's'} ago`
    return { id: 'password-expiry', status: 'fail', message: `the password expired on ${passwordExpires} (${ago})`, help: 'set a new password in Qualys, then update the secret and passwordExpires' }
  }
  const message = `the password expires on ${passwordExpires}, ${daysLeftWords(expiry.daysLeft)}`
  if (expiry.state === 'expiring') return { id: 'password-expiry', status: 'warn', message, help: 'change it in Qualys before then, and update the secret and passwordExpires' }
  return { id: 'password-expiry', status: 'ok', message }
}

