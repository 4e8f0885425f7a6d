/**
 * Faults a run can inject, through `startSimulator({ faults })`, `admin.setFaults()` or `PUT /__admin/faults`.
 * Random shares use a seeded generator so that a run with the same seed fails the same requests.
 */
export interface Faults {
  /** Milliseconds added to every matching request (inside the v2 concurrency slot, so slow calls hold it). */
  latencyMs?: number
  /** Share (0..1) of matching requests answered with `serverErrorStatus` before anything is processed. */
  serverErrorRate?: number
  /** 500, 502, 503 or 504; 503 by default. */
  serverErrorStatus?: number
  /** Share (0..1) of matching requests processed in full, then answered by closing the connection. */
  dropAfterProcessingRate?: number
  /** The next N matching requests are processed, then their connections closed (counts down). */
  dropNext?: number
  /** Which requests the three faults above touch; all but `/__admin/` when absent. */
  match?: { method?: string; pathPrefix?: string }
  /** Usernames treated as expired accounts (v2: CODE 2001 inside HTTP 200). */
  expiredAccounts?: string[]
  /** Usernames treated as inactive, registration/EULA not completed (v2: 409 with CODE 2003). */
  inactiveUsers?: string[]
  /** Gateway answers carry `X-RateLimit-*` headers with empty values, as observed in elastic/integrations#16517. */
  blankGatewayRateHeaders?: boolean
  /** Seed of the random shares; 1 by default. */
  seed?: number
}

export class FaultError extends Error {}

export function checkFaults(faults: unknown): Faults {
  if (typeof faults !== 'object' || faults === null || Array.isArray(faults)) throw new FaultError('faults must be an object')
  const f = faults as Record<string, unknown>
  const known = ['latencyMs', 'serverErrorRate', 'serverErrorStatus', 'dropAfterProcessingRate', 'dropNext', 'match', 'expiredAccounts', 'inactiveUsers', 'blankGatewayRateHeaders', 'seed']
  for (const k of Object.keys(f)) if (!known.includes(k)) throw new FaultError(`unknown fault ${k}; known: ${known.join(', ')}`)
  const nonNegativeInt = (k: string) => {
    if (f[k] !== undefined && !(Number.isInteger(f[k]) && (f[k] as number) >= 0)) throw new FaultError(`${k} must be a non-negative integer`)
  }
  nonNegativeInt('latencyMs')
  nonNegativeInt('dropNext')
  nonNegativeInt('seed')
  for (const k of ['serverErrorRate', 'dropAfterProcessingRate']) {
    if (f[k] !== undefined && !(typeof f[k] === 'number' && (f[k] as number) >= 0 && (f[k] as number) <= 1)) throw new FaultError(`${k} must be a number from 0 to 1`)
  }
  if (f.blankGatewayRateHeaders !== undefined && typeof f.blankGatewayRateHeaders !== 'boolean') throw new FaultError('blankGatewayRateHeaders must be true or false')
  if (f.serverErrorStatus !== undefined && ![500, 502, 503, 504].includes(f.serverErrorStatus as number)) throw new FaultError('serverErrorStatus must be 500, 502, 503 or 504')
  for (const k of ['expiredAccounts', 'inactiveUsers']) {
    if (f[k] !== undefined && !(Array.isArray(f[k]) && (f[k] as unknown[]).every((u) => typeof u === 'string'))) throw new FaultError(`${k} must be an array of usernames`)
  }
  if (f.match !== undefined) {
    const m = f.match as Record<string, unknown>
    if (typeof m !== 'object' || m === null) throw new FaultError('match must be an object { method?, pathPrefix? }')
    for (const k of Object.keys(m)) if (k !== 'method' && k !== 'pathPrefix') throw new FaultError(`unknown match key ${k}`)
    if (m.method !== undefined && typeof m.method !== 'string') throw new FaultError('match.method must be a string')
    if (m.pathPrefix !== undefined && typeof m.pathPrefix !== 'string') throw new FaultError('match.pathPrefix must be a string')
  }
  return structuredClone(f) as Faults
}

/** mulberry32: a tiny seeded generator, enough for reproducible fault shares. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function faultMatches(faults: Faults, method: string, path: string): boolean {
  if (path.startsWith('/__admin/')) return false
  const m = faults.match
  if (m?.method && m.method.toUpperCase() !== method) return false
  if (m?.pathPrefix && !path.startsWith(m.pathPrefix)) return false
  return true
}
