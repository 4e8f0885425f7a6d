import { headerValue, parseSimpleReturn, readRateLimit, type HttpMethod, type HttpResponse } from '@scanplan/core/adapters'

/** Methods whose repetition cannot create a second object on the server. */
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE'])

export function isIdempotent(method: HttpMethod): boolean {
  return IDEMPOTENT.has(method)
}

/** Qualys v2 codes that mean "refused before running, try later" (appendix D): generic, concurrency, rate. */
const LIMIT_CODES = new Set(['1920', '1960', '1965'])

export type Refusal =
  | { kind: 'rate-limit'; waitMs?: number; reason: string }
  | { kind: 'concurrency'; reason: string }
  | { kind: 'server-error'; waitMs?: number; reason: string }

/**
 * Whether a response is a refusal that a later attempt may pass, and how long the server asks us to wait. A 409
 * counts only when it is Qualys' limit answer (limit headers or codes 1920/1960/1965): a 409 from the connector API
 * may also mean a real conflict, which no retry fixes.
 */
export function classifyRefusal(response: HttpResponse, now: number): Refusal | undefined {
  const { status, headers } = response
  if (status === 429) {
    // No public gateway 429 shows Retry-After; blank rate headers with `x-ratelimit-Reset: 3600` have been seen
    // (elastic/integrations#16517): the reset, when given, is how long the lockout lasts.
    const limit = readRateLimit(headers, now)
    const waitMs = limit.retryAfterMs ?? limit.toWaitMs ?? limit.resetMs
    return { kind: 'rate-limit', ...(waitMs !== undefined ? { waitMs } : {}), reason: 'HTTP 429 (rate limit)' }
  }
  if (status === 409) {
    const code = parseSimpleReturn(response.body)?.code
    const running = Number(headerValue(headers, 'x-concurrency-limit-running'))
    const limit = Number(headerValue(headers, 'x-concurrency-limit-limit'))
    const toWait = readRateLimit(headers, now).toWaitMs
    if (code === '1960' || (code === undefined && Number.isFinite(limit) && running >= limit && limit > 0)) {
      return { kind: 'concurrency', reason: `HTTP 409${code ? ` code ${code}` : ''} (concurrency limit ${Number.isFinite(limit) ? limit : '?'} reached)` }
    }
    if (code !== undefined && LIMIT_CODES.has(code)) {
      return { kind: 'rate-limit', ...(toWait !== undefined && toWait > 0 ? { waitMs: toWait } : {}), reason: `HTTP 409 code ${code} (rate limit)` }
    }
    if (code === undefined && toWait !== undefined && toWait > 0) {
      return { kind: 'rate-limit', waitMs: toWait, reason: 'HTTP 409 (rate limit)' }
    }
    return undefined
  }
  if (status >= 500 && status <= 599 && status !== 501) {
    // A 503 for maintenance may say when to come back.
    const waitMs = readRateLimit(headers, now).retryAfterMs
    return { kind: 'server-error', ...(waitMs !== undefined ? { waitMs } : {}), reason: `HTTP ${status}` }
  }
  return undefined
}

export interface BackoffOptions {
  baseDelayMs: number
  maxDelayMs: number
  random: () => number
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so that clients refused together
 * (several subscriptions, several processes) do not come back together.
 */
export function backoffMs(attempt: number, options: BackoffOptions): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(step / 2 + options.random() * (step / 2))
}
