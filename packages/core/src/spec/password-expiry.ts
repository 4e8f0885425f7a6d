/**
 * The one password-expiry rule: compile's SPEC030/SPEC031, `scanplan doctor`'s password-expiry check and the webhook
 * service's readiness all read `source.passwordExpires` through it, so they agree on the day itself and on the count.
 */

/** How long before a password expires that the compiler (and doctor) start warning. */
export const passwordWarningDays = 14

const dayMs = 86_400_000

export type PasswordExpiry =
  /** From 00:00 UTC of the `passwordExpires` day on; `daysAgo` whole days since then (0: today). */
  | { state: 'expired'; expiresAt: Date; daysAgo: number }
  /** Within `passwordWarningDays`; `daysLeft` whole days before 00:00 UTC of that day (0: less than a day). */
  | { state: 'expiring'; expiresAt: Date; daysLeft: number }
  | { state: 'valid'; expiresAt: Date; daysLeft: number }

/** Where `passwordExpires` (`YYYY-MM-DD`, as the spec's codec checked it) stands at `now`. Pure: the caller's clock. */
export function passwordExpiry(passwordExpires: string, now: Date): PasswordExpiry {
  const expiresAt = new Date(`${passwordExpires}T00:00:00Z`)
  const ms = expiresAt.getTime() - now.getTime()
  if (ms <= 0) return { state: 'expired', expiresAt, daysAgo: Math.floor(-ms / dayMs) }
  const daysLeft = Math.floor(ms / dayMs)
  return { state: daysLeft < passwordWarningDays ? 'expiring' : 'valid', expiresAt, daysLeft }
}

/** "in 3 days", "in 1 day", "in less than a day": the wording of SPEC031 and doctor's warning. */
export function daysLeftWords(daysLeft: number): string {
  return daysLeft === 0 ? 'in less than a day' : `in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`
}
