import { createBearerTokenAuth, requestGatewayToken, type AuthContext, type AuthStrategy } from '@scanplan/core/adapters'

export interface OidcAuthOptions {
  clientId: string
  clientSecret: string
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
 * OpenID Connect client credentials (Connector 2.15): `POST <gateway>/auth/oidc` with `clientId` and `clientSecret`
 * headers and an empty body; the answer is a bearer token used like the JWT one, renewed the same way.
 */
export function createOidcAuth(options: OidcAuthOptions): AuthStrategy {
  if (!options.clientId || !options.clientSecret) throw new Error('oidc auth needs a client id and a client secret')
  return createBearerTokenAuth('oidc', {
    now: options.now ?? Date.now,
    ...(options.marginMs !== undefined ? { marginMs: options.marginMs } : {}),
    async fetchToken(origin: string, ctx: AuthContext) {
      const request = { url: `${origin}/auth/oidc`, headers: { clientId: options.clientId, clientSecret: options.clientSecret }, body: '' }
      return readToken(await requestGatewayToken(ctx, request, 'the gateway refused the OIDC client credentials'))
    },
  })
}
