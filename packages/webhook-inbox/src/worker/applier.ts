import type { Delivery } from '../inbox/inbox-store.js'

/** What applying one delivery came to. */
export type ApplyResult =
  /** Qualys now matches the spec (including "nothing to change"). */
  | { kind: 'applied'; plan: unknown; result: unknown; clientRetries?: number }
  /** It will never apply as it is (does not compile any more, unknown option profile, Qualys refused it): no retry. */
  | { kind: 'rejected'; error: string; diagnostics?: unknown[]; plan?: unknown; clientRetries?: number }
  /** Worth another try later (Qualys unreachable, 5xx, limits beyond the client's own retries). */
  | { kind: 'transient'; error: string; retryAfterMs?: number; clientRetries?: number }

/** What an apply may ask of the attempt that runs it. */
export interface ApplyAttempt {
  /**
   * Records durably, before a create is sent, that it may be running until `until` (Unix ms); false when this attempt
   * no longer holds the delivery (its lease was lost), and then the create must not be sent. A later attempt waits
   * until `until` before it sends a create of its own (`Delivery.createInFlightUntil`).
   */
  recordCreateIntent(until: number): Promise<boolean>
}

/**
 * Plans and applies one stored delivery. Applying must be idempotent, since a delivery can be applied again after a
 * crash between Qualys' answer and the outcome's commit: the real applier plans against live state first, so a
 * second run finds nothing to change. It should stop early when `signal` aborts (shutdown, lost lease).
 */
export interface Applier {
  apply(delivery: Delivery, signal: AbortSignal, attempt: ApplyAttempt): Promise<ApplyResult>
}
