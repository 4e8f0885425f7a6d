import { headerValue } from './http.js'

/**
 * What an answer says about its API's rate limit, from the headers Qualys sends (`X-RateLimit-Limit`,
 * `-Remaining`, `-Window-Sec`, `-Reset`, `-ToWait-Sec`) and `Retry-After`. Blank or absent headers (seen on gateway
 * 429s, elastic/integrations#16517) are left out rather than read as 0. Durations are in milliseconds.
 */
export interface RateLimitReading {
  /** Calls allowed per window. */
  limit?: number
  /** Calls left in the current window. */
  remaining?: number
  windowSec?: number
  /** Until the window frees a call (`X-RateLimit-Reset`). */
  resetMs?: number
  /** How long the server asks the caller to wait: `Retry-After` ... */
  retryAfterMs?: number
  /** ... and Qualys' own `X-RateLimit-ToWait-Sec`. */
  toWaitMs?: number
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) && n >= 0 ? n : undefined
}

/** `Retry-After` is either seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfter(value: string | undefined, now: number): number | undefined {
  const asSeconds = count(value)
  if (asSeconds !== undefined || value === undefined) return asSeconds === undefined ? undefined : asSeconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * `X-RateLimit-Reset`: seconds until the window resets (the form observed), or, when it is large enough to be one,
 * a Unix time in seconds (the form some other APIs use).
 */
function reset(value: string | undefined, now: number): number | undefined {
  const sec = count(value)
  if (sec === undefined) return undefined
  return sec >= 1e9 ? Math.max(0, sec * 1000 - now) : sec * 1000
}

/** Reads the rate-limit headers of an answer; `now` (ms since the epoch) places an HTTP-date `Retry-After`. */
export function readRateLimit(headers: Record<string, string>, now: number): RateLimitReading {
  const toWait = count(headerValue(headers, 'x-ratelimit-towait-sec'))
  const reading: RateLimitReading = {
    limit: count(headerValue(headers, 'x-ratelimit-limit')),
    remaining: count(headerValue(headers, 'x-ratelimit-remaining')),
    windowSec: count(headerValue(headers, 'x-ratelimit-window-sec')),
    resetMs: reset(headerValue(headers, 'x-ratelimit-reset'), now),
    retryAfterMs: retryAfter(headerValue(headers, 'retry-after'), now),
    toWaitMs: toWait !== undefined ? toWait * 1000 : undefined,
  }
  for (const key of Object.keys(reading) as (keyof RateLimitReading)[]) if (reading[key] === undefined) delete reading[key]
  return reading
}
