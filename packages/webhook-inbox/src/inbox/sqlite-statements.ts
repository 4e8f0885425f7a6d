import Database from 'better-sqlite3'
import { bodyDigest, type AcceptResult, type Delivery, type DeliveryOutcome, type DeliveryStatus, type NewDelivery } from './inbox-store.js'

// The SQLite inbox's schema and its writes, shared by the main thread (`commitThread: false`) and the commit thread.

export interface Row {
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
  body_sha256: string | null
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
  last_error TEXT,
  body_sha256 TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_ready ON deliveries (status, next_attempt_at, queued_at);
CREATE INDEX IF NOT EXISTS deliveries_received ON deliveries (received_at);
CREATE INDEX IF NOT EXISTS deliveries_queued_order ON deliveries (queued_at, id, next_attempt_at) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS deliveries_applying_order ON deliveries (queued_at, id) WHERE status = 'applying';
`

/** The schema, on a new file or on one written before the replay window's digest column (filled in here). */
export function createSchema(db: Database.Database): void {
  db.exec(schema)
  const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(deliveries)`).all()
  if (!columns.some((c) => c.name === 'body_sha256')) {
    db.function('scanplan_body_digest', { deterministic: true }, (body: unknown) => bodyDigest(String(body)))
    db.exec(`ALTER TABLE deliveries ADD COLUMN body_sha256 TEXT; UPDATE deliveries SET body_sha256 = scanplan_body_digest(body)`)
  }
  db.exec(`CREATE INDEX IF NOT EXISTS deliveries_body_digest ON deliveries (endpoint, body_sha256, received_at)`)
}

type ReadyRow = Pick<Row, 'id' | 'queued_at'>

/** The earlier of the two probes' rows in claim order (`queued_at`, then `id`). */
function firstInClaimOrder(a: ReadyRow | undefined, b: ReadyRow | undefined): ReadyRow | undefined {
  if (!a || !b) return a ?? b
  return a.queued_at < b.queued_at || (a.queued_at === b.queued_at && a.id < b.id) ? a : b
}

export function toDelivery(row: Row): Delivery {
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
    `INSERT INTO deliveries (id, endpoint, body, status, attempts, received_at, queued_at, updated_at, next_attempt_at, body_sha256)
     VALUES (@id, @endpoint, @body, 'queued', 0, @receivedAt, @receivedAt, @receivedAt, @receivedAt, @digest)
     ON CONFLICT (id) DO NOTHING`,
  )
  const requeueFailed = db.prepare(
    `UPDATE deliveries SET status = 'queued', queued_at = @now, updated_at = @now, next_attempt_at = @now,
       lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND status = 'failed'`,
  )
  const byId = db.prepare<[string], Row>(`SELECT * FROM deliveries WHERE id = ?`)
  const earlierSameBody = db.prepare<[string, string, number], Row>(
    `SELECT * FROM deliveries WHERE endpoint = ? AND body_sha256 = ? AND received_at >= ? ORDER BY received_at, id LIMIT 1`,
  )
  const known = (delivery: NewDelivery, row: Row): AcceptResult => {
    // An id names one delivery: another body under it is refused, never dropped silently as a duplicate.
    if (row.body !== delivery.body) return { kind: 'conflict', delivery: toDelivery(row) }
    const requeued = requeueFailed.run({ id: delivery.id, now: delivery.receivedAt }).changes === 1
    return { kind: requeued ? 'requeued' : 'duplicate', delivery: toDelivery(requeued ? byId.get(delivery.id)! : row) }
  }
  const acceptAll = db.transaction((deliveries: readonly NewDelivery[]): AcceptResult[] =>
    deliveries.map((delivery) => {
      const digest = bodyDigest(delivery.body)
      if (delivery.replayWindowMs !== undefined) {
        const row = byId.get(delivery.id)
        if (row) return known(delivery, row)
        const earlier = earlierSameBody.get(delivery.endpoint, digest, delivery.receivedAt - delivery.replayWindowMs)
        if (earlier) return { kind: 'replayed', delivery: toDelivery(earlier) }
      }
      // A new row is exactly what was inserted: no need to read it back (one statement less per delivery).
      if (insert.run({ id: delivery.id, endpoint: delivery.endpoint, body: delivery.body, receivedAt: delivery.receivedAt, digest }).changes === 1) {
        return { kind: 'accepted', delivery: queuedRow(delivery) }
      }
      return known(delivery, byId.get(delivery.id)!)
    }),
  )
  return (deliveries) => acceptAll.immediate(deliveries)
}

/** Every write of the inbox, synchronous (better-sqlite3): run on the commit thread, or here when it is off. */
export interface InboxWrites {
  accept(deliveries: readonly NewDelivery[]): AcceptResult[]
  claim(owner: string, now: number, leaseMs: number): Delivery | undefined
  renew(id: string, owner: string, leaseUntil: number): boolean
  finish(id: string, owner: string, status: 'applied' | 'failed', outcome: DeliveryOutcome, now: number): boolean
  retryLater(id: string, owner: string, nextAttemptAt: number, error: string, now: number): boolean
  release(id: string, owner: string, now: number): boolean
}

export function prepareWrites(db: Database.Database): InboxWrites {
  const byId = db.prepare<[string], Row>(`SELECT * FROM deliveries WHERE id = ?`)
  const accept = prepareAccept(db)
  // Two probes instead of one OR: each walks its partial index in claim order and stops at the first row that is
  // due, so a claim costs the same with 1,000 or 100,000 queued (the OR read and sorted every queued row). Rows
  // skipped on the way are only queued retries not yet due that are older than the first due one.
  const pickQueued = db.prepare<[number], ReadyRow>(
    `SELECT id, queued_at FROM deliveries INDEXED BY deliveries_queued_order
     WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY queued_at, id LIMIT 1`,
  )
  const pickExpired = db.prepare<[number], ReadyRow>(
    `SELECT id, queued_at FROM deliveries INDEXED BY deliveries_applying_order
     WHERE status = 'applying' AND lease_until < ? ORDER BY queued_at, id LIMIT 1`,
  )
  const takeLease = db.prepare(
    `UPDATE deliveries SET status = 'applying', lease_owner = @owner, lease_until = @leaseUntil,
       attempts = attempts + 1, updated_at = @now
     WHERE id = @id`,
  )
  // better-sqlite3 is synchronous and one connection serialises everything, so pick-then-update cannot interleave
  // within this process; BEGIN IMMEDIATE (the transaction's .immediate) also keeps other processes out.
  const claimOne = db.transaction((owner: string, now: number, leaseMs: number): Delivery | undefined => {
    const row = firstInClaimOrder(pickQueued.get(now), pickExpired.get(now))
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
  return {
    accept,
    claim: (owner, now, leaseMs) => claimOne.immediate(owner, now, leaseMs),
    renew: (id, owner, leaseUntil) => renewLease.run(leaseUntil, id, owner).changes === 1,
    finish: (id, owner, status, outcome, now) =>
      finishOne.run({ id, owner, status, outcome: JSON.stringify(outcome), error: outcome.error ?? null, now }).changes === 1,
    retryLater: (id, owner, next, error, now) => retryOne.run({ id, owner, next, error, now }).changes === 1,
    release: (id, owner, now) => releaseOne.run({ id, owner, now }).changes === 1,
  }
}
