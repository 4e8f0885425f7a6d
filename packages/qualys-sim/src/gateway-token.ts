import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

/**
 * Gateway bearer tokens: real HS256 JWTs signed with a key made at start-up, so that clients which decode the
 * token (to read `exp`) see the same structure as a Qualys token, and a forged or edited token is refused.
 */
export interface TokenClaims {
  sub: string
  subscriptionId: number
  userUuid: string
  iss: string
  iat: number
  exp: number
  jti: string
  /** The OIDC client the token was issued to (`/auth/oidc`, `/auth/oauth`); absent for a password token (`/auth`). */
  clientId?: string
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url')

export class TokenSigner {
  private readonly key = randomBytes(32)

  sign(claims: Omit<TokenClaims, 'jti' | 'iss'>): string {
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
    const payload = b64url(JSON.stringify({ ...claims, iss: 'qualys-sim', jti: randomUUID() }))
    const signature = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url')
    return `${header}.${payload}.${signature}`
  }

  /** The claims of a token this simulator signed and that has not expired at `nowSec`, or why not. */
  verify(token: string, nowSec: number): { ok: true; claims: TokenClaims } | { ok: false; reason: string } {
    const parts = token.split('.')
    if (parts.length !== 3) return { ok: false, reason: 'malformed token' }
    const [header, payload, signature] = parts as [string, string, string]
    const expected = createHmac('sha256', this.key).update(`${header}.${payload}`).digest()
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid token signature' }
    let claims: TokenClaims
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims
    } catch {
      return { ok: false, reason: 'malformed token' }
    }
    if (claims.exp <= nowSec) return { ok: false, reason: 'token expired' }
    return { ok: true, claims }
  }
}
