import pg from 'pg'
import { openPostgresSlots } from '../limits/postgres-slots.js'
import { bodyDigest, type AcceptResult, type Delivery, type DeliveryOutcome, type DeliveryStatus, type InboxStore, type ListQuery, type NewDelivery } from './inbox-store.js'

export interface PostgresInboxOptions {
  connectionString: string
  /** Connections in the pool (the HTTP side and the workers share it). */
  maxConnections?: number
  /** Connections that hold Qualys concurrency slots (`qualysLimits`), apart from the inbox's. Default 10. */
  maxSlotConnections?: number
}

interface Row {
  id: string
  endpoint: string
  body: string
  status: DeliveryStatus
  attempts: number
  received_at: string
  queued_at: string
  updated_at: string
  next_attempt_at: string
  lease_owner: string | null
  lease_until: string | null
  outcome: DeliveryOutcome | null
  last_error: string | null
  account: string | null
  connectors: string | null
  create_in_flight_until: string | null
  body_sha256: string | null
}

const schema = `
CREATE TABLE IF NOT EXISTS scanplan_deliveries (
  id TEXT PRIMARY KEY,
  endpoint TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CONSTRAINT scanplan_deliveries_status_check CHECK (status IN ('queued', 'applying', 'applied', 'failed', 'superseded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  received_at BIGINT NOT NULL,
  queued_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  outcome JSONB,
  last_error TEXT,
  account TEXT,
  connectors TEXT,
  create_in_flight_until BIGINT,
  body_sha256 TEXT
);
-- Tables written by an earlier version: the columns and the status superseded.
ALTER TABLE scanplan_deliveries ADD COLUMN IF NOT EXISTS account TEXT;
ALTER TABLE scanplan_deliveries ADD COLUMN IF NOT EXISTS connectors TEXT;
ALTER TABLE scanplan_deliveries ADD COLUMN IF NOT EXISTS create_in_flight_until BIGINT;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'scanplan_deliveries_status_check'
                 AND pg_get_constraintdef(oid) LIKE '%superseded%') THEN
    ALTER TABLE scanplan_deliveries DROP CONSTRAINT IF EXISTS scanplan_deliveries_status_check;
    ALTER TABLE scanplan_deliveries ADD CONSTRAINT scanplan_deliveries_status_check
      CHECK (status IN ('queued', 'applying', 'applied', 'failed', 'superseded'));
  END IF;
END $$;
-- Tables made before the replay window's digest column: added and filled in (PostgreSQL 11+ has sha256()).
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'scanplan_deliveries' AND column_name = 'body_sha256' AND table_schema = current_schema()) THEN
    ALTER TABLE scanplan_deliveries ADD COLUMN body_sha256 TEXT;
    UPDATE scanplan_deliveries SET body_sha256 = encode(sha256(convert_to(body, 'UTF8')), 'hex');
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS scanplan_deliveries_body_digest ON scanplan_deliveries (endpoint, body_sha256, received_at);
CREATE INDEX IF NOT EXISTS scanplan_deliveries_ready ON scanplan_deliveries (status, next_attempt_at, queued_at);
CREATE INDEX IF NOT EXISTS scanplan_deliveries_received ON scanplan_deliveries (received_at);
CREATE INDEX IF NOT EXISTS scanplan_deliveries_queued_order ON scanplan_deliveries (queued_at, id, next_attempt_at) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS scanplan_deliveries_applying_order ON scanplan_deliveries (queued_at, id) WHERE status = 'applying';
CREATE INDEX IF NOT EXISTS scanplan_deliveries_account_order ON scanplan_deliveries (account, queued_at, id) WHERE status IN ('queued', 'applying');
`

/** A delivery of an account waits while an earlier one of that account is queued or applying (one index probe). */
const noEarlierOfAccount = `NOT EXISTS (
  SELECT 1 FROM scanplan_deliveries AS e
  WHERE e.account = d.account AND e.status IN ('queued', 'applying') AND (e.queued_at, e.id) < (d.queued_at, d.id))`

// BIGINT arrives as a string from pg (it may exceed 2^53); Unix milliseconds never do.
const toDelivery = (row: Row): Delivery => ({
  id: row.id,
  endpoint: row.endpoint,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  receivedAt: Number(row.received_at),
  queuedAt: Number(row.queued_at),
  updatedAt: Number(row.updated_at),
  nextAttemptAt: Number(row.next_attempt_at),
  leaseOwner: row.lease_owner,
  leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
  outcome: row.outcome,
  lastError: row.last_error,
  account: row.account,
  connectors: row.connectors,
  createInFlightUntil: row.create_in_flight_until === null ? null : Number(row.create_in_flight_until),
})

/**
 * For each account and connectors a group (re)queued, the newest unfinished delivery (in claim order) makes every
 * queued one before it obsolete: marked `superseded`. Two groups committing at once may each miss the other's new row:
 * both are then applied, in order, which ends in the same state. The results are answered as the rows now stand.
 */
async function supersede(client: pg.PoolClient, deliveries: readonly NewDelivery[], results: AcceptResult[]): Promise<AcceptResult[]> {
  const queuedNow = [...new Set(results.filter((r) => r.kind === 'accepted' || r.kind === 'requeued').map((r) => r.delivery.id))]
  if (queuedNow.length === 0) return results
  const at = Math.round(Math.max(...deliveries.map((d) => d.receivedAt)))
  const superseded = await client.query<{ id: string; account: string; connectors: string }>(
    `WITH scopes AS (
       SELECT DISTINCT account, connectors FROM scanplan_deliveries
       WHERE id = ANY($1::text[]) AND account IS NOT NULL AND connectors IS NOT NULL
     ), newest AS (
       SELECT DISTINCT ON (d.account, d.connectors) d.account, d.connectors, d.id, d.queued_at
       FROM scanplan_deliveries d JOIN scopes USING (account, connectors)
       WHERE d.status IN ('queued', 'applying')
       ORDER BY d.account, d.connectors, d.queued_at DESC, d.id DESC
     )
     UPDATE scanplan_deliveries t SET status = 'superseded', updated_at = $2, lease_owner = NULL, lease_until = NULL,
       outcome = jsonb_build_object('supersededBy', n.id, 'startedAt', $2::bigint, 'finishedAt', $2::bigint)
     FROM newest n
     WHERE t.account = n.account AND t.connectors = n.connectors AND t.status = 'queued'
       AND (t.queued_at, t.id) < (n.queued_at, n.id)
     RETURNING t.id, t.account, t.connectors`,
    [queuedNow, at],
  )
  if (superseded.rows.length === 0) return results
  const by = new Map<number, string[]>()
  for (const row of superseded.rows) {
    // Counted once, on the first (re)queued delivery of this group with the same account and connectors.
    const index = results.findIndex(
      (r, i) => (r.kind === 'accepted' || r.kind === 'requeued') && deliveries[i]!.account === row.account && deliveries[i]!.connectors === row.connectors,
    )
    if (index >= 0) by.set(index, [...(by.get(index) ?? []), row.id])
  }
  const rows = await client.query<Row>(`SELECT * FROM scanplan_deliveries WHERE id = ANY($1::text[])`, [superseded.rows.map((r) => r.id)])
  const now = new Map(rows.rows.map((row) => [row.id, toDelivery(row)]))
  return results.map((r, i) => {
    const ids = by.get(i)
    return { ...r, delivery: now.get(r.delivery.id) ?? r.delivery, ...(ids ? { superseded: ids } : {}) }
  })
}

/**
 * The shared inbox for several instances: PostgreSQL through `pg`. Workers claim with `FOR UPDATE SKIP LOCKED`, so
 * instances never wait on or double-claim each other's rows; commits are durable under PostgreSQL's default
 * `synchronous_commit = on`. Leases that expire (an instance died) are claimed again by any instance.
 */
export async function openPostgresInbox(options: PostgresInboxOptions): Promise<InboxStore> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 })
  // An idle client losing its connection must not crash the process; the next query reports the failure.
  pool.on('error', () => {})
  const setup = await pool.connect()
  try {
    // Several instances may start at once; the advisory lock keeps CREATE ... IF NOT EXISTS from racing.
    await setup.query('SELECT pg_advisory_lock(715240981)')
    await setup.query(schema)
    await setup.query('SELECT pg_advisory_unlock(715240981)')
  } finally {
    setup.release()
  }

  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }
  const changed = (result: pg.QueryResult) => result.rowCount === 1
  /** A delivery whose id is in the table: a conflict if the body differs, else a duplicate (or requeued if it failed). */
  const knownId = async (client: pg.PoolClient, delivery: NewDelivery, row: Row): Promise<AcceptResult> => {
    if (row.body !== delivery.body) return { kind: 'conflict', delivery: toDelivery(row) }
    const requeued = await client.query<Row>(
      `UPDATE scanplan_deliveries SET status = 'queued', queued_at = $2, updated_at = $2, next_attempt_at = $2,
         lease_owner = NULL, lease_until = NULL
       WHERE id = $1 AND status = 'failed'
       RETURNING *`,
      [delivery.id, delivery.receivedAt],
    )
    return requeued.rows[0] ? { kind: 'requeued', delivery: toDelivery(requeued.rows[0]) } : { kind: 'duplicate', delivery: toDelivery(row) }
  }

  // Every instance on this database takes its Qualys calls' slots here: the subscription's limit holds across them.
  const qualysLimits = openPostgresSlots({ connectionString: options.connectionString, ...(options.maxSlotConnections ? { maxConnections: options.maxSlotConnections } : {}) })

  return {
    qualysLimits,
    async acceptBatch(deliveries: readonly NewDelivery[]) {
      if (deliveries.length === 0) return []
      return transaction(async (client) => {
        const results: (AcceptResult | undefined)[] = deliveries.map(() => undefined)
        // Deliveries under a replay window, one by one so that each sees the ones before it, behind a lock per body
        // digest and endpoint (taken in one order, so two instances neither deadlock nor both take the same body).
        const windowed = deliveries.flatMap((d, i) => (d.replayWindowMs !== undefined ? [i] : []))
        const lockKeys = [...new Set(windowed.map((i) => `${deliveries[i]!.endpoint}\n${bodyDigest(deliveries[i]!.body)}`))].sort()
        for (const key of lockKeys) await client.query('SELECT pg_advisory_xact_lock(715240982, hashtext($1))', [key])
        for (const i of windowed) {
          const d = deliveries[i]!
          const digest = bodyDigest(d.body)
          const sameId = await client.query<Row>(`SELECT * FROM scanplan_deliveries WHERE id = $1`, [d.id])
          if (sameId.rows[0]) {
            results[i] = await knownId(client, d, sameId.rows[0])
            continue
          }
          const earlier = await client.query<Row>(
            `SELECT * FROM scanplan_deliveries WHERE endpoint = $1 AND body_sha256 = $2 AND received_at >= $3
             ORDER BY received_at, id LIMIT 1`,
            [d.endpoint, digest, Math.floor(d.receivedAt - d.replayWindowMs!)],
          )
          if (earlier.rows[0]) {
            results[i] = { kind: 'replayed', delivery: toDelivery(earlier.rows[0]) }
            continue
          }
          const inserted = await client.query<Row>(
            `INSERT INTO scanplan_deliveries
               (id, endpoint, body, status, attempts, received_at, queued_at, updated_at, next_attempt_at, body_sha256, account, connectors)
             VALUES ($1, $2, $3, 'queued', 0, $4, $4, $4, $4, $5, $6, $7)
             RETURNING *`,
            [d.id, d.endpoint, d.body, d.receivedAt, digest, d.account ?? null, d.connectors ?? null],
          )
          results[i] = { kind: 'accepted', delivery: toDelivery(inserted.rows[0]!) }
        }
        const rest = deliveries.flatMap((d, i) => (d.replayWindowMs === undefined ? [i] : []))
        if (rest.length === 0) return supersede(client, deliveries, results as AcceptResult[])
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO scanplan_deliveries
             (id, endpoint, body, status, attempts, received_at, queued_at, updated_at, next_attempt_at, body_sha256, account, connectors)
           SELECT id, endpoint, body, 'queued', 0, received_at, received_at, received_at, received_at, body_sha256, account, connectors
           FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[]) AS d(id, endpoint, body, received_at, body_sha256, account, connectors)
           ON CONFLICT (id) DO NOTHING
           RETURNING id`,
          [
            rest.map((i) => deliveries[i]!.id),
            rest.map((i) => deliveries[i]!.endpoint),
            rest.map((i) => deliveries[i]!.body),
            rest.map((i) => deliveries[i]!.receivedAt),
            rest.map((i) => bodyDigest(deliveries[i]!.body)),
            rest.map((i) => deliveries[i]!.account ?? null),
            rest.map((i) => deliveries[i]!.connectors ?? null),
          ],
        )
        // Within one group the first of two equal ids is the new one; the later ones are what a known id is.
        const fresh = new Set(inserted.rows.map((r) => r.id))
        const rows = await client.query<Row>(`SELECT * FROM scanplan_deliveries WHERE id = ANY($1::text[])`, [
          [...new Set(rest.map((i) => deliveries[i]!.id))],
        ])
        const byId = new Map(rows.rows.map((row) => [row.id, row]))
        for (const i of rest) {
          const d = deliveries[i]!
          if (fresh.delete(d.id)) results[i] = { kind: 'accepted', delivery: toDelivery(byId.get(d.id)!) }
          else {
            results[i] = await knownId(client, d, byId.get(d.id)!)
            byId.set(d.id, (await client.query<Row>(`SELECT * FROM scanplan_deliveries WHERE id = $1`, [d.id])).rows[0]!)
          }
        }
        return supersede(client, deliveries, results as AcceptResult[])
      })
    },
    async get(id) {
      const result = await pool.query<Row>(`SELECT * FROM scanplan_deliveries WHERE id = $1`, [id])
      return result.rows[0] ? toDelivery(result.rows[0]) : undefined
    },
    async list(query: ListQuery) {
      const result =
        query.status === undefined
          ? await pool.query<Row>(`SELECT * FROM scanplan_deliveries ORDER BY received_at DESC, id LIMIT $1`, [query.limit])
          : await pool.query<Row>(
              `SELECT * FROM scanplan_deliveries WHERE status = $1 ORDER BY received_at DESC, id LIMIT $2`,
              [query.status, query.limit],
            )
      return result.rows.map(toDelivery)
    },
    async claim(owner, now, leaseMs) {
      // Two probes instead of one OR (which read and sorted every queued row: Seq Scan + Sort): each walks its
      // partial index in claim order and stops at its first due, unlocked row; the earlier of the two is taken. The
      // other probe's row stays locked only until this statement commits.
      const result = await pool.query<Row>(
        `WITH queued AS (
           SELECT id, queued_at FROM scanplan_deliveries AS d
           WHERE status = 'queued' AND next_attempt_at <= $2 AND ${noEarlierOfAccount}
           ORDER BY queued_at, id LIMIT 1
           FOR UPDATE SKIP LOCKED
         ), expired AS (
           SELECT id, queued_at FROM scanplan_deliveries AS d
           WHERE status = 'applying' AND lease_until < $2 AND ${noEarlierOfAccount}
           ORDER BY queued_at, id LIMIT 1
           FOR UPDATE SKIP LOCKED
         ), picked AS (SELECT * FROM queued UNION ALL SELECT * FROM expired)
         UPDATE scanplan_deliveries SET status = 'applying', lease_owner = $1, lease_until = $3,
           attempts = attempts + 1, updated_at = $2
         WHERE id = (SELECT id FROM picked ORDER BY queued_at, id LIMIT 1)
         RETURNING *`,
        [owner, now, now + leaseMs],
      )
      return result.rows[0] ? toDelivery(result.rows[0]) : undefined
    },
    async renew(id, owner, leaseUntil) {
      return changed(
        await pool.query(
          `UPDATE scanplan_deliveries SET lease_until = $3 WHERE id = $1 AND lease_owner = $2 AND status = 'applying'`,
          [id, owner, leaseUntil],
        ),
      )
    },
    async finish(id, owner, status, outcome, now) {
      return changed(
        await pool.query(
          `UPDATE scanplan_deliveries SET status = $3, outcome = $4, last_error = $5, updated_at = $6,
             lease_owner = NULL, lease_until = NULL, create_in_flight_until = NULL
           WHERE id = $1 AND lease_owner = $2 AND status = 'applying'`,
          [id, owner, status, JSON.stringify(outcome), outcome.error ?? null, now],
        ),
      )
    },
    async retryLater(id, owner, next, error, now) {
      // The columns are BIGINT milliseconds, and a backoff with jitter is fractional: pg would send `1700000001234.5`
      // and PostgreSQL refuse it (invalid input syntax for type bigint). Rounded up, never earlier than asked.
      next = Math.ceil(next)
      now = Math.round(now)
      return changed(
        await pool.query(
          `UPDATE scanplan_deliveries SET status = 'queued', next_attempt_at = $3, last_error = $4, updated_at = $5,
             lease_owner = NULL, lease_until = NULL
           WHERE id = $1 AND lease_owner = $2 AND status = 'applying'`,
          [id, owner, next, error, now],
        ),
      )
    },
    async release(id, owner, now) {
      return changed(
        await pool.query(
          `UPDATE scanplan_deliveries SET status = 'queued', next_attempt_at = GREATEST($3, COALESCE(create_in_flight_until, 0)),
             updated_at = $3, attempts = GREATEST(attempts - 1, 0), lease_owner = NULL, lease_until = NULL
           WHERE id = $1 AND lease_owner = $2 AND status = 'applying'`,
          [id, owner, Math.round(now)],
        ),
      )
    },
    async recordCreateIntent(id, owner, until, now) {
      return changed(
        await pool.query(
          `UPDATE scanplan_deliveries SET create_in_flight_until = GREATEST($3, COALESCE(create_in_flight_until, 0)), updated_at = $4
           WHERE id = $1 AND lease_owner = $2 AND status = 'applying'`,
          [id, owner, Math.ceil(until), Math.round(now)],
        ),
      )
    },
    async countByStatus() {
      const result = await pool.query<{ status: DeliveryStatus; n: string }>(
        `SELECT status, COUNT(*) AS n FROM scanplan_deliveries GROUP BY status`,
      )
      const counts: Record<DeliveryStatus, number> = { queued: 0, applying: 0, applied: 0, failed: 0, superseded: 0 }
      for (const { status, n } of result.rows) counts[status] = Number(n)
      return counts
    },
    async ping() {
      await pool.query('SELECT 1')
    },
    async close() {
      await Promise.all([pool.end(), qualysLimits.close()])
    },
  }
}
