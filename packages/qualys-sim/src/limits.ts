import type { RateLimit } from './fixture.js'

/** A sliding window of admitted calls: "calls you can make right now ... in the last <window> seconds". */
export class RateWindow {
  private readonly calls: number[] = []

  constructor(private readonly limit: RateLimit) {}

  private prune(now: number): void {
    const since = now - this.limit.windowSec * 1000
    while (this.calls.length > 0 && this.calls[0]! <= since) this.calls.shift()
  }

  /** Admits a call at `now`, or says how many seconds to wait until one more fits. */
  admit(now: number): { ok: true; remaining: number } | { ok: false; toWaitSec: number } {
    this.prune(now)
    if (this.calls.length >= this.limit.rate) {
      const oldest = this.calls[0]!
      return { ok: false, toWaitSec: Math.max(1, Math.ceil((oldest + this.limit.windowSec * 1000 - now) / 1000)) }
    }
    this.calls.push(now)
    return { ok: true, remaining: this.limit.rate - this.calls.length }
  }

  /** Seconds until the oldest call leaves the window (one more call fits then): `X-RateLimit-Reset`. */
  resetSec(now: number): number {
    this.prune(now)
    const oldest = this.calls[0]
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + this.limit.windowSec * 1000 - now) / 1000))
  }

  remaining(now: number): number {
    this.prune(now)
    return Math.max(0, this.limit.rate - this.calls.length)
  }
}

/**
 * A fixed window with a lockout (variant `gateway-429-bare`): the window opens with its first call, and once its
 * budget is spent every call is refused until the window ends, as an hour-long gateway lockout does
 * (elastic/integrations#16517: `x-ratelimit-Reset: 3600`).
 */
export class FixedWindow {
  private start = Number.NEGATIVE_INFINITY
  private used = 0

  constructor(private readonly limit: RateLimit) {}

  private roll(now: number): void {
    if (now >= this.start + this.limit.windowSec * 1000) {
      this.start = now
      this.used = 0
    }
  }

  /** Seconds until the current window ends (and the budget is whole again). */
  resetSec(now: number): number {
    this.roll(now)
    return Math.max(1, Math.ceil((this.start + this.limit.windowSec * 1000 - now) / 1000))
  }

  admit(now: number): { ok: true; remaining: number } | { ok: false; toWaitSec: number } {
    this.roll(now)
    if (this.used >= this.limit.rate) return { ok: false, toWaitSec: this.resetSec(now) }
    this.used++
    return { ok: true, remaining: this.limit.rate - this.used }
  }
}

/** "23 hours, 57 minutes and 54 seconds", the wording of the captured 1965 answer. */
export function waitWords(totalSec: number): string {
  const h = Math.floor(totalSec / 3600)
  const m = Math.floor((totalSec % 3600) / 60)
  const s = totalSec % 60
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  if (h > 0) return `${unit(h, 'hour')}, ${unit(m, 'minute')} and ${unit(s, 'second')}`
  if (m > 0) return `${unit(m, 'minute')} and ${unit(s, 'second')}`
  return unit(s, 'second')
}

export function callsToFinishText(n: number): string {
  return n === 1
    ? 'This API cannot be run again until 1 currently running API instance has finished.'
    : `This API cannot be run again until ${n} currently running API instances have finished.`
}

/** What the simulator counted for one subscription; read by tests through `admin.counters()`. */
export interface SubscriptionCounters {
  v2Requests: number
  /** Most `/api/2.0/` calls of this subscription that were running at the same moment. */
  v2MaxConcurrent: number
  v2Rejected1960: number
  v2Rejected1965: number
  gatewayRequests: number
  /**
   * Most gateway (`/connectors/`) calls of this subscription that were running at the same moment. Qualys does not
   * document a gateway concurrency limit, so nothing is refused; the count lets tests check a client's own limit.
   */
  gatewayMaxConcurrent: number
  gatewayRejected429: number
  logins: number
  logouts: number
  tokensIssued: number
  connectorCreates: number
  /**
   * Create requests (`POST` of an organization connector) as they arrive, before any latency and whether or not they
   * create one: a client that sends a create twice shows here even when the second is refused for its name.
   */
  connectorCreateRequests: number
  connectorUpdates: number
  injected5xx: number
  droppedConnections: number
}

export function emptyCounters(): SubscriptionCounters {
  return {
    v2Requests: 0, v2MaxConcurrent: 0, v2Rejected1960: 0, v2Rejected1965: 0, gatewayRequests: 0, gatewayMaxConcurrent: 0, gatewayRejected429: 0,
    logins: 0, logouts: 0, tokensIssued: 0, connectorCreates: 0, connectorCreateRequests: 0, connectorUpdates: 0, injected5xx: 0, droppedConnections: 0,
  }
}
