/**
 * The durable inbox. A delivery answered with 202 is in here, committed to disk, before the answer leaves; a worker
 * claims it with a lease, applies it and records the outcome. Two implementations share one contract suite
 * (inbox-store.contract.ts): SQLite for one process, PostgreSQL for several instances.
 */

/** `superseded`: a newer delivery for the same account and connectors was accepted before this one was applied. */
export type DeliveryStatus = 'queued' | 'applying' | 'applied' | 'failed' | 'superseded'
export const deliveryStatuses: readonly DeliveryStatus[] = ['queued', 'applying', 'applied', 'failed', 'superseded']

/** What the HTTP layer hands over once the signature and the spec have been checked. Times are Unix ms. */
export interface NewDelivery {
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
 * `accepted`: new. `duplicate`: the id was known; the first delivery is returned unchanged and is not applied again.
 * `requeued`: the id was known and had failed for good; a redelivery (GitHub reuses the id) queues it once more.
 */
export interface AcceptResult {
  kind: 'accepted' | 'duplicate' | 'requeued'
  delivery: Delivery
  /** Queued deliveries this one made obsolete (marked `superseded`). */
  superseded?: string[]
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
