import { createJwtAuth } from '@scanplan/auth-jwt'
import { createSessionAuth } from '@scanplan/auth-session'
import { SecretError, type HttpRequest, type SecretReader, type Transport, type TransportEvent } from '@scanplan/core/adapters'
import { loadDefaultFixture, startSimulator, type Fixture, type SimulatorOptions } from '@scanplan/qualys-sim'
import { createFetchTransport } from '@scanplan/transport-fetch'
import { createQualysClient, type QualysClient } from '../client.js'
import { createClientPool, type ClientPoolOptions, type StrategiesFor } from '../client-pool.js'
import type { ConcurrencyLimit } from '../concurrency-limit.js'
import type { RateBudget } from '../rate-budget.js'
import { acme, azureAppSecret } from '@scanplan/test-support/simulator-credentials'

/**
 * Everything a test run prints or reports (transport events, errors, results), kept so that the last test can scan
 * it for the credentials the tests used.
 */
export const captured: string[] = []
export function capture(value: unknown): void {
  captured.push(typeof value === 'string' ? value : JSON.stringify(value, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v)))
}

export function fixtureWith(change: (fixture: Fixture) => void): Fixture {
  const fixture = structuredClone(loadDefaultFixture())
  change(fixture)
  return fixture
}

/** Counts requests in flight per gateway user (the `sub` claim of the simulator's tokens), to check concurrency. */
export function countingTransport(inner: Transport) {
  const running = new Map<string, number>()
  const max = new Map<string, number>()
  let overall = 0
  let overallMax = 0
  const userOf = (request: HttpRequest) => {
    const token = /^Bearer (.+)$/.exec(request.headers.Authorization ?? '')?.[1]
    if (!token) return undefined
    try {
      return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub?: string }).sub
    } catch {
      return undefined
    }
  }
  const transport: Transport = {
    async send(request) {
      const user = userOf(request)
      if (!user) return inner.send(request)
      running.set(user, (running.get(user) ?? 0) + 1)
      max.set(user, Math.max(max.get(user) ?? 0, running.get(user)!))
      overallMax = Math.max(overallMax, ++overall)
      try {
        return await inner.send(request)
      } finally {
        running.set(user, running.get(user)! - 1)
        overall--
      }
    },
  }
  return { transport, max, overallMax: () => overallMax }
}

export async function simulator(options: SimulatorOptions = {}) {
  const sim = await startSimulator({ port: 0, ...options })
  capture(`simulator at ${sim.url}`)
  return sim
}

export function transportFor(events: TransportEvent[] = []) {
  return createFetchTransport({ baseDelayMs: 50, maxDelayMs: 500, onEvent: (e) => (events.push(e), capture(e)) })
}

export function acmeClient(url: string, options: { transport?: Transport; username?: string; password?: string; now?: () => number; concurrencyLimit?: ConcurrencyLimit; gatewayBudget?: RateBudget } = {}) {
  const credentials = { username: options.username ?? acme.username, password: options.password ?? acme.password }
  const session = createSessionAuth(credentials)
  const client: QualysClient = createQualysClient({
    urls: { apiServer: url, gateway: url },
    transport: options.transport ?? transportFor(),
    auth: { v2: session, gateway: createJwtAuth({ ...credentials, ...(options.now ? { now: options.now } : {}) }) },
    ...(options.concurrencyLimit ? { concurrencyLimit: options.concurrencyLimit } : {}),
    ...(options.gatewayBudget ? { gatewayBudget: options.gatewayBudget } : {}),
  })
  return { client, session }
}

export const secretValue = async () => azureAppSecret

/**
 * The library takes its secrets and strategies from the caller; these are the smallest real ones for a test
 * (environment variables only; the apps use @scanplan/connect, which also reads files and is tested there).
 */
export const secretsIn = (vars: Record<string, string | undefined>) => (): SecretReader => async (ref, where) => {
  const value = 'env' in ref ? vars[ref.env] : undefined
  if (value === undefined || value === '') throw new SecretError(`${where}: the environment variable ${'env' in ref ? ref.env : ref.file} is not set`, 'unset')
  return value
}
const sessionAndJwt: StrategiesFor = async (source, secrets) => {
  const credentials = { username: source.username, password: await secrets(source.password!, 'source.password') }
  return { v2: createSessionAuth(credentials), gateway: createJwtAuth(credentials) }
}
/** A client pool for session accounts, every call to `url` (the simulator). */
export const poolFor = (url: string, transport: Transport, options: Pick<ClientPoolOptions, 'onBudgetWait'> = {}) => createClientPool({ target: url, transport, strategiesFor: sessionAndJwt, ...options })
