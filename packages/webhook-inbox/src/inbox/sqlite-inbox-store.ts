import Database from 'better-sqlite3'
import { startCommitThread } from './sqlite-commit-thread.js'
import type { AcceptResult, Delivery, DeliveryOutcome, DeliveryStatus, InboxStore, ListQuery, NewDelivery } from './inbox-store.js'

export interface SqliteInboxOptions {
  /** A file path (created if missing). */
  path: string
  /**
   * The file belongs to this one process (the default, and the only safe way to share nothing): leases left by a
   * previous process that died are released at once on open instead of after they expire.
   */
  singleProcess?: boolean
  /**
   * Commit groups of new deliveries on a worker thread (default true): better-sqlite3 is synchronous, and an fsync on
   * the main thread stops the event loop, so no request is read or verified while a group is being made durable.
   */
  commitThread?: boolean
}

interface Row {
  id: string
  endpoint: string
  body: string
  status: DeliveryStatus
  attempts: number
  received_at: number
  queued_at: number
  updated_at: number
  next_attempt_at: number
  lease_owner: string | null
  lease_until: number | null
  outcome: string | null
  last_error: string | null
}

const schema = `
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  endpoint TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'applying', 'applied', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  queued_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  outcome TEXT,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_ready ON deliveries (status, next_attempt_at, queued_at);
CREATE INDEX IF NOT EXISTS deliveries_received ON deliveries (received_at);
`

function toDelivery(row: Row): Delivery {
  return {
    id: row.id,
    endpoint: row.endpoint,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    receivedAt: row.received_at,
    queuedAt: row.queued_at,
    updatedAt: row.updated_at,
    nextAttemptAt: row.next_attempt_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    outcome: row.outcome === null ? null : (JSON.parse(row.outcome) as DeliveryOutcome),
    lastError: row.last_error,
  }
}

/** The row the insert below writes for a new delivery. */
function queuedRow(delivery: NewDelivery): Delivery {
  const at = delivery.receivedAt
  return {
    id: delivery.id,
    endpoint: delivery.endpoint,
    body: delivery.body,
    status: 'queued',
    attempts: 0,
    receivedAt: at,
    queuedAt: at,
    updatedAt: at,
    nextAttemptAt: at,
    leaseOwner: null,
    leaseUntil: null,
    outcome: null,
    lastError: null,
  }
}

/** Opens a connection the way the inbox needs it: WAL, every commit fsync'd, waits (not fails) on a busy lock. */
export function openDatabase(path: string): Database.Database {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  return db
}

/** The group insert, one IMMEDIATE transaction per group; shared by the main thread and the commit thread. */
export function prepareAccept(db: Database.Database): (deliveries: readonly NewDelivery[]) => AcceptResult[] {
  const insert = db.prepare(
    `INSERT INTO deliveries (id, endpoint, body, status, attempts, received_at, queued_at, updated_at, next_attempt_at)
     VALUES (@id, @endpoint, @body, 'queued', 0, @receivedAt, @receivedAt, @receivedAt, @receivedAt)
     ON CONFLICT (id) DO NOTHING`,
  )
  const requeueFailed = db.prepare(
    `UPDATE deliveries SET status = 'queued', queued_at = @now, updated_at = @now, next_attempt_at = @now,
       lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND status = 'failed'`,
  )
  const byId = db.prepare<[string], Row>(`SELECT * FROM deliveries WHERE id = ?`)
  const acceptAll = db.transaction((deliveries: readonly NewDelivery[]): AcceptResult[] =>
    deliveries.map((delivery) => {
      // A new row is exactly what was inserted: no need to read it back (one statement less per delivery).
      if (insert.run(delivery).changes === 1) return { kind: 'accepted', delivery: queuedRow(delivery) }
      const requeued = requeueFailed.run({ id: delivery.id, now: delivery.receivedAt }).changes === 1
      return { kind: requeued ? 'requeued' : 'duplicate', delivery: toDelivery(byId.get(delivery.id)!) }
    }),
  )
  return (deliveries) => acceptAll.immediate(deliveries)
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
  const commitThread = options.commitThread === false ? undefined : startCommitThread(options.path)
  const acceptHere = options.commitThread === false ? prepareAccept(db) : undefined
  const pickReady = db.prepare<[number, number], Row>(
    `SELECT * FROM deliveries
     WHERE (status = 'queued' AND next_attempt_at <= ?) OR (status = 'applying' AND lease_until < ?)
     ORDER BY queued_at, id LIMIT 1`,
  )
  const takeLease = db.prepare(
    `UPDATE deliveries SET status = 'applying', lease_owner = @owner, lease_until = @leaseUntil,
       attempts = attempts + 1, updated_at = @now
     WHERE id = @id`,
  )
  // better-sqlite3 is synchronous and one connection serialises everything, so pick-then-update cannot interleave
  // within this process; BEGIN IMMEDIATE (the transaction's .immediate) also keeps other processes out.
  const claimOne = db.transaction((owner: string, now: number, leaseMs: number): Delivery | undefined => {
    const row = pickReady.get(now, now)
    if (!row) return undefined
    takeLease.run({ id: row.id, owner, leaseUntil: now + leaseMs, now })
    return toDelivery(byId.get(row.id)!)
  })
  const renewLease = db.prepare(
    `UPDATE deliveries SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'applying'`,
  )
  const finishOne = db.prepare(
    `UPDATE deliveries SET status = @status, outcome = @outcome, last_error = @error, updated_at = @now,
       lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND lease_owner = @owner AND status = 'applying'`,
  )
  const retryOne = db.prepare(
    `UPDATE deliveries SET status = 'queued', next_attempt_at = @next, last_error = @error, updated_at = @now,
       lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND lease_owner = @owner AND status = 'applying'`,
  )
  const releaseOne = db.prepare(
    `UPDATE deliveries SET status = 'queued', next_attempt_at = @now, updated_at = @now,
       attempts = MAX(attempts - 1, 0), lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND lease_owner = @owner AND status = 'applying'`,
  )
  const counts = db.prepare<[], { status: DeliveryStatus; n: number }>(
    `SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status`,
  )
  let closed = false

  return {
    async acceptBatch(deliveries) {
      return acceptHere ? acceptHere(deliveries) : commitThread!.accept(deliveries)
    },
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
    async claim(owner, now, leaseMs) {
      return claimOne.immediate(owner, now, leaseMs)
    },
    async renew(id, owner, leaseUntil) {
      return renewLease.run(leaseUntil, id, owner).changes === 1
    },
    async finish(id, owner, status, outcome, now) {
      const error = outcome.error ?? null
      return finishOne.run({ id, owner, status, outcome: JSON.stringify(outcome), error, now }).changes === 1
    },
    async retryLater(id, owner, next, error, now) {
      return retryOne.run({ id, owner, next, error, now }).changes === 1
    },
    async release(id, owner, now) {
      return releaseOne.run({ id, owner, now }).changes === 1
    },
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
