import type { AcceptResult, InboxStore, NewDelivery } from './inbox-store.js'

export interface GroupCommitOptions {
  /** Most deliveries in one transaction. */
  maxGroup?: number
  /**
   * Groups being committed at once (default 2): the next group is handed to the store while the previous one is
   * still being fsync'd, so the store never waits for the round trip of an answer. Each is still answered only once
   * its own commit returns.
   */
  maxInFlight?: number
  /** Called after each group is durable (metrics). */
  onGroup?: (size: number, durationMs: number) => void
}

export interface GroupCommit {
  /** Resolves once the transaction holding this delivery is durable, never before. */
  submit(delivery: NewDelivery): Promise<AcceptResult>
  /** Resolves when everything submitted so far is committed (or has failed). */
  drain(): Promise<void>
}

interface Waiting {
  delivery: NewDelivery
  resolve: (result: AcceptResult) => void
  reject: (error: unknown) => void
}

/**
 * Group commit: an fsync per delivery caps throughput at a few thousand a second and queues requests behind each
 * other, so deliveries that arrive while the store is busy (or in the same event-loop turn) share one transaction
 * and one fsync. Nobody is answered before their group's commit returns; a failed commit fails its whole group.
 */
export function createGroupCommit(store: InboxStore, options: GroupCommitOptions = {}): GroupCommit {
  const maxGroup = options.maxGroup ?? 256
  const maxInFlight = options.maxInFlight ?? 2
  let waiting: Waiting[] = []
  let scheduled = false
  const inFlight = new Set<Promise<void>>()

  const commit = async (group: Waiting[]): Promise<void> => {
    const started = performance.now()
    try {
      const results = await store.acceptBatch(group.map((w) => w.delivery))
      options.onGroup?.(group.length, performance.now() - started)
      group.forEach((w, i) => w.resolve(results[i]!))
    } catch (error) {
      for (const w of group) w.reject(error)
    }
  }

  const schedule = () => {
    if (scheduled || inFlight.size >= maxInFlight || waiting.length === 0) return
    scheduled = true
    // setImmediate runs after the I/O of this loop turn: every request parsed in this turn joins the group.
    setImmediate(() => {
      scheduled = false
      while (inFlight.size < maxInFlight && waiting.length > 0) {
        const group = waiting.slice(0, maxGroup)
        waiting = waiting.slice(group.length)
        const done: Promise<void> = commit(group).finally(() => {
          inFlight.delete(done)
          schedule()
        })
        inFlight.add(done)
      }
    })
  }

  return {
    submit(delivery) {
      return new Promise<AcceptResult>((resolve, reject) => {
        waiting.push({ delivery, resolve, reject })
        schedule()
      })
    },
    async drain() {
      while (inFlight.size > 0 || scheduled || waiting.length > 0) {
        await (inFlight.size > 0 ? Promise.race(inFlight) : new Promise<void>((resolve) => setImmediate(resolve)))
      }
    },
  }
}
