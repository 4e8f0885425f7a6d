import type { IncomingHttpHeaders } from 'node:http'
import type { ActivityRecord } from './activity-log.js'
import type { Clock } from './clock.js'
import { faultMatches, seededRandom, type Faults } from './faults.js'
import { emptyCounters, FixedWindow, RateWindow, type SubscriptionCounters } from './limits.js'
import { TokenSigner } from './gateway-token.js'
import type { SimState, SubscriptionState } from './state.js'
import type { Variant } from './variants.js'

/** One request as the handlers see it: the body already read, the query and form parameters parsed. */
export interface SimRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
  /** Whether the run's latency/5xx/drop faults apply to this request (`faults.match`). */
  faultable: boolean
  remoteAddress: string
}

export interface Reply {
  status: number
  headers: Array<[string, string]>
  body: string
}

export interface V2Session {
  username: string
  subscriptionId: number
}

interface V2Limiter {
  rate: RateWindow
  running: number
}

/** Everything a request handler needs: state, limits, counters, faults, sessions, tokens and time. */
export class SimulatorCore {
  faults: Faults = {}
  private random: () => number = seededRandom(1)
  readonly sessions = new Map<string, V2Session>()
  readonly signer = new TokenSigner()
  readonly counters = new Map<number, SubscriptionCounters>()
  /** `token503`: token requests the `token-503` variant answered 503. */
  readonly totals = { requests: 0, injected5xx: 0, droppedConnections: 0, token503: 0 }
  /** The v2 activity log of every subscription, oldest first (kept in memory only). */
  readonly activity: Array<ActivityRecord & { subscriptionId: number }> = []
  nextActivityId = 326947250
  private readonly v2Limiters = new Map<number, V2Limiter>()
  private readonly gatewayLimiters = new Map<number, RateWindow | FixedWindow>()
  /** Gateway calls of each subscription being answered right now (for `gatewayMaxConcurrent`). */
  readonly gatewayRunning = new Map<number, number>()
  /** Token requests seen (all subscriptions), for the `token-503` variant. */
  tokenRequests = 0

  constructor(
    readonly state: SimState,
    readonly clock: Clock,
    readonly tokenTtlSec: number,
    /** The readings of the docs this run plays (docs/simulator.md); none: the default reading. */
    readonly variants: ReadonlySet<Variant> = new Set(),
  ) {}

  plays(variant: Variant): boolean {
    return this.variants.has(variant)
  }

  setFaults(faults: Faults): void {
    this.faults = faults
    this.random = seededRandom(faults.seed ?? 1)
  }

  countersOf(subscriptionId: number): SubscriptionCounters {
    let c = this.counters.get(subscriptionId)
    if (!c) this.counters.set(subscriptionId, (c = emptyCounters()))
    return c
  }

  v2Limiter(sub: SubscriptionState): V2Limiter {
    let l = this.v2Limiters.get(sub.id)
    if (!l) this.v2Limiters.set(sub.id, (l = { rate: new RateWindow(sub.limits.v2), running: 0 }))
    return l
  }

  gatewayLimiter(sub: SubscriptionState): RateWindow | FixedWindow {
    let l = this.gatewayLimiters.get(sub.id)
    if (!l) this.gatewayLimiters.set(sub.id, (l = this.plays('gateway-429-bare') ? new FixedWindow(sub.limits.gateway) : new RateWindow(sub.limits.gateway)))
    return l
  }

  faultable(method: string, path: string): boolean {
    return faultMatches(this.faults, method, path)
  }

  /** Whether this request gets an injected 5xx (decided before any processing). */
  injectServerError(req: SimRequest): boolean {
    const rate = this.faults.serverErrorRate ?? 0
    return req.faultable && rate > 0 && this.random() < rate
  }

  /** Whether this processed request loses its answer (the connection is closed instead). */
  dropAfterProcessing(req: SimRequest): boolean {
    if (!req.faultable) return false
    if ((this.faults.dropNext ?? 0) > 0) {
      this.faults.dropNext = this.faults.dropNext! - 1
      return true
    }
    const rate = this.faults.dropAfterProcessingRate ?? 0
    return rate > 0 && this.random() < rate
  }

  async latency(req: SimRequest): Promise<void> {
    const ms = this.faults.latencyMs ?? 0
    if (req.faultable && ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
  }

  isExpired(username: string, accountExpired: boolean | undefined): boolean {
    return accountExpired === true || (this.faults.expiredAccounts ?? []).includes(username)
  }

  isInactive(username: string, status: string | undefined): boolean {
    return status === 'inactive' || (this.faults.inactiveUsers ?? []).includes(username)
  }
}

/** The plain Apache page a Qualys front end serves when the service behind it is down (HTML, not JSON or XML). */
export const serviceUnavailable = (status: number): Reply => ({
  status,
  headers: [['Content-Type', 'text/html; charset=iso-8859-1']],
  body: `<html><head><title>${status} Error</title></head><body><h1>${status} Error</h1><p>The server is temporarily unable to service your request.</p></body></html>\n`,
})
