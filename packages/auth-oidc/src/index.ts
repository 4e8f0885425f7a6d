import { createBearerTokenAuth, requestGatewayToken, type AuthContext, type AuthStrategy } from '@scanplan/core/adapters'

/**
 * The gateway's token endpoints for client credentials (Qualys, generate_authentication_token.htm): user-level
 * clients ask `/auth/oidc`, subscription-level clients `/auth/oauth`; each refuses the other kind (401).
 */
export const oidcTokenPaths = { user: '/auth/oidc', subscription: '/auth/oauth' } as const

export interface OidcAuthOptions {
  clientId: string
  clientSecret: string
  /** The token endpoint on the gateway, `oidcTokenPaths.user` (the default) or `oidcTokenPaths.subscription`. */
  tokenPath?: string
  /**
   * Added to the message of a refusal: the caller's advice, e.g. which of its settings picks the other endpoint
   * (a wrong endpoint and a wrong secret both answer 401).
   */
  refusedHint?: string
  now?: () => number
  marginMs?: number
}

/** The token is the raw body (Connector 2.15 notes); a JSON wrapper is accepted too, should a platform send one. */
function readToken(body: string): string {
  const text = body.trim()
  if (!text.startsWith('{')) return text
  try {
    const json = JSON.parse(text) as Record<string, unknown>
    const token = json.access_token ?? json.token ?? json.jwt
    return typeof token === 'string' ? token : ''
  } catch {
    return ''
  }
}

/**
 * OpenID Connect client credentials (Connector 2.15): `POST <gateway><tokenPath>` (`/auth/oidc` unless told) with
 * `clientId` and `clientSecret` headers and an empty body; the answer is a bearer token used like the JWT one,
 * renewed the same way.
 */
export function createOidcAuth(options: OidcAuthOptions): AuthStrategy {
  if (!options.clientId || !options.clientSecret) throw new Error('oidc auth needs a client id and a client secret')
  const tokenPath = options.tokenPath ?? oidcTokenPaths.user
  const refused = `the gateway refused the OIDC client credentials at ${tokenPath}${options.refusedHint ? ` (${options.refusedHint})` : ''}`
  return createBearerTokenAuth('oidc', {
    now: options.now ?? Date.now,
    ...(options.marginMs !== undefined ? { marginMs: options.marginMs } : {}),
    async fetchToken(origin: string, ctx: AuthContext) {
      const request = { url: `${origin}${tokenPath}`, headers: { clientId: options.clientId, clientSecret: options.clientSecret }, body: '' }
      return readToken(await requestGatewayToken(ctx, request, refused))
    },
  })
}
