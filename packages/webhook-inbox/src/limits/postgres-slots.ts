import { createConcurrencyLimit, type ConcurrencyLimit } from '@scanplan/qualys'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import type { SubscriptionLimits } from './subscription-limits.js'

export interface PostgresSlotsOptions {
  connectionString: string
  /** Connections that hold slots (one per call in flight from this process). Default 10. */
  maxConnections?: number
  /** The longest pause between two looks for a free slot while every slot is taken. Default 100 ms. */
  maxPollMs?: number
}

/** The first key of every slot's advisory lock: scanplan's Qualys slots, apart from other users of the database. */
export const slotLockNamespace = 715240983

/**
 * Qualys concurrency limits shared by every process on one PostgreSQL database: slot `n` of an account is the session
 * advisory lock (`slotLockNamespace`, hashtext(account key + n)), held on a connection of this pool for the length
 * of one call. PostgreSQL drops a session's locks when its connection ends, so a process that dies holding a slot
 * frees it as soon as the server sees the connection close (at once for a killed process: the kernel closes the
 * socket; a vanished host takes as long as TCP keepalive). Two accounts whose keys share a hash share their slots:
 * a tighter limit, never a looser one. Within the process the callers queue in order behind an in-process limit of
 * the same size first, so a process never holds more connections than slots; between processes a free slot goes to
 * whichever looks first (no order).
 */
export function openPostgresSlots(options: PostgresSlotsOptions): SubscriptionLimits {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 })
  // An idle connection that breaks must not crash the process; the next slot taken opens another.
  pool.on('error', () => {})
  const maxPollMs = options.maxPollMs ?? 100
  const limits = new Map<string, ConcurrencyLimit>()

  /** Takes a free slot of `key`, waiting (polling with jitter) while every one is held somewhere. */
  async function take(key: string, limit: number, signal?: AbortSignal): Promise<{ client: pg.PoolClient; lock: string }> {
    for (let look = 0; ; look++) {
      signal?.throwIfAborted()
      const client = await pool.connect()
      try {
        for (let slot = 0; slot < limit; slot++) {
          const lock = `${key}\n${slot}`
          const taken = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [slotLockNamespace, lock])
          if (taken.rows[0]?.ok) return { client, lock }
        }
      } catch (error) {
        client.release(error as Error)
        throw error
      }
      // No connection is kept while waiting: the holders need the server's connections more.
      client.release()
      const pause = Math.min(maxPollMs, 5 * 2 ** look)
      await sleep(pause / 2 + (Math.random() * pause) / 2, undefined, signal ? { signal } : {})
    }
  }

  function sharedLimit(key: string, limit: number): ConcurrencyLimit {
    const local = createConcurrencyLimit(limit)
    return {
      run: (task, signal) =>
        local.run(async () => {
          const { client, lock } = await take(key, limit, signal)
          // A held connection that breaks (the server restarted, the network) has lost its lock already: the call
          // goes on unguarded and the connection is discarded on release. Without a listener pg would crash the process.
          let broken: Error | undefined
          const onError = (error: Error) => (broken = error)
          client.on('error', onError)
          try {
            return await task()
          } finally {
            try {
              if (!broken) await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [slotLockNamespace, lock])
            } catch (error) {
              broken = error as Error
            }
            client.off('error', onError)
            // A connection that could not unlock is ended rather than reused: ending it frees its lock.
            client.release(broken ?? false)
          }
        }, signal),
    }
  }

  return {
    limitFor(account, limit) {
      const key = `${account.key}\n${limit}`
      let found = limits.get(key)
      if (!found) limits.set(key, (found = sharedLimit(account.key, limit)))
      return found
    },
    close: () => pool.end(),
  }
}
