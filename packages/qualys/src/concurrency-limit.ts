/**
 * Runs tasks within a limit of concurrent calls. Qualys limits concurrent API calls per subscription (2 by default,
 * answered with 409 code 1960 beyond it): the client keeps below that itself rather than collect refusals. The
 * in-process one is `createConcurrencyLimit`; a limit shared by several processes (the webhook's PostgreSQL slots)
 * has the same shape. `signal` gives up waiting for a turn (the task is then not run).
 */
export interface ConcurrencyLimit {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>
}

/** At most `limit` tasks at once in this process, the rest queued in order. */
export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`the concurrency limit must be a positive integer, got ${limit}`)
  let running = 0
  const waiting: (() => void)[] = []
  const turn = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      signal?.throwIfAborted()
      const go = () => {
        signal?.removeEventListener('abort', abort)
        resolve()
      }
      const abort = () => {
        const at = waiting.indexOf(go)
        if (at >= 0) waiting.splice(at, 1)
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', abort, { once: true })
      waiting.push(go)
    })
  return {
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      signal?.throwIfAborted()
      if (running >= limit) await turn(signal)
      else running++
      try {
        return await task()
      } finally {
        const next = waiting.shift()
        if (next) next()
        else running--
      }
    },
  }
}
