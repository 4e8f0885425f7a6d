import { startCommitThread, type CommitThread } from './sqlite-commit-thread.js'
import Database from 'better-sqlite3'
import { createSchema, openDatabase, prepareWrites, toDelivery, type InboxWrites, type Row } from './sqlite-statements.js'
import type { DeliveryStatus, InboxStore, ListQuery } from './inbox-store.js'

export { openDatabase } from './sqlite-statements.js'

export interface SqliteInboxOptions {
  /** A file path (created if missing). */
  path: string
  /**
   * The file belongs to this one process (the default, and the only safe way to share nothing): the inbox is locked
   * against every other opener while open, and leases left by a previous process that died are released on open.
   * `false` only for tools that look at an inbox beside its owner (tests, the benchmark).
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
    recordCreateIntent: async (...args) => writes.recordCreateIntent(...args),
  }
}

/** The SQLite inbox is open elsewhere: the service must not start (the message says what to do). */
export class InboxInUseError extends Error {
  constructor(readonly path: string) {
    super(
      `the SQLite inbox ${path} is already open in another process (or twice in this one): one process owns a SQLite inbox, ` +
        'since a second one would take back its leases and apply its deliveries again. Stop the other service first, ' +
        'or use a PostgreSQL store to run several instances (docs/webhook.md, "Deployment with several instances").',
    )
    this.name = 'InboxInUseError'
  }
}

/**
 * Takes ownership of the inbox at `path`: an exclusive SQLite lock on a companion file (`<path>-owner`), held by an
 * open connection for as long as the inbox is open. The operating system drops the lock when the process ends, kill -9
 * included, so no stale lock file is ever left behind; a second process (or a second opener in this one) gets
 * SQLITE_BUSY at once and is refused. A lock on the inbox file itself would also block the commit thread's connection.
 */
function takeOwnership(path: string): Database.Database {
  const lock = new Database(`${path}-owner`)
  try {
    lock.pragma('busy_timeout = 0')
    lock.pragma('locking_mode = EXCLUSIVE')
    lock.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER)')
    // The first write under EXCLUSIVE locking mode takes the lock and keeps it until the connection closes.
    lock.exec('BEGIN EXCLUSIVE; DELETE FROM owner; COMMIT')
    return lock
  } catch (error) {
    lock.close()
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new InboxInUseError(path)
    throw error
  }
}

/**
 * The embedded inbox: better-sqlite3 in WAL mode with `synchronous = FULL`, so every commit fsyncs the WAL before it
 * returns (NORMAL would survive kill -9 but not a power cut). Callers batch deliveries into one transaction (group
 * commit) so that one fsync covers many deliveries.
 */
export function openSqliteInbox(options: SqliteInboxOptions): InboxStore {
  const owner = options.singleProcess !== false ? takeOwnership(options.path) : undefined
  let db: Database.Database
  try {
    db = openDatabase(options.path)
  } catch (error) {
    owner?.close()
    throw error
  }
  createSchema(db)
  if (options.singleProcess !== false) {
    // The previous process is gone (this one holds the owner lock), but a create it had sent may still be running in
    // Qualys: such a delivery is due only once that create cannot be running any more.
    db.prepare(
      `UPDATE deliveries SET status = 'queued', lease_owner = NULL, lease_until = NULL,
         next_attempt_at = MAX(next_attempt_at, COALESCE(create_in_flight_until, 0))
       WHERE status = 'applying'`,
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
    recordCreateIntent: (id, owner, until, now) => writes.recordCreateIntent(id, owner, until, now),
    async countByStatus() {
      const result: Record<DeliveryStatus, number> = { queued: 0, applying: 0, applied: 0, failed: 0, superseded: 0 }
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
      owner?.close()
    },
  }
}
