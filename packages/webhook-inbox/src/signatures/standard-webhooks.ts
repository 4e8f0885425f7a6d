import { createHmac } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { constantTimeEqual, decodeUtf8, header, reject, type DeliveryVerifier } from './verification.js'

/** The replay window of the Standard Webhooks reference library: five minutes either side. */
export const standardWebhooksToleranceSeconds = 5 * 60

/**
 * The library validates a `whsec_` key (strict base64, not empty) and is the reference signer; the per-request HMAC
 * is Node's native one, because the library's SHA-256 is pure JS (about 56 µs a delivery against 4 µs, the largest
 * single CPU cost of the door under load). Node's base64 decoder is lenient where the library's is strict, so the
 * two are made to agree on a probe message at start-up: a key they would read differently is refused.
 */
function nativeKey(secret: string, index: number): Buffer {
  let reference: Webhook
  try {
    reference = new Webhook(secret)
  } catch (error) {
    throw new Error(`Standard Webhooks secret #${index + 1} is not a base64 key (whsec_...): ${(error as Error).message}`)
  }
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64')
  const probe = 'msg_probe.1614265330.{"probe":"é"}'
  const native = `v1,${createHmac('sha256', key).update(probe).digest('base64')}`
  if (native !== reference.sign('msg_probe', new Date(1614265330_000), '{"probe":"é"}')) {
    throw new Error(`Standard Webhooks secret #${index + 1} is not a base64 key (whsec_...): it does not decode the same way twice`)
  }
  return key
}

/**
 * Standard Webhooks v1 (symmetric, `whsec_` keys). The `standardwebhooks` library decodes and validates the keys
 * (see nativeKey for why the HMAC itself is Node's); its own `verify` is not used because it reads the wall clock (`Date.now()`) and parses the timestamp
 * with `parseInt` (so `"1614265330abc"` passes). Here the clock is a parameter, the timestamp must be all digits, every
 * `v1` entry of the header is tried against every secret (rotation), and the comparison is length-checked and
 * constant-time.
 */
export function createStandardWebhooksVerifier(
  secrets: readonly string[],
  toleranceSeconds = standardWebhooksToleranceSeconds,
): DeliveryVerifier {
  if (secrets.length === 0) throw new Error('a Standard Webhooks endpoint needs at least one secret')
  const keys = secrets.map(nativeKey)
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
      // The signed bytes are `id.seconds.` (as the library writes them), then the body exactly as received: the
      // strict decode above guarantees they are the UTF-8 of `text`, which is what the scheme and the library sign.
      const prefix = `${id}.${seconds}.`
      for (const key of keys) {
        const expected = createHmac('sha256', key).update(prefix).update(body).digest('base64')
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
