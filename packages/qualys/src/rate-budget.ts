import { readRateLimit, type HttpResponse } from '@scanplan/core/adapters'

/** A wait for the budget, as reported to the caller (once per wait, however many calls wait for it). */
export interface BudgetWait {
  /** Whose budget: the account's label (its username). */
  account: string
  waitMs: number
  until: Date
  /** `exhausted`: the last answer said no call is left in the window; `refused`: the gateway answered 429. */
  cause: 'exhausted' | 'refused'
  /** The budget as the gateway last stated it (absent when its headers were blank). */
  limit?: number
  windowSec?: number
  /** Calls counted through this budget so far, for progress lines. */
  calls: number
}

/** The budget as this side knows it now, for plan's estimate. */
export interface BudgetState {
  limit?: number
  /** What the last answer said is left, less the calls sent since. */
  remaining?: number
  windowSec?: number
  /** Until the window frees a call, as of now. */
  resetMs?: number
}

export interface RateBudgetOptions {
  account?: string
  onWait?: (wait: BudgetWait) => void
  /** The longest wait accepted; a call that would wait longer is sent anyway and its 429 is the caller's. Default: none. */
  maxWaitMs?: number
  now?: () => number
}

/** A gateway 429 that named no wait at all: wait this long before sending again. */
const unnamedWaitMs = 60_000

/**
 * The gateway's calls-per-window budget of one subscription, kept on this side from the `X-RateLimit-*` headers
 * of every answer, so that a run waits for the window instead of spending calls on 429s. Every call first
 * `acquire`s (waiting while the last answer said nothing is left, or while a 429's reset lasts), then reports its
 * answer with `observe` (or `release` when there was none). After a wait only one call goes out until an answer
 * says how much the new window has: a sliding window may free one call at a time.
 */
export function createRateBudget(options: RateBudgetOptions = {}) {
  const now = options.now ?? Date.now
  const maxWaitMs = options.maxWaitMs ?? Number.POSITIVE_INFINITY
  let limit: number | undefined
  let windowSec: number | undefined
  /** What the last answer said is left, and when (ms since the epoch) the window frees a call. */
  let remaining: number | undefined
  let resetAt: number | undefined
  let blockedUntil = 0
  /** Calls acquired and not yet answered: they spend the budget the last answer stated. */
  let inFlight = 0
  let calls = 0
  let answered: (() => void)[] = []
  let sleeping: { until: number; done: Promise<void>; waiters: number; cancel: () => void } | undefined

  const notify = () => {
    const waiting = answered
    answered = []
    for (const wake of waiting) wake()
  }

  function abortable(promise: Promise<void>, signal?: AbortSignal, onAbort?: () => void): Promise<void> {
    if (!signal) return promise
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      const aborted = () => (onAbort?.(), reject(signal.reason))
      signal.addEventListener('abort', aborted, { once: true })
      void promise.then(() => (signal.removeEventListener('abort', aborted), resolve()))
    })
  }

  /**
   * One timer (and one report) per wait, shared by every call that waits for it. The timer is cleared when every
   * waiter has been cancelled, so an interrupted run does not stay alive until the window resets.
   */
  function sleepUntil(until: number, cause: BudgetWait['cause'], signal?: AbortSignal): Promise<void> {
    if (!sleeping || sleeping.until !== until) {
      const waitMs = Math.max(0, until - now())
      options.onWait?.({ account: options.account ?? '', waitMs, until: new Date(until), cause, ...(limit !== undefined ? { limit } : {}), ...(windowSec !== undefined ? { windowSec } : {}), calls })
      let timer: ReturnType<typeof setTimeout> | undefined
      const done = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))
      sleeping = { until, done, waiters: 0, cancel: () => clearTimeout(timer) }
    }
    const current = sleeping
    current.waiters++
    return abortable(current.done, signal, () => {
      if (--current.waiters === 0) {
        current.cancel()
        if (sleeping === current) sleeping = undefined
      }
    })
  }

  return {
    /** Waits until one more call fits in the window, then counts it as sent. */
    async acquire(signal?: AbortSignal): Promise<void> {
      for (;;) {
        signal?.throwIfAborted()
        const t = now()
        if (blockedUntil > t && blockedUntil - t <= maxWaitMs) {
          await sleepUntil(blockedUntil, 'refused', signal)
          continue
        }
        if (remaining !== undefined && remaining - inFlight <= 0) {
          if (resetAt !== undefined && resetAt > t && resetAt - t <= maxWaitMs) {
            await sleepUntil(resetAt, 'exhausted', signal)
            continue
          }
          if (inFlight > 0 && (resetAt === undefined || resetAt <= t)) {
            // The window has moved on: the answer of the call already out says how much it has.
            await abortable(new Promise<void>((resolve) => answered.push(resolve)), signal)
            continue
          }
        }
        inFlight++
        calls++
        return
      }
    },
    /** The answer of an acquired call: the budget it states, and a 429's reset. */
    observe(response: HttpResponse): void {
      inFlight = Math.max(0, inFlight - 1)
      const t = now()
      const reading = readRateLimit(response.headers, t)
      if (reading.limit !== undefined) limit = reading.limit
      if (reading.windowSec !== undefined) windowSec = reading.windowSec
      if (reading.resetMs !== undefined) resetAt = t + reading.resetMs
      if (response.status === 429) {
        remaining = 0
        blockedUntil = Math.max(blockedUntil, t + (reading.retryAfterMs ?? reading.toWaitMs ?? reading.resetMs ?? unnamedWaitMs))
      } else {
        // An answer without the count (blank headers) proves the window has room, not how much: go on until refused.
        remaining = reading.remaining
      }
      notify()
    },
    /** Whether the reset a 429 named is within the longest wait accepted (so the call is sent again after it). */
    waitsOut(): boolean {
      return blockedUntil - now() <= maxWaitMs
    },
    /** An acquired call that got no answer (network error, cancelled). */
    release(): void {
      inFlight = Math.max(0, inFlight - 1)
      notify()
    },
    state(): BudgetState {
      const t = now()
      const resetMs = resetAt !== undefined ? Math.max(0, resetAt - t) : undefined
      return {
        ...(limit !== undefined ? { limit } : {}),
        ...(remaining !== undefined ? { remaining: Math.max(0, remaining - inFlight) } : {}),
        ...(windowSec !== undefined ? { windowSec } : {}),
        ...(resetMs !== undefined ? { resetMs } : {}),
      }
    },
  }
}

export type RateBudget = ReturnType<typeof createRateBudget>

/** "9 s", "52 min", "2 h 5 min": a wait as a person reads it. */
export function describeWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds))
  if (s < 120) return `${s} s`
  const minutes = Math.ceil(s / 60)
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
}

/** What plan says of a budget: the calls against what is left, and about how long apply will wait. */
export interface BudgetEstimate {
  calls: number
  remaining: number
  limit?: number
  windowSec?: number
  /** Seconds apply waits for the budget in all; absent when the limit or window is not stated. */
  waitSec?: number
}

/**
 * The estimate when `calls` exceed what `state` has left, else undefined (also when the gateway stated nothing).
 * The first wait is the stated reset; every further `limit` calls take one more window.
 */
export function estimateBudget(calls: number, state: BudgetState): BudgetEstimate | undefined {
  if (state.remaining === undefined || calls <= state.remaining) return undefined
  const base = { calls, remaining: state.remaining, ...(state.limit !== undefined ? { limit: state.limit } : {}), ...(state.windowSec !== undefined ? { windowSec: state.windowSec } : {}) }
  if (state.limit === undefined || state.windowSec === undefined || state.limit < 1) return base
  const windows = Math.ceil((calls - state.remaining) / state.limit)
  return { ...base, waitSec: Math.ceil((state.resetMs ?? state.windowSec * 1000) / 1000) + (windows - 1) * state.windowSec }
}
