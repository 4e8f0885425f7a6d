import { createBearerTokenAuth, requestGatewayToken, type AuthContext, type AuthStrategy } from '@scanplan/core/adapters'

export interface JwtAuthOptions {
  username: string
  password: string
  /** The clock; tests move it to cross the 4-hour lifetime. */
  now?: () => number
  /** How long before expiry the token is renewed. Default 5 min. */
  marginMs?: number
}

/**
 * The gateway's bearer token for `/connectors/v1.0/` calls: `POST <gateway>/auth` with the username and password
 * form-encoded and `token=true`; the answer (201) is the raw token. Renewed before its 4 h lifetime ends, and once
 * more when a call is answered 401.
 */
export function createJwtAuth(options: JwtAuthOptions): AuthStrategy {
  if (!options.username || !options.password) throw new Error('jwt auth needs a username and a password')
  return createBearerTokenAuth('jwt', {
    now: options.now ?? Date.now,
    ...(options.marginMs !== undefined ? { marginMs: options.marginMs } : {}),
    async fetchToken(origin: string, ctx: AuthContext) {
      const body = new URLSearchParams({ username: options.username, password: options.password, token: 'true' }).toString()
      const request = { url: `${origin}/auth`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }
      return (await requestGatewayToken(ctx, request, `the gateway refused a token for user ${options.username}`)).trim()
    },
  })
}
