import { AuthError, type AuthContext, type AuthStrategy } from './auth.js'
import { describeTarget, QualysUnavailableError, type HttpRequest } from './http.js'
import { gatewayErrorMessage } from './qualys-gateway.js'

/** Qualys gateway tokens expire 4 hours after issue (https://docs.qualys.com/en/oca/api/v2/version_2_apis/fetch_authentication_token.htm). */
const GATEWAY_TOKEN_LIFETIME_MS = 4 * 60 * 60 * 1000

export interface BearerTokenCacheOptions {
  /** Obtains a fresh token; throws AuthError when refused. */
  fetchToken: (origin: string, ctx: AuthContext) => Promise<string>
  /** The clock, injected: core has none of its own. */
  now: () => number
  /** Renew this long before the token's end, so that no call leaves with a token about to die. Default 5 min. */
  marginMs?: number
}

/** The `exp` claim of a JWT in milliseconds, when the token is a JWT that has one. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1]
  if (payload === undefined) return undefined
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown }
    return typeof json.exp === 'number' ? json.exp * 1000 : undefined
  } catch {
    return undefined
  }
}

/**
 * One bearer token per gateway origin, fetched on first use, shared by concurrent callers (one login, not one per
 * call), renewed before it expires (the earlier of its `exp` claim and 4 h after issue) and on demand after a 401.
 */
export function createBearerTokenCache(options: BearerTokenCacheOptions) {
  const marginMs = options.marginMs ?? 5 * 60 * 1000
  const tokens = new Map<string, Promise<{ token: string; renewAt: number }>>()

  async function obtain(origin: string, ctx: AuthContext) {
    const issued = options.now()
    const token = await options.fetchToken(origin, ctx)
    if (token === '') throw new AuthError('the gateway answered the token request with an empty body', 0)
    const expires = Math.min(jwtExpiry(token) ?? Number.POSITIVE_INFINITY, issued + GATEWAY_TOKEN_LIFETIME_MS)
    return { token, renewAt: expires - marginMs }
  }

  return {
    async token(origin: string, ctx: AuthContext): Promise<string> {
      let pending = tokens.get(origin)
      if (pending) {
        const current = await pending.catch(() => undefined)
        if (current && options.now() < current.renewAt) return current.token
        if (tokens.get(origin) !== pending) return this.token(origin, ctx)
      }
      pending = obtain(origin, ctx)
      tokens.set(origin, pending)
      pending.catch(() => tokens.get(origin) === pending && tokens.delete(origin))
      return (await pending).token
    },
    /** Forget the token of `origin` (after a 401): the next call logs in again. */
    invalidate(origin: string): void {
      tokens.delete(origin)
    },
    clear(): void {
      tokens.clear()
    },
  }
}

/**
 * A gateway strategy that sends a cached bearer token (`Authorization: Bearer`): the JWT and OIDC strategies differ
 * only in how a token is fetched. A 401 forgets the token of the last origin called, so the retry logs in again.
 */
export function createBearerTokenAuth(kind: string, options: BearerTokenCacheOptions): AuthStrategy {
  const cache = createBearerTokenCache(options)
  let lastOrigin: string | undefined
  return {
    kind,
    async authenticate(request: HttpRequest, ctx: AuthContext): Promise<HttpRequest> {
      lastOrigin = new URL(ctx.gateway ?? request.url).origin
      const token = await cache.token(lastOrigin, ctx)
      return { ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } }
    },
    async renew(): Promise<boolean> {
      if (lastOrigin === undefined) return false
      cache.invalidate(lastOrigin)
      return true
    },
    async close(): Promise<void> {
      // A gateway token has no logout; forgetting it is all there is to do.
      cache.clear()
    },
  }
}

/**
 * Sends a token request (`POST <gateway>/auth...`) and returns the answer's body. The gateway answers 201 (or 200);
 * a lasting 5xx is a QualysUnavailableError; anything else is an AuthError carrying the status, which says who was refused (`refused`, e.g. "the gateway
 * refused a token for user acme3ab1"), where, and what the gateway said.
 */
export async function requestGatewayToken(ctx: AuthContext, request: Pick<HttpRequest, 'url' | 'headers' | 'body'>, refused: string): Promise<string> {
  // A token request creates nothing: the transport may send it again after a 5xx or a dropped connection.
  const response = await ctx.transport.send({ method: 'POST', ...request, repeatable: true, ...(ctx.signal ? { signal: ctx.signal } : {}) })
  if (response.status === 200 || response.status === 201) return response.body
  // A 5xx that outlived the retries is an outage (an HTML page from the front end), not refused credentials.
  if (response.status >= 500) throw new QualysUnavailableError('POST', describeTarget(request.url), response.status)
  const said = gatewayErrorMessage(response.body, 200)
  throw new AuthError(`${refused} (POST ${describeTarget(request.url)}: HTTP ${response.status}${said ? `: ${said}` : ''})`, response.status)
}
