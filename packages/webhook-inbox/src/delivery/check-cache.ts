import { createHash } from 'node:crypto'

/**
 * Remembers the door's verdict on a body (accept, or 422 with diagnostics) for the rest of the UTC day. Compiling a
 * spec costs milliseconds (YAML positions, schedule, DST checks), far more than verifying and storing a delivery, and
 * senders often send the same body again: retries, redeliveries, systems that push their whole desired state on a
 * timer. Keyed by the body's SHA-256 and the day, because the compile depends on "now" at day granularity (relative
 * start dates, password expiry). The worker compiles again when it applies, so a stale verdict cannot apply anything.
 */
export function createCheckCache<V>(maxEntries = 1024) {
  const entries = new Map<string, V>()
  return {
    get(body: string, at: Date, compute: () => V): V {
      const key = `${at.toISOString().slice(0, 10)} ${createHash('sha256').update(body).digest('base64')}`
      const hit = entries.get(key)
      if (hit !== undefined) {
        // Map keeps insertion order: re-inserting makes this the most recently used.
        entries.delete(key)
        entries.set(key, hit)
        return hit
      }
      const value = compute()
      entries.set(key, value)
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
      return value
    },
    size: () => entries.size,
  }
}
