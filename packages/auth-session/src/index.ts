import {
  AuthError,
  describeTarget,
  headerValue,
  parseSimpleReturn,
  withRequestedWith,
  type AuthContext,
  type AuthStrategy,
  type HttpRequest,
  type Transport,
} from '@scanplan/core/adapters'

export interface SessionAuthOptions {
  username: string
  password: string
}

const SESSION_PATH = '/api/2.0/fo/session/'

function sessionCookie(setCookie: string | undefined): string | undefined {
  return setCookie ? /(?:^|[\s,;])QualysSession=([^;,\s]+)/.exec(setCookie)?.[1] : undefined
}

/**
 * The v2 session: one `POST /api/2.0/fo/session/` `action=login` on first use (shared by concurrent calls), the
 * `QualysSession` cookie on every `/api/2.0/` call, and `action=logout` on `close()`. Callers close in a `finally`
 * (and on Ctrl-C): Qualys keeps forgotten sessions open and they count against the account.
 */
export function createSessionAuth(options: SessionAuthOptions): AuthStrategy & { readonly open: boolean } {
  if (!options.username || !options.password) throw new Error('session auth needs a username and a password')
  let session: Promise<{ cookie: string; origin: string; transport: Transport }> | undefined

  async function login(origin: string, ctx: AuthContext) {
    const url = `${origin}${SESSION_PATH}`
    const response = await ctx.transport.send(
      withRequestedWith({
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ action: 'login', username: options.username, password: options.password }).toString(),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      }),
    )
    const answer = parseSimpleReturn(response.body)
    const cookie = sessionCookie(headerValue(response.headers, 'set-cookie'))
    if (answer?.code !== undefined || response.status >= 400 || cookie === undefined) {
      const why = answer?.text ? `${answer.text}${answer.code ? ` (code ${answer.code})` : ''}` : `HTTP ${response.status}, no session cookie`
      throw new AuthError(`Qualys refused the session login for user ${options.username} (POST ${describeTarget(url)}): ${why}`, response.status, answer?.code)
    }
    return { cookie, origin, transport: ctx.transport }
  }

  return {
    kind: 'session',
    get open() {
      return session !== undefined
    },
    async authenticate(request: HttpRequest, ctx: AuthContext): Promise<HttpRequest> {
      const origin = new URL(request.url).origin
      if (session === undefined) {
        const pending = login(origin, ctx)
        session = pending
        pending.catch(() => session === pending && (session = undefined))
      }
      const { cookie } = await session
      return withRequestedWith({ ...request, headers: { ...request.headers, Cookie: `QualysSession=${cookie}` } })
    },
    async renew(): Promise<boolean> {
      // The session timed out on the server: log in again, once, at the next call. The old one is already gone.
      session = undefined
      return true
    },
    async close(): Promise<void> {
      const current = session
      session = undefined
      if (current === undefined) return
      const opened = await current.catch(() => undefined)
      if (opened === undefined) return
      await opened.transport.send(
        withRequestedWith({
          method: 'POST',
          url: `${opened.origin}${SESSION_PATH}`,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `QualysSession=${opened.cookie}` },
          body: 'action=logout',
        }),
      )
    },
  }
}
