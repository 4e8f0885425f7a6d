import type { HttpRequest, HttpResponse, Transport } from './http.js'

/** What an auth strategy may use to log in: the same transport the client sends its calls through. */
export interface AuthContext {
  transport: Transport
  signal?: AbortSignal
  /**
   * The gateway's URL: bearer-token strategies ask it for their token, also when the call goes to the API server
   * (an OIDC token on `/api/2.0/`). Absent: the origin of the request being authenticated.
   */
  gateway?: string
}

/**
 * An authentication strategy, modelled on Octokit's: a plain value made by a factory (`createSessionAuth(options)`),
 * given to the client, never registered anywhere. It adds credentials to a request, logging in first when it must.
 */
export interface AuthStrategy {
  /** A short name for messages: `session`, `basic`, `jwt`, `oidc`. Never a credential. */
  readonly kind: string
  /** Returns the request with credentials added (a new object; the input is not changed). */
  authenticate(request: HttpRequest, ctx: AuthContext): Promise<HttpRequest>
  /**
   * Called when an authenticated request was answered 401. Returning true means "credentials were renewed, send it
   * once more"; the client never asks twice for the same request.
   */
  renew?(response: HttpResponse, ctx: AuthContext): Promise<boolean>
  /** Ends what the strategy opened (the v2 session). Safe to call more than once, and when nothing was opened. */
  close(): Promise<void>
}

/** Thrown by strategies when the service refuses the credentials. Its message never contains them. */
export class AuthError extends Error {
  override readonly name = 'AuthError'
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message)
  }
}
