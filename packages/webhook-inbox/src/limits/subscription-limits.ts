import { createConcurrencyLimit, type ConcurrencyLimit, type LimitedAccount } from '@scanplan/qualys'

/**
 * The Qualys concurrency limits of every account the worker applies to, kept for the worker's lifetime (the applier
 * makes a client pool per delivery; the limit must outlive it). What `createClientPool`'s `concurrencyLimitFor` takes.
 */
export interface SubscriptionLimits {
  limitFor(account: LimitedAccount, limit: number): ConcurrencyLimit
  close(): Promise<void>
}

/** Limits for one process (the SQLite inbox: one process per file): `createConcurrencyLimit` per account. */
export function createProcessLimits(): SubscriptionLimits {
  const limits = new Map<string, ConcurrencyLimit>()
  return {
    limitFor(account, limit) {
      const key = `${account.key}\n${limit}`
      let found = limits.get(key)
      if (!found) limits.set(key, (found = createConcurrencyLimit(limit)))
      return found
    },
    close: async () => {},
  }
}
