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
  account: string | null
  connectors: string | null
  create_in_flight_until: number | null
  body_sha256: string | null
}

const table = `
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  endpoint TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'applying', 'applied', 'failed', 'superseded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  queued_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  outcome TEXT,
  last_error TEXT,
  account TEXT,
  connectors TEXT,
  create_in_flight_until INTEGER,
  body_sha256 TEXT
);
`
const indexes = `
CREATE INDEX IF NOT EXISTS deliveries_ready ON deliveries (status, next_attempt_at, queued_at);
CREATE INDEX IF NOT EXISTS deliveries_received ON deliveries (received_at);
CREATE INDEX IF NOT EXISTS deliveries_queued_order ON deliveries (queued_at, id, next_attempt_at) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS deliveries_applying_order ON deliveries (queued_at, id) WHERE status = 'applying';
CREATE INDEX IF NOT EXISTS deliveries_account_order ON deliveries (account, queued_at, id) WHERE status IN ('queued', 'applying');
`
/**
 * Creates the table, or brings one written by an earlier version up to date: SQLite cannot change a CHECK
 * constraint in place, so a table without `superseded` is copied into the new shape in one transaction; a table
 * without the replay window's digest column gets it, filled in.
 */
export function createSchema(db: Database.Database): void {
  const existing = db.prepare<[], { sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'`).get()
  if (existing && !existing.sql.includes('superseded')) {
    const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(deliveries)`).all().map((c) => c.name).join(', ')
    db.transaction(() => {
      db.exec(`ALTER TABLE deliveries RENAME TO deliveries_before_superseded`)
      db.exec(table)
      db.exec(`INSERT INTO deliveries (${columns}) SELECT ${columns} FROM deliveries_before_superseded`)
      db.exec(`DROP TABLE deliveries_before_superseded`)
    }).immediate()
  }
  db.exec(table)
  const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(deliveries)`).all()
  if (!columns.some((c) => c.name === 'body_sha256')) {
    db.function('scanplan_body_digest', { deterministic: true }, (body: unknown) => bodyDigest(String(body)))
    db.exec(`ALTER TABLE deliveries ADD COLUMN body_sha256 TEXT; UPDATE deliveries SET body_sha256 = scanplan_body_digest(body)`)
  }
  db.exec(indexes)
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
    account: row.account,
    connectors: row.connectors,
    createInFlightUntil: row.create_in_flight_until,
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
    account: delivery.account ?? null,
    connectors: delivery.connectors ?? null,
    createInFlightUntil: null,
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
function prepareAccept(db: Database.Database): (deliveries: readonly NewDelivery[]) => AcceptResult[] {
  const insert = db.prepare(
    `INSERT INTO deliveries (id, endpoint, body, status, attempts, received_at, queued_at, updated_at, next_attempt_at, account, connectors, body_sha256)
     VALUES (@id, @endpoint, @body, 'queued', 0, @receivedAt, @receivedAt, @receivedAt, @receivedAt, @account, @connectors, @digest)
     ON CONFLICT (id) DO NOTHING`,
  )
  const requeueFailed = db.prepare(
    `UPDATE deliveries SET status = 'queued', queued_at = @now, updated_at = @now, next_attempt_at = @now,
       lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND status = 'failed'`,
  )
  const byId = db.prepare<[string], Row>(`SELECT * FROM deliveries WHERE id = ?`)
  // The newest unfinished delivery for these connectors (in claim order) makes every queued one before it obsolete.
  const newest = db.prepare<{ account: string; connectors: string }, ReadyRow>(
    `SELECT id, queued_at FROM deliveries INDEXED BY deliveries_account_order
     WHERE account = @account AND status IN ('queued', 'applying') AND connectors = @connectors
     ORDER BY queued_at DESC, id DESC LIMIT 1`,
  )
  const obsolete = db.prepare<{ account: string; connectors: string; id: string; queuedAt: number }, { id: string }>(
    // `status IN (...)` repeats the partial index's condition, which SQLite needs to see to use the index.
    `SELECT id FROM deliveries INDEXED BY deliveries_account_order
     WHERE account = @account AND status IN ('queued', 'applying') AND connectors = @connectors AND status = 'queued'
       AND (queued_at < @queuedAt OR (queued_at = @queuedAt AND id < @id))`,
  )
  const supersede = db.prepare(
    `UPDATE deliveries SET status = 'superseded', outcome = @outcome, updated_at = @now, lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND status = 'queued'`,
  )
  /** Supersedes what the (re)queued delivery `id` made obsolete, by the account and connectors it is stored with. */
  const supersedeBefore = (id: string, at: number): string[] => {
    const stored = byId.get(id)!
    if (stored.account === null || stored.connectors === null) return []
    const scope = { account: stored.account, connectors: stored.connectors }
    const last = newest.get(scope)
    if (!last) return []
    const ids = obsolete.all({ ...scope, id: last.id, queuedAt: last.queued_at }).map((r) => r.id)
    const outcome = JSON.stringify({ supersededBy: last.id, startedAt: at, finishedAt: at } satisfies DeliveryOutcome)
    for (const obsoleteId of ids) supersede.run({ id: obsoleteId, outcome, now: at })
    return ids
  }
  const earlierSameBody = db.prepare<[string, string, number], Row>(
    `SELECT * FROM deliveries WHERE endpoint = ? AND body_sha256 = ? AND received_at >= ? ORDER BY received_at, id LIMIT 1`,
  )
  const known = (delivery: NewDelivery, row: Row): AcceptResult => {
    // An id names one delivery: another body under it is refused, never dropped silently as a duplicate.
    if (row.body !== delivery.body) return { kind: 'conflict', delivery: toDelivery(row) }
    const requeued = requeueFailed.run({ id: delivery.id, now: delivery.receivedAt }).changes === 1
    return { kind: requeued ? 'requeued' : 'duplicate', delivery: toDelivery(requeued ? byId.get(delivery.id)! : row) }
  }
  const acceptOne = (delivery: NewDelivery): AcceptResult => {
    const digest = bodyDigest(delivery.body)
    if (delivery.replayWindowMs !== undefined) {
      const row = byId.get(delivery.id)
      if (row) return known(delivery, row)
      const earlier = earlierSameBody.get(delivery.endpoint, digest, delivery.receivedAt - delivery.replayWindowMs)
      if (earlier) return { kind: 'replayed', delivery: toDelivery(earlier) }
    }
    const row = { id: delivery.id, endpoint: delivery.endpoint, body: delivery.body, receivedAt: delivery.receivedAt, digest, account: delivery.account ?? null, connectors: delivery.connectors ?? null }
    // A new row is exactly what was inserted: no need to read it back (one statement less per delivery).
    if (insert.run(row).changes === 1) return { kind: 'accepted', delivery: queuedRow(delivery) }
    return known(delivery, byId.get(delivery.id)!)
  }
  const acceptAll = db.transaction((deliveries: readonly NewDelivery[]): AcceptResult[] => {
    const results = deliveries.map((delivery): AcceptResult => {
      const result = acceptOne(delivery)
      if (result.kind !== 'accepted' && result.kind !== 'requeued') return result
      const superseded = supersedeBefore(delivery.id, delivery.receivedAt)
      return superseded.length > 0 ? { ...result, superseded } : result
    })
    // A delivery of this group that a later one of the same group (or one accepted earlier but ordered after it)
    // made obsolete is answered as it now stands.
    const obsoleted = new Set(results.flatMap((r) => r.superseded ?? []))
    return results.map((r) => (obsoleted.has(r.delivery.id) ? { ...r, delivery: toDelivery(byId.get(r.delivery.id)!) } : r))
  })
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
  recordCreateIntent(id: string, owner: string, until: number, now: number): boolean
}

/**
 * A delivery of an account waits while an earlier one of that account (in claim order) is queued or applying: one
 * index probe per candidate (`deliveries_account_order`). Deliveries without an account are not ordered.
 */
const noEarlierOfAccount = `NOT EXISTS (
       SELECT 1 FROM deliveries AS e INDEXED BY deliveries_account_order
       WHERE e.account = d.account AND e.status IN ('queued', 'applying')
         AND (e.queued_at < d.queued_at OR (e.queued_at = d.queued_at AND e.id < d.id)))`

export function prepareWrites(db: Database.Database): InboxWrites {
  const byId = db.prepare<[string], Row>(`SELECT * FROM deliveries WHERE id = ?`)
  const accept = prepareAccept(db)
  // Two probes instead of one OR: each walks its partial index in claim order and stops at the first row that is
  // due, so a claim costs the same with 1,000 or 100,000 queued (the OR read and sorted every queued row). Rows
  // skipped on the way are only queued retries not yet due that are older than the first due one.
  const pickQueued = db.prepare<[number], ReadyRow>(
    `SELECT id, queued_at FROM deliveries AS d INDEXED BY deliveries_queued_order
     WHERE status = 'queued' AND next_attempt_at <= ? AND ${noEarlierOfAccount} ORDER BY queued_at, id LIMIT 1`,
  )
  const pickExpired = db.prepare<[number], ReadyRow>(
    `SELECT id, queued_at FROM deliveries AS d INDEXED BY deliveries_applying_order
     WHERE status = 'applying' AND lease_until < ? AND ${noEarlierOfAccount} ORDER BY queued_at, id LIMIT 1`,
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
       lease_owner = NULL, lease_until = NULL, create_in_flight_until = NULL
     WHERE id = @id AND lease_owner = @owner AND status = 'applying'`,
  )
  const retryOne = db.prepare(
    `UPDATE deliveries SET status = 'queued', next_attempt_at = @next, last_error = @error, updated_at = @now,
       lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND lease_owner = @owner AND status = 'applying'`,
  )
  const releaseOne = db.prepare(
    `UPDATE deliveries SET status = 'queued', next_attempt_at = MAX(@now, COALESCE(create_in_flight_until, 0)), updated_at = @now,
       attempts = MAX(attempts - 1, 0), lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND lease_owner = @owner AND status = 'applying'`,
  )
  const intendCreate = db.prepare(
    `UPDATE deliveries SET create_in_flight_until = MAX(@until, COALESCE(create_in_flight_until, 0)), updated_at = @now
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
    recordCreateIntent: (id, owner, until, now) => intendCreate.run({ id, owner, until, now }).changes === 1,
  }
}
