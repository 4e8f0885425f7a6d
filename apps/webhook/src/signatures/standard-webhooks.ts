import { Webhook } from 'standardwebhooks'
import { constantTimeEqual, decodeUtf8, header, reject, type DeliveryVerifier } from './verification.js'

/** The replay window of the Standard Webhooks reference library: five minutes either side. */
export const standardWebhooksToleranceSeconds = 5 * 60

/**
 * Standard Webhooks v1 (symmetric, `whsec_` keys). The `standardwebhooks` library decodes the keys and computes the
 * signature; its own `verify` is not used because it reads the wall clock (`Date.now()`) and parses the timestamp
 * with `parseInt` (so `"1614265330abc"` passes). Here the clock is a parameter, the timestamp must be all digits, every
 * `v1` entry of the header is tried against every secret (rotation), and the comparison is length-checked and
 * constant-time.
 */
export function createStandardWebhooksVerifier(
  secrets: readonly string[],
  toleranceSeconds = standardWebhooksToleranceSeconds,
): DeliveryVerifier {
  if (secrets.length === 0) throw new Error('a Standard Webhooks endpoint needs at least one secret')
  const keys = secrets.map((secret, index) => {
    try {
      return new Webhook(secret)
    } catch (error) {
      throw new Error(`Standard Webhooks secret #${index + 1} is not a base64 key (whsec_...): ${(error as Error).message}`)
    }
  })
  return async (body, headers, nowMs) => {
    const id = header(headers, 'webhook-id')
    const timestamp = header(headers, 'webhook-timestamp')
    const signatures = header(headers, 'webhook-signature')
    if (!id || !timestamp || !signatures) {
      return reject('missing-signature-headers', 'webhook-id, webhook-timestamp and webhook-signature are required')
    }
    // The id is part of the signed `id.timestamp.body` string: a full stop in it would make the split ambiguous.
    if (id.length > 255 || !/^[\x21-\x7e]+$/.test(id) || id.includes('.')) {
      return reject('bad-delivery-id', 'webhook-id must be 1-255 printable ASCII characters without "."')
    }
    if (!/^\d{1,15}$/.test(timestamp)) return reject('bad-timestamp', 'webhook-timestamp must be Unix seconds')
    const seconds = Number(timestamp)
    const now = Math.floor(nowMs / 1000)
    if (Math.abs(now - seconds) > toleranceSeconds) {
      return reject('stale-timestamp', `webhook-timestamp is more than ${toleranceSeconds} s away from the server's clock`)
    }
    const text = decodeUtf8(body)
    if (text === undefined) return reject('body-not-utf8', 'the body is not valid UTF-8')
    const offered = signatures
      .split(' ')
      .filter((entry) => entry.startsWith('v1,'))
      .map((entry) => entry.slice(3))
    if (offered.length > 0) {
      for (const key of keys) {
        const expected = key.sign(id, new Date(seconds * 1000), text).slice(3)
        if (offered.some((signature) => constantTimeEqual(signature, expected))) return { ok: true, deliveryId: id, text }
      }
    }
    return reject('no-matching-signature', 'no v1 signature matches any configured secret')
  }
}

/** The `webhook-signature` value for a body: for senders, tests, the bench and the docs' example. */
export function signStandardWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  return new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), body)
}
