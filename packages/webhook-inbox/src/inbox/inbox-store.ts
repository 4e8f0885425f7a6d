import { createHash } from 'node:crypto'

/**
 * The durable inbox. A delivery answered with 202 is in here, committed to disk, before the answer leaves; a worker
 * claims it with a lease, applies it and records the outcome. Two implementations share one contract suite
 * (inbox-store.contract.ts): SQLite for one process, PostgreSQL for several instances.
 */

export type DeliveryStatus = 'queued' | 'applying' | 'applied' | 'failed'
export const deliveryStatuses: readonly DeliveryStatus[] = ['queued', 'applying', 'applied', 'failed']

/**
 * The inbox's key of a delivery: the sender's id scoped by the endpoint and its signing scheme, so that ids from two
 * senders never meet (a GitHub delivery id cannot take the id a Standard Webhooks sender uses later). Endpoint paths
 * and scheme names hold no `:`, so the key splits back unambiguously whatever the sender's id holds.
 */
export function deliveryKey(scheme: string, endpoint: string, senderId: string): string {
  return `${scheme}:${endpoint}:${senderId}`
}

/** The parts of a key made by deliveryKey (undefined for anything else). */
export function parseDeliveryKey(key: string): { scheme: string; endpoint: string; senderId: string } | undefined {
  const match = /^([a-z-]+):(\/[^:]*):(.+)$/s.exec(key)
  return match ? { scheme: match[1]!, endpoint: match[2]!, senderId: match[3]! } : undefined
}

/** What the HTTP layer hands over once the signature and the spec have been checked. Times are Unix ms. */
export interface NewDelivery {
  /** The inbox key (deliveryKey), unique across endpoints and schemes. */
  id: string
  /** The configured endpoint (route path) that received it. */
  endpoint: string
  /** The verified body, exactly as signed. */
  body: string
  receivedAt: number
  /**
   * For schemes that sign no timestamp (GitHub-style), where a captured body stays validly signed for ever: the same
   * bytes accepted on the same endpoint within this many ms before are a replay, refused (`replayed`) and not stored.
   */
  replayWindowMs?: number
}

/** What the worker records when it is done with a delivery (kept as JSON). */
export interface DeliveryOutcome {
  plan?: unknown
  result?: unknown
  diagnostics?: unknown[]
  error?: string
  /** Retries the Qualys client made inside the last attempt (rate limits, 5xx). */
  clientRetries?: number
  startedAt: number
  finishedAt: number
}

export interface Delivery {
  id: string
  endpoint: string
  body: string
  status: DeliveryStatus
  /** Claims so far (an attempt starts when a worker claims the delivery). */
  attempts: number
  receivedAt: number
  /** When the delivery was (re)queued: the retry deadline counts from here. */
  queuedAt: number
  updatedAt: number
  nextAttemptAt: number
  leaseOwner: string | null
  leaseUntil: number | null
  outcome: DeliveryOutcome | null
  lastError: string | null
}

/**
 * `accepted`: new. `duplicate`: the id was known with this very body; the first delivery is returned unchanged and is
 * not applied again. `requeued`: the id was known with this body and had failed for good; a redelivery (GitHub reuses
 * the id) queues it once more. `conflict`: the id was known with a different body: refused, the known delivery is
 * returned unchanged (an id names one delivery; dropping the new body silently would lose a change). `replayed`: a new
 * id whose body was already accepted on its endpoint within `replayWindowMs`: refused, the earlier delivery returned.
 */
export interface AcceptResult {
  kind: 'accepted' | 'duplicate' | 'requeued' | 'conflict' | 'replayed'
  delivery: Delivery
}

/** The digest the replay window compares: SHA-256 of the body's UTF-8 bytes, hex. */
export function bodyDigest(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex')
}

export interface ListQuery {
  status?: DeliveryStatus
  limit: number
}

export interface InboxStore {
  /** Stores a group in ONE transaction; resolves only once the transaction is durable (fsync'd). */
  acceptBatch(deliveries: readonly NewDelivery[]): Promise<AcceptResult[]>
  get(id: string): Promise<Delivery | undefined>
  /** Newest first. */
  list(query: ListQuery): Promise<Delivery[]>
  /**
   * Takes the oldest ready delivery (queued and due, or applying with an expired lease) for `owner` until
   * `now + leaseMs`, counting an attempt. Two claimers never get the same delivery while its lease holds.
   */
  claim(owner: string, now: number, leaseMs: number): Promise<Delivery | undefined>
  /** Extends a lease still held by `owner`; false when it was lost. */
  renew(id: string, owner: string, leaseUntil: number): Promise<boolean>
  /** Records the final outcome if `owner` still holds the lease; false otherwise (another worker took over). */
  finish(id: string, owner: string, status: 'applied' | 'failed', outcome: DeliveryOutcome, now: number): Promise<boolean>
  /** Puts the delivery back in the queue, due at `nextAttemptAt`, with the error of this attempt. */
  retryLater(id: string, owner: string, nextAttemptAt: number, error: string, now: number): Promise<boolean>
  /** Gives a claimed delivery back untouched, due at once (shutdown before the apply finished). */
  release(id: string, owner: string, now: number): Promise<boolean>
  countByStatus(): Promise<Record<DeliveryStatus, number>>
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>
  close(): Promise<void>
}
