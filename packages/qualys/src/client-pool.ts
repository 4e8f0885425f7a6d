import type { AuthStrategy, SecretReader, SecretRef, Transport } from '@scanplan/core/adapters'
import type { CompiledSource } from '@scanplan/core'
import { createQualysClient, type QualysClient, type QualysUrls } from './client.js'
import { createConcurrencyLimit, type ConcurrencyLimit } from './concurrency-limit.js'
import { createRateBudget, type BudgetWait, type RateBudget } from './rate-budget.js'

/** The part of core's CompiledSource that wiring needs. */
export interface SourceAccount {
  site: string
  auth: CompiledSource['auth']
  username: string
  platform: QualysUrls
  password?: SecretRef
  clientId?: SecretRef
  clientSecret?: SecretRef
  /** oidc: `user` (default) or `subscription`, which picks the gateway's token endpoint. */
  clientLevel?: CompiledSource['clientLevel']
  /** oidc: the API server takes the OIDC token too (Qualys Support enables it per subscription). */
  oidcOnApiServer?: boolean
}

/** The strategies of one account's client: `v2` for `/api/2.0/` (none with OIDC client credentials), `gateway` for connectors. */
export interface AuthStrategies {
  v2?: AuthStrategy
  gateway: AuthStrategy
  /** Added to the error when the API server answers `v2`'s credentials with 401: what the user can change. */
  apiServerRefusedHint?: string
}

/**
 * Builds the auth strategies of an account, reading its secrets through `secrets`: the caller's choice, as Octokit
 * takes `authStrategy`. `@scanplan/connect` has the one for `auth: session | basic | oidc`.
 */
export type StrategiesFor = (source: SourceAccount, secrets: SecretReader) => AuthStrategies | Promise<AuthStrategies>

export interface ClientPoolOptions {
  transport: Transport
  strategiesFor: StrategiesFor
  /** Send every call (API server and gateway) here instead of the platform's URLs, e.g. a simulator. */
  target?: string
  /** Qualys' per-subscription concurrency limit; default 2. */
  concurrency?: number
  /**
   * The concurrency limit of an account, instead of this pool's own (`createConcurrencyLimit(concurrency)`): one
   * shared with other pools, in this process or in others (the webhook's PostgreSQL slots). Asked once per account.
   */
  concurrencyLimitFor?: (account: LimitedAccount, limit: number) => ConcurrencyLimit
  /** Told of every wait for an account's gateway budget (what for, until when): print it. */
  onBudgetWait?: (wait: BudgetWait) => void
  /** The longest wait for a gateway budget; beyond it the 429 is the answer (doctor: 0). Default: no limit. */
  maxBudgetWaitMs?: number
  signal?: AbortSignal
}

/** What a limit is kept for: one account (gateway and username), the closest this side can tell a subscription. */
export interface LimitedAccount {
  /** `gateway` and `username` as one string: the same account always gives the same key. */
  key: string
  gateway: string
  username: string
}

export interface ClientPool {
  readonly transport: Transport
  /** The client of the account; `secrets` reads the source's secret references (relative files from the spec's directory). */
  clientFor(source: SourceAccount, secrets: SecretReader): Promise<QualysClient>
  /** Logs every session out; call it in a `finally` and on SIGINT. */
  closeAll(): Promise<void>
}

/**
 * Clients for the Qualys accounts of compiled specs, one client (and one concurrency limit) per account however
 * many specs name it. Used by the CLI and the webhook service, through `@scanplan/connect`.
 */
export function createClientPool(options: ClientPoolOptions): ClientPool {
  const { transport } = options
  const clients = new Map<string, Promise<QualysClient>>()
  const limits = new Map<string, { concurrency: ConcurrencyLimit; budget: RateBudget }>()

  function urlsOf(source: SourceAccount): QualysUrls {
    return options.target ? { apiServer: options.target, gateway: options.target } : source.platform
  }

  return {
    transport,
    clientFor(source, secrets) {
      const urls = urlsOf(source)
      const key = JSON.stringify([urls.apiServer, urls.gateway, source.auth, source.username, source.clientId ?? null, source.oidcOnApiServer === true])
      let client = clients.get(key)
      if (!client) {
        // Qualys limits concurrency and gateway calls per subscription; one account is the closest this side can tell.
        const limitKey = JSON.stringify([urls.gateway, source.username])
        let limit = limits.get(limitKey)
        if (!limit) {
          const budget = createRateBudget({
            account: source.username,
            ...(options.onBudgetWait ? { onWait: options.onBudgetWait } : {}),
            ...(options.maxBudgetWaitMs !== undefined ? { maxWaitMs: options.maxBudgetWaitMs } : {}),
          })
          const concurrency = options.concurrency ?? 2
          const account = { key: limitKey, gateway: urls.gateway, username: source.username }
          limits.set(limitKey, (limit = { concurrency: options.concurrencyLimitFor?.(account, concurrency) ?? createConcurrencyLimit(concurrency), budget }))
        }
        const { concurrency: concurrencyLimit, budget: gatewayBudget } = limit
        client = Promise.resolve(options.strategiesFor(source, secrets)).then((auth) =>
          createQualysClient({ urls, transport, auth, concurrencyLimit, gatewayBudget, ...(options.signal ? { signal: options.signal } : {}) }),
        )
        clients.set(key, client)
      }
      return client
    },
    async closeAll(): Promise<void> {
      const all = [...clients.values()]
      clients.clear()
      await Promise.allSettled(all.map(async (c) => (await c).close()))
    },
  }
}
