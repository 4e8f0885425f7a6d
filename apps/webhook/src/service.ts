import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { hostname } from 'node:os'
import { compileSpec, passwordExpiry } from '@scanplan/core'
import type { StrategiesFor } from '@scanplan/qualys'
import type { Express } from 'express'
import { pino, type Logger } from 'pino'
import type { ServiceConfig } from './config/load-config.js'
import {
  createCheckCache,
  createGithubVerifier,
  createGroupCommit,
  createQualysApplier,
  createStandardWebhooksVerifier,
  createWorker,
  deliveryScope,
  openPostgresInbox,
  openSqliteInbox,
  prepareDeliverySpec,
  type Applier,
  type InboxStore,
} from '@scanplan/webhook-inbox'
import { createApp, type DeliveryCheck, type HookEndpoint, type Readiness } from './http/create-app.js'
import { connectionCap, limitConnections } from './http/connection-limits.js'
import { createMetrics, type ServiceMetrics } from './http/metrics.js'

export interface ServiceOptions {
  config: ServiceConfig
  /** Qualys calls go here instead of the platform URLs (a simulator). */
  target?: string
  /** How the Qualys applier signs in (default: `strategiesForAuthKind` of `@scanplan/connect`). */
  strategiesFor?: StrategiesFor
  /** Default: the Qualys applier. */
  applier?: Applier & { close?(): Promise<void> }
  /** Default: pino to stdout at the configured level. */
  logger?: Logger
  /** Run the worker (default true); the benchmark measures the door alone. */
  worker?: boolean
  now?: () => number
}

export interface RunningService {
  url: string
  port: number
  store: InboxStore
  logger: Logger
  /** `shutdownTimeoutSeconds`: `close` ends by then, and a process should exit by then whatever is still open. */
  shutdownTimeoutMs: number
  /** Graceful stop: refuse new deliveries, finish or release what is in flight, close the store. Bounded. */
  close(): Promise<void>
}

export async function openStore(config: ServiceConfig['store']): Promise<InboxStore> {
  return config.kind === 'sqlite'
    ? openSqliteInbox({ path: config.path })
    : openPostgresInbox({ connectionString: config.url, ...(config.maxConnections ? { maxConnections: config.maxConnections } : {}) })
}

/**
 * The HTTP server with the door's bounds: Node's header and request timeouts (checked every second, not every 30 s,
 * so a slow sender is cut off close to its deadline), and the connection caps. A listen error (EADDRINUSE, EACCES)
 * rejects, so start-up fails loudly instead of printing "listening".
 */
function listen(app: Express, config: ServiceConfig['listen'], maxConnections: number, metrics: ServiceMetrics): Promise<Server> {
  const server = createServer({ headersTimeout: config.headersTimeoutMs, requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: 1000 }, app)
  const limits = limitConnections(
    server,
    { maxConnections, maxConnectionsPerAddress: config.maxConnectionsPerAddress },
    { refused: (reason) => metrics.connectionsRefused.inc({ reason }), evicted: () => metrics.connectionsEvicted.inc() },
  )
  metrics.openConnections.read = limits.open
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    // A deep accept queue (Linux caps it at net.core.somaxconn): under a connection flood, Node's 511 overflows and a
    // health check's SYN is dropped, to be retried by its kernel only after a second.
    server.listen({ port: config.port, host: config.host, backlog: 4096 }, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

export async function startWebhookService(options: ServiceOptions): Promise<RunningService> {
  const { config } = options
  const now = options.now ?? Date.now
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'scanplan-webhook' } })
  const verifiers: HookEndpoint[] = config.endpoints.map((endpoint) => ({
    path: endpoint.path,
    scheme: endpoint.scheme,
    maxBodyBytes: endpoint.maxBodyBytes,
    ...(endpoint.replayWindowMs !== undefined ? { replayWindowMs: endpoint.replayWindowMs } : {}),
    verify: endpoint.scheme === 'github' ? createGithubVerifier(endpoint.secrets) : createStandardWebhooksVerifier(endpoint.secrets),
  }))
  // Before the store opens: a cap the process's file limit cannot hold is a configuration error.
  const maxConnections = connectionCap(config.listen.maxConnections)
  const store = await openStore(config.store)
  const metrics = createMetrics(store)
  const groupCommit = createGroupCommit(store, {
    // SQLite's commit thread merges the groups queued behind a running commit into its next transaction, so handing
    // them over at once costs no extra fsync and spares them a round trip; PostgreSQL commits each on its own
    // connection, so two at a time.
    maxInFlight: config.store.kind === 'sqlite' ? 16 : 2,
    onGroup: (size) => metrics.commitGroupSize.observe(size),
  })
  const applier =
    options.applier ??
    createQualysApplier({
      config,
      ...(options.target !== undefined ? { target: options.target } : {}),
      ...(options.strategiesFor ? { strategiesFor: options.strategiesFor } : {}),
      createDeadlineMs: config.worker.createDeadlineMs,
      // PostgreSQL: every instance's calls take the subscription's slots in the database (docs/webhook.md).
      ...(store.qualysLimits ? { limits: store.qualysLimits } : {}),
      onTransportEvent: (event) => {
        if (event.type === 'retry') metrics.qualysRetries.inc()
      },
    })
  if (options.applier === undefined && config.worker.leaseMs <= config.worker.createDeadlineMs) {
    logger.warn(
      { leaseSeconds: config.worker.leaseMs / 1000, createDeadlineSeconds: config.worker.createDeadlineMs / 1000 },
      'worker.leaseSeconds is not longer than worker.createDeadlineSeconds: a slow create loses its lease to another attempt, which then waits for that create (set the lease longer)',
    )
  }
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  const worker = createWorker({
    store,
    applier,
    owner,
    concurrency: config.worker.concurrency,
    leaseMs: config.worker.leaseMs,
    pollMs: config.worker.pollMs,
    retryDeadlineMs: config.worker.retryDeadlineMs,
    maxBackoffMs: config.worker.maxBackoffMs,
    now,
    log: logger.child({ component: 'worker' }),
    onEvent: (event) => {
      if (event.outcome === 'released') return
      metrics.applyDuration.observe(event.durationMs / 1000)
      if (event.outcome === 'retry') metrics.retries.inc()
      else metrics.completed.inc({ outcome: event.outcome })
    },
  })
  let shuttingDown = false
  const checks = createCheckCache<DeliveryCheck>()

  const readiness = async (): Promise<Readiness> => {
    const checks: Record<string, string> = {}
    let ready = true
    if (shuttingDown) {
      ready = false
      checks.service = 'shutting down'
    }
    try {
      await store.ping()
      checks.store = 'ok'
    } catch (error) {
      ready = false
      checks.store = `unreachable: ${(error as Error).message}`
    }
    for (const [site, source] of config.sources) {
      const expires = source.definition.passwordExpires
      // core's rule (the compiler's SPEC030, doctor's check): expired from 00:00 UTC of the day it names, so the door
      // (which compiles) and readiness never disagree about that day.
      if (expires !== undefined && passwordExpiry(expires, new Date(now())).state === 'expired') {
        ready = false
        checks[`source ${site}`] = `password expired on ${expires}`
      } else checks[`source ${site}`] = 'ok'
    }
    return { ready, checks }
  }

  const app = createApp({
    endpoints: verifiers,
    check: (body, at) =>
      checks.get(body, at, () => {
        const prepared = prepareDeliverySpec(body, config.sources, compileSpec, at)
        return prepared.ok ? { ok: true, warnings: prepared.warnings } : prepared
      }),
    submit: async (delivery) => {
      // The account and connectors order this delivery among the account's and let it supersede older queued ones.
      const scope = deliveryScope(delivery.body)
      const result = await groupCommit.submit(scope ? { ...delivery, ...scope } : delivery)
      if (result.superseded?.length) metrics.completed.inc({ outcome: 'superseded' }, result.superseded.length)
      if (result.kind === 'accepted' || result.kind === 'requeued') worker.wake()
      return result
    },
    store,
    adminToken: config.adminToken,
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
    metrics,
    logger,
    readiness,
    isShuttingDown: () => shuttingDown,
    now,
  })
  let server: Server
  try {
    server = await listen(app, config.listen, maxConnections, metrics)
  } catch (error) {
    await store.close()
    throw error
  }
  // Keep-alive sockets must not outlive a shutdown by much; Node's default (5 s) is what senders expect.
  server.keepAliveTimeout = 5000
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.listen.port
  if (options.worker !== false) worker.start()
  logger.info({ port, host: config.listen.host, maxConnections, store: config.store.kind, endpoints: config.endpoints.map((e) => `${e.path} (${e.scheme})`) }, 'listening')

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      shuttingDown = true
      const deadline = Date.now() + config.shutdownTimeoutMs
      const left = () => Math.max(0, deadline - Date.now())
      // No new claims from now on; the applies in flight get the time there is, less a moment to close the store.
      const reserve = Math.min(1000, Math.floor(config.shutdownTimeoutMs / 5))
      const workerStopped = worker.stop(Math.max(0, left() - reserve))
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      // Requests in flight get their answer (their group commits first); then stragglers are cut off.
      const timer = setTimeout(() => server.closeAllConnections(), Math.floor(left() / 2))
      await serverClosed
      clearTimeout(timer)
      await groupCommit.drain()
      await workerStopped
      await applier.close?.().catch((error: unknown) => logger.warn({ err: error }, 'closing Qualys sessions failed'))
      await store.close()
      logger.info('stopped')
    })())
  return { url: `http://${config.listen.host}:${port}`, port, store, logger, shutdownTimeoutMs: config.shutdownTimeoutMs, close }
}
