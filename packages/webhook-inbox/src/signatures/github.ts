import { sign, verifyWithFallback } from '@octokit/webhooks-methods'
import { decodeUtf8, header, reject, type DeliveryVerifier } from './verification.js'

/**
 * GitHub-style `X-Hub-Signature-256: sha256=<hex HMAC of the body>`, delivery id from `X-GitHub-Delivery`.
 * `@octokit/webhooks-methods` does the HMAC, the length check and `crypto.timingSafeEqual`; `verifyWithFallback`
 * tries the further secrets (rotation). The scheme signs no timestamp, so replays are stopped by the inbox: the
 * delivery id is deduplicated, and a body its endpoint accepted within the replay window is refused under another id.
 */
export function createGithubVerifier(secrets: readonly string[]): DeliveryVerifier {
  if (secrets.length === 0) throw new Error('a GitHub-style endpoint needs at least one secret')
  const [first, ...rest] = secrets as [string, ...string[]]
  return async (body, headers) => {
    const signature = header(headers, 'x-hub-signature-256')
    const id = header(headers, 'x-github-delivery')
    if (!signature || !id) {
      return reject('missing-signature-headers', 'X-Hub-Signature-256 and X-GitHub-Delivery are required')
    }
    if (id.length > 255 || !/^[\x21-\x7e]+$/.test(id)) {
      return reject('bad-delivery-id', 'X-GitHub-Delivery must be 1-255 printable ASCII characters')
    }
    const text = decodeUtf8(body)
    if (text === undefined) return reject('body-not-utf8', 'the body is not valid UTF-8')
    // The library throws on an empty payload; an empty body cannot be a spec anyway.
    if (text === '' || !signature.startsWith('sha256=')) {
      return reject('no-matching-signature', 'the signature does not match any configured secret')
    }
    const matches: boolean = await verifyWithFallback(first, text, signature, rest)
    return matches
      ? { ok: true, deliveryId: id, text }
      : reject('no-matching-signature', 'the signature does not match any configured secret')
  }
}

/** The `X-Hub-Signature-256` value for a body. */
export function signGithub(secret: string, body: string): Promise<string> {
  return sign(secret, body)
}
