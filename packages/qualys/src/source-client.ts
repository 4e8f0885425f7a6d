import { createBasicAuth } from '@scanplan/auth-basic'
import { createJwtAuth } from '@scanplan/auth-jwt'
import { createOidcAuth } from '@scanplan/auth-oidc'
import { createSessionAuth } from '@scanplan/auth-session'
import type { AuthStrategy, Transport, TransportEvent } from '@scanplan/core/adapters'
import { createFetchTransport } from '@scanplan/transport-fetch'
import { createQualysClient, type QualysClient, type QualysUrls } from './client.js'
import { createConcurrencyLimit, type ConcurrencyLimit } from './concurrency-limit.js'
import { readSecret, type SecretRef, type SecretSources } from './secrets.js'

/** The part of core's CompiledSource that wiring needs. */
export interface SourceAccount {
  site: string
  auth: 'session' | 'basic' | 'oidc'
  username: string
  platform: QualysUrls
  password?: SecretRef
  clientId?: SecretRef
  clientSecret?: SecretRef
}

export interface ClientWiringOptions extends SecretSources {
  /** Send every call (API server and gateway) here instead of the platform's URLs, e.g. a simulator. */
  target?: string
  /** Default: cross-fetch with retries, reporting through `onEvent`. */
  transport?: Transport
  onEvent?: (event: TransportEvent) => void
  /** Qualys' per-subscription concurrency limit; default 2. */
  concurrency?: number
  signal?: AbortSignal
  userAgent?: string
}

async function strategies(source: SourceAccount, sources: SecretSources): Promise<{ v2?: AuthStrategy; gateway: AuthStrategy }> {
  const need = (ref: SecretRef | undefined, key: string) => {
    if (!ref) throw new Error(`source.${key} is required for auth: ${source.auth}`)
    return readSecret(ref, `source.${key}`, sources)
  }
  if (source.auth === 'oidc') {
    // OIDC client credentials sign in to the gateway only: the API server does not take the token (Qualys enables
    // that per subscription, on request), so there is no v2 login and option profiles are given by numeric id.
    return { gateway: createOidcAuth({ clientId: await need(source.clientId, 'clientId'), clientSecret: await need(source.clientSecret, 'clientSecret') }) }
  }
  const password = await need(source.password, 'password')
  const credentials = { username: source.username, password }
  return {
    v2: source.auth === 'session' ? createSessionAuth(credentials) : createBasicAuth(credentials),
    gateway: createJwtAuth(credentials),
  }
}

/**
 * Clients for the Qualys accounts of compiled specs, credentials from the environment or files, one client (and
 * one concurrency limit) per account however many specs name it. Used by the CLI and the webhook service.
 * `closeAll()` logs every session out; call it in a `finally` and on SIGINT.
 */
export function createClientPool(options: ClientWiringOptions) {
  const transport = options.transport ?? createFetchTransport({ ...(options.onEvent ? { onEvent: options.onEvent } : {}), ...(options.userAgent ? { userAgent: options.userAgent } : {}) })
  const clients = new Map<string, Promise<QualysClient>>()
  const limits = new Map<string, ConcurrencyLimit>()

  function urlsOf(source: SourceAccount): QualysUrls {
    return options.target ? { apiServer: options.target, gateway: options.target } : source.platform
  }

  return {
    transport,
    /** `baseDir`: where the source's `{ file }` secrets are read from (the spec's directory); default `options.baseDir`. */
    clientFor(source: SourceAccount, baseDir = options.baseDir): Promise<QualysClient> {
      const urls = urlsOf(source)
      const key = JSON.stringify([urls.apiServer, urls.gateway, source.auth, source.username, source.clientId ?? null])
      let client = clients.get(key)
      if (!client) {
        // Qualys limits concurrency per subscription; one account is the closest this side can tell.
        const limitKey = JSON.stringify([urls.gateway, source.username])
        let limit = limits.get(limitKey)
        if (!limit) limits.set(limitKey, (limit = createConcurrencyLimit(options.concurrency ?? 2)))
        const concurrencyLimit = limit
        client = strategies(source, { env: options.env, baseDir }).then((auth) =>
          createQualysClient({ urls, transport, auth, concurrencyLimit, ...(options.signal ? { signal: options.signal } : {}) }),
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

export type ClientPool = ReturnType<typeof createClientPool>
