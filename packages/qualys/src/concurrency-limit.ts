/**
 * At most `limit` tasks at once, the rest queued in order. Qualys limits concurrent API calls per subscription
 * (2 by default, answered with 409 code 1960 beyond it): the client keeps below that itself rather than collect
 * refusals.
 */
export function createConcurrencyLimit(limit: number) {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`the concurrency limit must be a positive integer, got ${limit}`)
  let running = 0
  const waiting: (() => void)[] = []
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
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

export type ConcurrencyLimit = ReturnType<typeof createConcurrencyLimit>
