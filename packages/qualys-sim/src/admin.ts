import { timingSafeEqual } from 'node:crypto'
import type { Reply, SimRequest, SimulatorCore } from './simulator-core.js'
import { checkFaults, FaultError, type Faults } from './faults.js'
import type { SubscriptionCounters } from './limits.js'
import type { SimState } from './state.js'

/** In-process access for tests and for `--target sim`: the same operations as the `/__admin/` endpoints. */
export interface SimulatorAdmin {
  /** The bearer token of the `/__admin/` endpoints. */
  readonly token: string
  /** A copy of the state, without passwords or secrets. */
  state(): ReturnType<SimState['snapshot']>
  /** Counters per subscription id, plus totals over all requests. */
  counters(): { subscriptions: Record<string, SubscriptionCounters>; totals: { requests: number; injected5xx: number; droppedConnections: number; token503: number } }
  resetCounters(): void
  faults(): Faults
  /** Replaces the run's faults (validated; throws on an unknown key or a bad value). */
  setFaults(faults: Faults): void
  /** Renames an option profile (e.g. "Initial Options", which Qualys lets customers rename). */
  renameOptionProfile(subscriptionId: number, profileId: number, title: string): void
  setVmActivated(subscriptionId: number, activated: boolean): void
}

class AdminError extends Error {}

export function createAdmin(sim: SimulatorCore, token: string): SimulatorAdmin {
  const subscription = (id: number) => {
    const s = sim.state.subscription(id)
    if (!s) throw new AdminError(`no subscription ${id}`)
    return s
  }
  return {
    token,
    state: () => sim.state.snapshot(),
    counters: () => ({
      subscriptions: Object.fromEntries([...sim.counters].map(([id, c]) => [String(id), { ...c }])),
      totals: { ...sim.totals },
    }),
    resetCounters: () => {
      sim.counters.clear()
      sim.totals.requests = sim.totals.injected5xx = sim.totals.droppedConnections = sim.totals.token503 = 0
    },
    faults: () => structuredClone(sim.faults),
    setFaults: (faults) => sim.setFaults(checkFaults(faults)),
    renameOptionProfile: (subscriptionId, profileId, title) => {
      const profile = subscription(subscriptionId).optionProfiles.find((p) => p.id === profileId)
      if (!profile) throw new AdminError(`no option profile ${profileId} in subscription ${subscriptionId}`)
      if (typeof title !== 'string' || title === '') throw new AdminError('title must be a non-empty string')
      profile.title = title
      sim.state.save()
    },
    setVmActivated: (subscriptionId, activated) => {
      subscription(subscriptionId).vmActivated = activated
      sim.state.save()
    },
  }
}

const json = (status: number, body: unknown): Reply => ({ status, headers: [['Content-Type', 'application/json']], body: JSON.stringify(body) })

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * `/__admin/state` (GET), `/__admin/counters` (GET, DELETE resets), `/__admin/faults` (GET, PUT),
 * `/__admin/subscriptions/{id}` (PATCH `{ vmActivated }`),
 * `/__admin/subscriptions/{id}/option-profiles/{profileId}` (PATCH `{ title }`); all behind `Authorization: Bearer <admin token>`.
 */
export function handleAdmin(admin: SimulatorAdmin, req: SimRequest): Reply {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
  if (!bearer || !sameToken(bearer, admin.token)) return json(401, { message: 'the admin endpoints need Authorization: Bearer <admin token>' })
  let body: unknown
  if (req.method === 'PUT' || req.method === 'PATCH') {
    try {
      body = JSON.parse(req.body.toString('utf8'))
    } catch (e) {
      return json(400, { message: `the body is not valid JSON: ${(e as Error).message}` })
    }
  }
  try {
    const route = `${req.method} ${req.path.replace(/\/$/, '')}`
    if (route === 'GET /__admin/state') return json(200, admin.state())
    if (route === 'GET /__admin/counters') return json(200, admin.counters())
    if (route === 'DELETE /__admin/counters') {
      admin.resetCounters()
      return json(200, admin.counters())
    }
    if (route === 'GET /__admin/faults') return json(200, admin.faults())
    if (route === 'PUT /__admin/faults') {
      admin.setFaults(body as Faults)
      return json(200, admin.faults())
    }
    const profile = /^PATCH \/__admin\/subscriptions\/(\d+)\/option-profiles\/(\d+)$/.exec(route)
    if (profile) {
      admin.renameOptionProfile(Number(profile[1]), Number(profile[2]), (body as { title?: string })?.title as string)
      return json(200, admin.state())
    }
    const sub = /^PATCH \/__admin\/subscriptions\/(\d+)$/.exec(route)
    if (sub) {
      const activated = (body as { vmActivated?: unknown })?.vmActivated
      if (typeof activated !== 'boolean') return json(400, { message: 'send { "vmActivated": true|false }' })
      admin.setVmActivated(Number(sub[1]), activated)
      return json(200, admin.state())
    }
    return json(404, { message: `no admin endpoint ${route}` })
  } catch (error) {
    if (error instanceof AdminError || error instanceof FaultError) return json(400, { message: error.message })
    throw error
  }
}
