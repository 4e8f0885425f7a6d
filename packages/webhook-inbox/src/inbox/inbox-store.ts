import type { SubscriptionLimits } from '../limits/subscription-limits.js'
import { createHash } from 'node:crypto'

/**
 * The durable inbox. A delivery answered with 202 is in here, committed to disk, before the answer leaves; a worker
 * claims it with a lease, applies it and records the outcome. Two implementations share one contract suite
 * (inbox-store.contract.ts): SQLite for one process, PostgreSQL for several instances.
 */

/** `superseded`: a newer delivery for the same account and connectors was accepted before this one was applied. */
export type DeliveryStatus = 'queued' | 'applying' | 'applied' | 'failed' | 'superseded'
export const deliveryStatuses: readonly DeliveryStatus[] = ['queued', 'applying', 'applied', 'failed', 'superseded']

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
   * The Qualys account (the configured source's site) and the connectors it sets (`deliveryScope`). Deliveries of one
   * account are applied in order; a queued one is superseded by a newer one with the same `connectors`. Without an
   * account a delivery is neither ordered nor superseded.
   */
  account?: string
  connectors?: string
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
  /** Set when the delivery was superseded: the id of the newer delivery that made it obsolete. */
  supersededBy?: string
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
  account: string | null
  connectors: string | null
  /**
   * An attempt recorded that it was about to send a create, and its create is abandoned by this time (Unix ms): until
   * then the create may still be running in Qualys, so no other attempt may send one. Cleared when the delivery ends.
   */
  createInFlightUntil: number | null
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
  /** Queued deliveries this one made obsolete (marked `superseded`). */
  superseded?: string[]
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
  /**
   * Qualys concurrency limits shared by every process on this store (PostgreSQL's slots). Absent where one process
   * owns the store (SQLite): the applier keeps limits of its own then.
   */
  readonly qualysLimits?: SubscriptionLimits
  /** Stores a group in ONE transaction; resolves only once the transaction is durable (fsync'd). */
  acceptBatch(deliveries: readonly NewDelivery[]): Promise<AcceptResult[]>
  get(id: string): Promise<Delivery | undefined>
  /** Newest first. */
  list(query: ListQuery): Promise<Delivery[]>
  /**
   * Takes the oldest ready delivery (queued and due, or applying with an expired lease) for `owner` until
   * `now + leaseMs`, counting an attempt. Two claimers never get the same delivery while its lease holds. A delivery
   * with an account waits while an earlier delivery of that account is queued or applying (accepted order). `owner`
   * is the fencing token: every later write of the attempt names it, so give each claim a token of its own.
   */
  claim(owner: string, now: number, leaseMs: number): Promise<Delivery | undefined>
  /** Extends a lease still held by `owner`; false when it was lost. */
  renew(id: string, owner: string, leaseUntil: number): Promise<boolean>
  /**
   * Durably records, before a create is sent, that this attempt's create may be running until `until`; false (and
   * nothing recorded) when `owner` no longer holds the lease, in which case the create must not be sent.
   */
  recordCreateIntent(id: string, owner: string, until: number, now: number): Promise<boolean>
  /** Records the final outcome if `owner` still holds the lease; false otherwise (another worker took over). */
  finish(id: string, owner: string, status: 'applied' | 'failed', outcome: DeliveryOutcome, now: number): Promise<boolean>
  /** Puts the delivery back in the queue, due at `nextAttemptAt`, with the error of this attempt. */
  retryLater(id: string, owner: string, nextAttemptAt: number, error: string, now: number): Promise<boolean>
  /**
   * Gives a claimed delivery back untouched (shutdown before the apply finished), due at once, or when a create it
   * recorded may still be running (`createInFlightUntil`), once that create cannot be running any more.
   */
  release(id: string, owner: string, now: number): Promise<boolean>
  countByStatus(): Promise<Record<DeliveryStatus, number>>
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>
  close(): Promise<void>
}
