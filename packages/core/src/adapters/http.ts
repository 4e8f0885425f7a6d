/**
 * The HTTP boundary between scanplan and Qualys. Core only describes it; `@scanplan/transport-fetch` implements it
 * over cross-fetch, and anyone may write another (see docs/extending.md).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'

export interface HttpRequest {
  method: HttpMethod
  url: string
  /** Header names as written; transports compare them case-insensitively. */
  headers: Record<string, string>
  body?: string
  signal?: AbortSignal
  /**
   * The caller's word that sending this request twice has no effect beyond the first, whatever its method: a token
   * request (`POST /auth`) only issues another token. Transports may then retry it like a GET (5xx, network errors).
   */
  repeatable?: boolean
  /**
   * The caller paces itself by the rate-limit headers (`@scanplan/qualys` does for the gateway): a rate-limit refusal
   * (429, Qualys' 409 codes 1920/1965) is returned at once instead of being waited out by the transport, so that the
   * one who keeps the budget learns of it. Concurrency refusals (409 code 1960) are still waited out.
   */
  pacedByCaller?: boolean
}

export interface HttpResponse {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  body: string
}

/** Something a transport reports while it works: every wait is visible to logs and progress output. */
export type TransportEvent =
  | {
      type: 'retry'
      method: HttpMethod
      /** Origin and path only: query strings are left out so that nothing sensitive reaches a log. */
      target: string
      attempt: number
      waitMs: number
      reason: string
    }
  | { type: 'request'; method: HttpMethod; target: string; attempt: number }
  | { type: 'response'; method: HttpMethod; target: string; status: number; ms: number }

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>
}

/**
 * Why a request got no HTTP answer. `outcomeUnknown` is true when the request may have reached the server (a POST
 * whose connection dropped after it was sent): the caller must find out what happened before trying again.
 */
export type TransportFailure = 'network' | 'timeout' | 'aborted'

export class TransportError extends Error {
  override readonly name = 'TransportError'
  constructor(
    message: string,
    readonly failure: TransportFailure,
    readonly method: HttpMethod,
    readonly target: string,
    readonly outcomeUnknown: boolean,
    readonly attempts: number,
  ) {
    super(message)
  }
}

/**
 * Qualys (or the front end before it) kept answering 5xx after the transport's retries: the service is down or in
 * maintenance. Not a refusal of the credentials: the message says so, and never carries the HTML page it sent.
 */
export class QualysUnavailableError extends Error {
  override readonly name = 'QualysUnavailableError'
  constructor(
    readonly method: HttpMethod,
    readonly target: string,
    readonly status: number,
  ) {
    super(`Qualys unavailable: ${method} ${target} answered HTTP ${status} on every attempt (an outage or maintenance, not a refusal of the credentials); try again later`)
  }
}

/** `https://host/path` of a URL, without user info, query or fragment: safe to log. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  } catch {
    return '(invalid URL)'
  }
}

/** Reads a header whatever the case of its name. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value
  return undefined
}
