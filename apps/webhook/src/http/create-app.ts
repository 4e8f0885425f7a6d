import { createHash, randomUUID, timingSafeEqual } from 'node:crypto'
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import helmet from 'helmet'
import type { Logger } from 'pino'
import { pinoHttp } from 'pino-http'
import type { Diagnostic } from '@scanplan/core'
import { deliveryKey, deliveryStatuses, parseDeliveryKey, type AcceptResult, type Delivery, type DeliveryStatus, type DeliveryVerifier, type InboxStore, type NewDelivery, type RejectionReason } from '@scanplan/webhook-inbox'
import type { ServiceMetrics } from './metrics.js'

export interface HookEndpoint {
  path: string
  /** The signing scheme: with the path, the scope of the senders' delivery ids. */
  scheme: string
  verify: DeliveryVerifier
  maxBodyBytes: number
  /** For a scheme that signs no timestamp: how long an accepted body is refused under another id (a replay). */
  replayWindowMs?: number
}

/** What the door needs to know about a body: acceptable, or refused with diagnostics. */
export type DeliveryCheck =
  | { ok: true; warnings: Diagnostic[] }
  | { ok: false; status: 400 | 422; diagnostics: Diagnostic[] }
  /** The service's own configuration of the account is not usable: not the sender's fault, and not stored. */
  | { ok: false; status: 503; site: string; diagnostics: Diagnostic[] }

export interface Readiness {
  ready: boolean
  checks: Record<string, string>
}

export interface AppOptions {
  endpoints: readonly HookEndpoint[]
  check(body: string, now: Date): DeliveryCheck
  /** Durable store of one delivery (group commit): resolves once it is on disk. */
  submit(delivery: NewDelivery): Promise<AcceptResult>
  store: Pick<InboxStore, 'get' | 'list'>
  adminToken: string
  /** Base of `statusUrl` (e.g. behind a proxy); the request's own host when absent. */
  publicUrl?: string
  metrics: ServiceMetrics
  logger: Logger
  readiness(): Promise<Readiness>
  isShuttingDown(): boolean
  now?: () => number
}

const unauthorized: Record<RejectionReason, 400 | 401> = {
  'missing-signature-headers': 401,
  'bad-delivery-id': 401,
  'bad-timestamp': 401,
  'stale-timestamp': 401,
  'no-matching-signature': 401,
  'body-not-utf8': 400,
}

const sha256 = (text: string) => createHash('sha256').update(text).digest()

/** The public shape of a stored delivery (the body is returned by GET /deliveries/{id} only). */
function view(delivery: Delivery, withBody: boolean) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  const key = parseDeliveryKey(delivery.id)
  return {
    deliveryId: key?.senderId ?? delivery.id,
    endpoint: delivery.endpoint,
    ...(key ? { scheme: key.scheme } : {}),
    status: delivery.status,
    attempts: delivery.attempts,
    receivedAt: iso(delivery.receivedAt),
    queuedAt: iso(delivery.queuedAt),
    updatedAt: iso(delivery.updatedAt),
    nextAttemptAt: delivery.status === 'queued' ? iso(delivery.nextAttemptAt) : null,
    lastError: delivery.lastError,
    outcome: delivery.outcome,
    ...(withBody ? { body: delivery.body } : {}),
  }
}

/**
 * The Express 5 application: signed hook endpoints (raw body on those routes only), the authenticated delivery
 * status API, and the operations endpoints. It holds no state of its own; the service wires the store and worker.
 */
export function createApp(options: AppOptions): express.Express {
  const now = options.now ?? Date.now
  const { metrics } = options
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.use(helmet())
  // Request durations by route: the configured hook paths and the fixed routes by name, anything else as
  // "unmatched", so that a scan of random URLs cannot grow the label set.
  const knownRoutes = new Set([...options.endpoints.map((e) => e.path), '/deliveries', '/healthz', '/readyz', '/metrics'])
  app.use((req, res, next) => {
    const started = process.hrtime.bigint()
    res.once('finish', () => {
      const route = knownRoutes.has(req.path) ? req.path : req.path.startsWith('/deliveries/') ? '/deliveries/:id' : 'unmatched'
      metrics.httpDuration.observe({ method: req.method, route, status_code: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9)
    })
    next()
  })
  // Request ids: an incoming `x-request-id` is honoured when it is safe to echo and log, otherwise a new one.
  app.use((req, res, next) => {
    const incoming = req.headers['x-request-id']
    const id = typeof incoming === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(incoming) ? incoming : randomUUID()
    res.setHeader('x-request-id', id)
    req.id = id
    next()
  })
  // `req.log` (a pino child carrying `reqId`) is made on first use: pino serialises a child's bindings when it is
  // created, and most requests (a 202 at the default level) log nothing, so an eager child per request is wasted work.
  const requestLogger = (req: Request) => options.logger.child({ reqId: req.id })
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request) {
      const log = requestLogger(this)
      Object.defineProperty(this, 'log', { value: log, writable: true, configurable: true })
      return log
    },
    set(this: Request, log: Logger) {
      Object.defineProperty(this, 'log', { value: log, writable: true, configurable: true })
    },
  })
  // Request lines are logged at info: below that level pino-http (which makes two children and serialises the request
  // for every request, logged or not) is left out, since it would only cost time.
  if (options.logger.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger: options.logger,
        genReqId: (req) => (req as Request).id as string,
        autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
        customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        quietReqLogger: true,
        // The standard serializers log every header, bearer tokens and signatures included: log only what is safe.
        serializers: {
          req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
            id: req.id,
            method: req.method,
            url: req.url,
            remoteAddress: req.remoteAddress,
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      }),
    )
  }

  // The sender's id with its endpoint: ids are scoped per endpoint (and its scheme), so the same id may exist twice.
  const statusUrl = (req: Request, id: string, endpoint: string) =>
    `${options.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}/deliveries/${encodeURIComponent(id)}?endpoint=${encodeURIComponent(endpoint)}`

  for (const endpoint of options.endpoints) {
    const refuseEarly: RequestHandler = (req, res, next) => {
      if (options.isShuttingDown()) {
        // Not accepted, so the sender retries it elsewhere or later; 503 + Retry-After is the throttle signal.
        res.set('Connection', 'close').set('Retry-After', '5').status(503).json({ error: 'the service is shutting down' })
        return
      }
      if (!req.is('application/json')) {
        metrics.deliveries.inc({ outcome: 'rejected_content_type' })
        res.status(415).json({ error: 'the body must be application/json' })
        return
      }
      // Refused on the declared length, before a byte of the body is read (the body parser would read the whole
      // body before it answers 413); `Connection: close` makes Node close the socket instead of draining the body.
      const declared = req.get('content-length')
      if (declared !== undefined && Number(declared) > endpoint.maxBodyBytes) {
        metrics.deliveries.inc({ outcome: 'rejected_too_large' })
        res.set('Connection', 'close').status(413).json({ error: 'the body is larger than this endpoint accepts' })
        return
      }
      next()
    }
    // Compressed bodies are refused (inflate: false): the limit must bound the bytes that were signed.
    const rawBody = express.raw({ type: () => true, limit: endpoint.maxBodyBytes, inflate: false })
    app.post(endpoint.path, refuseEarly, rawBody, async (req: Request, res: Response) => {
      const body: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array()
      const receivedAt = now()
      // headersDistinct keeps a repeated header as several values (req.headers would join them with ", ").
      const verification = await endpoint.verify(body, req.headersDistinct, receivedAt)
      if (!verification.ok) {
        metrics.deliveries.inc({ outcome: 'rejected_signature' })
        req.log.warn({ reason: verification.reason }, 'delivery refused')
        const status = unauthorized[verification.reason]
        res.status(status).json({ error: verification.message })
        return
      }
      const { deliveryId, text } = verification
      const checked = options.check(text, new Date(receivedAt))
      if (!checked.ok && checked.status === 503) {
        // Blaming the sender (422) would make it drop a good delivery; 503 + Retry-After makes it send it again once
        // the operator has fixed the configuration. The details are in the log and in /readyz, not in the answer.
        metrics.deliveries.inc({ outcome: 'refused_unavailable' })
        req.log.error({ site: checked.site, diagnostics: checked.diagnostics.map((d) => `${d.code}: ${d.message}`) }, 'the service configuration of a source does not compile')
        res.set('Retry-After', '300').status(503).json({
          deliveryId,
          error: `the service's configuration of the Qualys account \`${checked.site}\` is not usable; an operator must fix it (the service's log and /readyz say what): the delivery was not stored, send it again later`,
        })
        return
      }
      if (!checked.ok) {
        metrics.deliveries.inc({ outcome: checked.status === 400 ? 'rejected_malformed' : 'rejected_spec' })
        res.status(checked.status).json({
          deliveryId,
          error: checked.status === 400 ? 'the body is not a JSON document' : 'the spec does not compile',
          diagnostics: checked.diagnostics,
        })
        return
      }
      const result = await options.submit({
        id: deliveryKey(endpoint.scheme, endpoint.path, deliveryId),
        endpoint: endpoint.path,
        body: text,
        receivedAt,
        ...(endpoint.replayWindowMs !== undefined ? { replayWindowMs: endpoint.replayWindowMs } : {}),
      })
      metrics.deliveries.inc({ outcome: result.kind })
      if (result.kind === 'conflict' || result.kind === 'replayed') {
        req.log.warn({ deliveryId, outcome: result.kind }, 'delivery refused')
        res.status(409).json({
          deliveryId,
          error:
            result.kind === 'conflict'
              ? 'a different body was already delivered under this id: an id names one delivery (the same on each retry), so send a changed spec under a new id'
              : 'this exact body was already accepted on this endpoint under another id: this scheme signs no timestamp, so a repeated body is refused as a replay; to send the same spec again, change any byte of it (whitespace will do)',
        })
        return
      }
      const { status } = result.delivery
      const finished = status === 'applied' || status === 'failed'
      res.status(finished ? 200 : 202).json({
        deliveryId,
        status,
        statusUrl: statusUrl(req, deliveryId, endpoint.path),
        ...(result.kind === 'duplicate' ? { duplicate: true } : {}),
        ...(checked.warnings.length > 0 ? { warnings: checked.warnings } : {}),
      })
    })
  }

  const adminDigest = sha256(options.adminToken)
  const requireAdmin: RequestHandler = (req, res, next) => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')
    // Comparing digests keeps the comparison constant-time whatever the length of what was sent.
    if (!match || !timingSafeEqual(sha256(match[1]!), adminDigest)) {
      res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'a valid bearer token is required' })
      return
    }
    next()
  }
  // An id is the sender's, scoped by endpoint: `?endpoint=PATH` names one (statusUrl carries it); without it every
  // configured endpoint is looked in, and an id two endpoints both hold is answered 300 with both addresses.
  const schemes = [...new Set(['standard-webhooks', 'github', ...options.endpoints.map((e) => e.scheme)])]
  app.get('/deliveries/:id', requireAdmin, async (req, res) => {
    const id = String(req.params.id)
    const asked = typeof req.query.endpoint === 'string' ? req.query.endpoint : undefined
    const configured = new Map(options.endpoints.map((e) => [e.path, e.scheme]))
    const keys = (asked !== undefined ? [asked] : [...configured.keys()]).flatMap((path) =>
      (configured.has(path) ? [configured.get(path)!] : schemes).map((scheme) => deliveryKey(scheme, path, id)),
    )
    const found = (await Promise.all(keys.map((key) => options.store.get(key)))).filter((d): d is Delivery => d !== undefined)
    if (found.length === 0) {
      res.status(404).json({ error: `no delivery ${id}${asked !== undefined ? ` on ${asked}` : ''}` })
      return
    }
    if (found.length > 1) {
      res.status(300).json({
        error: `deliveries with the id ${id} came in on several endpoints: ask for one with ?endpoint=PATH`,
        deliveries: found.map((d) => ({ endpoint: d.endpoint, statusUrl: statusUrl(req, id, d.endpoint) })),
      })
      return
    }
    res.json(view(found[0]!, true))
  })
  app.get('/deliveries', requireAdmin, async (req, res) => {
    const status = req.query.status
    if (status !== undefined && !deliveryStatuses.includes(status as DeliveryStatus)) {
      res.status(400).json({ error: `status must be one of ${deliveryStatuses.join(', ')}` })
      return
    }
    const limitText = typeof req.query.limit === 'string' ? req.query.limit : '100'
    const limit = /^\d{1,4}$/.test(limitText) ? Math.min(Math.max(Number(limitText), 1), 1000) : NaN
    if (Number.isNaN(limit)) {
      res.status(400).json({ error: 'limit must be a number from 1 to 1000' })
      return
    }
    const deliveries = await options.store.list({ ...(status ? { status: status as DeliveryStatus } : {}), limit })
    res.json({ deliveries: deliveries.map((d) => view(d, false)) })
  })

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  app.get('/readyz', async (_req, res) => {
    const readiness = await options.readiness()
    res.status(readiness.ready ? 200 : 503).json(readiness)
  })
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics())
  })

  app.use((req, res) => {
    res.status(404).json({ error: `no route ${req.method} ${req.path}` })
  })
  app.use((error: Error & { status?: number; statusCode?: number; type?: string }, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error)
      return
    }
    let status = error.status ?? error.statusCode ?? 500
    // 410 tells a Standard Webhooks sender to disable the endpoint for good: never send it, not even by accident.
    if (!(status >= 400 && status < 600) || status === 410) status = 500
    if (status === 413) metrics.deliveries.inc({ outcome: 'rejected_too_large' })
    else if (status === 415) metrics.deliveries.inc({ outcome: 'rejected_content_type' })
    if (status >= 500) req.log.error({ err: error }, 'request failed')
    const message =
      status === 413
        ? 'the body is larger than this endpoint accepts'
        : status === 415
          ? 'compressed or non-UTF-8 bodies are not accepted'
          : status < 500
            ? error.message
            : 'internal error'
    // A 5xx makes the sender retry: right for a store that could not commit.
    res.status(status).json({ error: message })
  })
  return app
}
