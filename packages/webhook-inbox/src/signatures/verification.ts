import { timingSafeEqual } from 'node:crypto'

/**
 * Request headers with lower-cased names, each a string or a list of every value it was sent with. Pass Node's
 * `req.headersDistinct`, not `req.headers`: the latter joins a repeated unknown header into one string with ", ",
 * which would turn two `webhook-signature` headers into one list of signatures.
 */
export type Headers = Readonly<Record<string, string | readonly string[] | undefined>>

/** Why a delivery was refused before anything else looked at it. */
export type RejectionReason =
  | 'missing-signature-headers'
  | 'bad-delivery-id'
  | 'bad-timestamp'
  | 'stale-timestamp'
  | 'no-matching-signature'
  | 'body-not-utf8'

export type Verification =
  | { ok: true; deliveryId: string; text: string }
  | { ok: false; reason: RejectionReason; message: string }

/** A verifier of one scheme with its secrets bound: the clock is passed in so tests are exact. */
export type DeliveryVerifier = (body: Uint8Array, headers: Headers, nowMs: number) => Promise<Verification>

export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name]
  // A repeated signature header is ambiguous: refuse it rather than pick one.
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined
  return typeof value === 'string' ? value : undefined
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Both kept libraries sign strings, not bytes: a body that is not valid UTF-8 would be decoded lossily and two
 * different byte strings could share one signature. Decoding strictly first keeps verification byte-exact.
 */
export function decodeUtf8(body: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(body)
  } catch {
    return undefined
  }
}

/** Constant-time equality that first checks the length (Node's timingSafeEqual throws on unequal lengths). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  if (left.length !== right.length) return false
  return timingSafeEqual(left, right)
}

export function reject(reason: RejectionReason, message: string): Verification {
  return { ok: false, reason, message }
}
