import { startCommitThread, type CommitThread } from './sqlite-commit-thread.js'
import { openDatabase, prepareWrites, schema, toDelivery, type InboxWrites, type Row } from './sqlite-statements.js'
import type { DeliveryStatus, InboxStore, ListQuery } from './inbox-store.js'

export { openDatabase } from './sqlite-statements.js'

export interface SqliteInboxOptions {
  /** A file path (created if missing). */
  path: string
  /**
   * The file belongs to this one process (the default, and the only safe way to share nothing): leases left by a
   * previous process that died are released at once on open instead of after they expire.
   */
  singleProcess?: boolean
  /**
   * Run every write (group commits of new deliveries, claims, finishes, retries, lease renewals) on a worker thread
   * with its own connection (default true): better-sqlite3 is synchronous, and a statement or an fsync on the main
   * thread stops the event loop, so no request would be read or verified meanwhile. Reads stay here.
   */
  commitThread?: boolean
}

/** The writes as the store calls them: on the commit thread, or synchronously on this one. */
type AsyncWrites = { [K in keyof InboxWrites]: (...args: Parameters<InboxWrites[K]>) => Promise<ReturnType<InboxWrites[K]>> }

function localWrites(writes: InboxWrites): AsyncWrites {
  return {
    accept: async (...args) => writes.accept(...args),
    claim: async (...args) => writes.claim(...args),
    renew: async (...args) => writes.renew(...args),
    finish: async (...args) => writes.finish(...args),
    retryLater: async (...args) => writes.retryLater(...args),
    release: async (...args) => writes.release(...args),
  }
}

/**
 * The embedded inbox: better-sqlite3 in WAL mode with `synchronous = FULL`, so every commit fsyncs the WAL before it
 * returns (NORMAL would survive kill -9 but not a power cut). Callers batch deliveries into one transaction (group
 * commit) so that one fsync covers many deliveries.
 */
export function openSqliteInbox(options: SqliteInboxOptions): InboxStore {
  const db = openDatabase(options.path)
  db.exec(schema)
  if (options.singleProcess !== false) {
    db.prepare(
      `UPDATE deliveries SET status = 'queued', lease_owner = NULL, lease_until = NULL WHERE status = 'applying'`,
    ).run()
  }

  const byId = db.prepare<[string], Row>(`SELECT * FROM deliveries WHERE id = ?`)
  const commitThread: CommitThread | undefined = options.commitThread === false ? undefined : startCommitThread(options.path)
  const writes: AsyncWrites = commitThread ? commitThread.writes : localWrites(prepareWrites(db))
  const counts = db.prepare<[], { status: DeliveryStatus; n: number }>(
    `SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status`,
  )
  let closed = false

  return {
    acceptBatch: (deliveries) => writes.accept(deliveries),
    async get(id) {
      const row = byId.get(id)
      return row ? toDelivery(row) : undefined
    },
    async list(query: ListQuery) {
      const rows =
        query.status === undefined
          ? db.prepare<[number], Row>(`SELECT * FROM deliveries ORDER BY received_at DESC, id LIMIT ?`).all(query.limit)
          : db
              .prepare<[string, number], Row>(
                `SELECT * FROM deliveries WHERE status = ? ORDER BY received_at DESC, id LIMIT ?`,
              )
              .all(query.status, query.limit)
      return rows.map(toDelivery)
    },
    claim: (owner, now, leaseMs) => writes.claim(owner, now, leaseMs),
    renew: (id, owner, leaseUntil) => writes.renew(id, owner, leaseUntil),
    finish: (id, owner, status, outcome, now) => writes.finish(id, owner, status, outcome, now),
    retryLater: (id, owner, next, error, now) => writes.retryLater(id, owner, next, error, now),
    release: (id, owner, now) => writes.release(id, owner, now),
    async countByStatus() {
      const result: Record<DeliveryStatus, number> = { queued: 0, applying: 0, applied: 0, failed: 0 }
      for (const { status, n } of counts.all()) result[status] = n
      return result
    },
    async ping() {
      if (closed) throw new Error('the SQLite inbox is closed')
      db.prepare('SELECT 1').get()
    },
    async close() {
      if (closed) return
      closed = true
      await commitThread?.close()
      db.close()
    },
  }
}
