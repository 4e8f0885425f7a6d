import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { deliveryStatuses, type InboxStore } from '@scanplan/webhook-inbox'

/** What the door answered a hook request: each request is counted once, under one of these. */
export type ReceivedOutcomeLabel =
  | 'accepted'
  | 'duplicate'
  | 'requeued'
  | 'conflict'
  | 'replayed'
  | 'rejected_signature'
  | 'rejected_content_type'
  | 'rejected_too_large'
  | 'rejected_malformed'
  | 'rejected_spec'
  | 'refused_unavailable'

/** How a delivery ended in the worker: each delivery is counted once, when it reaches one of these. */
export type CompletedOutcomeLabel = 'applied' | 'failed' | 'superseded'

export interface ServiceMetrics {
  registry: Registry
  /** Hook requests by the door's answer. */
  deliveries: Counter<'outcome'>
  /** Deliveries by how they ended. */
  completed: Counter<'outcome'>
  /** Attempts that failed transiently and were queued again. */
  retries: Counter
  applyDuration: Histogram
  commitGroupSize: Histogram
  qualysRetries: Counter
  httpDuration: Histogram<'method' | 'route' | 'status_code'>
  /** New connections closed at once by the door's bounds. */
  connectionsRefused: Counter<'reason'>
  /** Connections without a complete request, closed at the cap to make room. */
  connectionsEvicted: Counter
  /** Where the open-connections gauge reads from (the server's count, set once it listens). */
  openConnections: { read: () => number }
}

/** How long a scrape waits for the store before it reports it down (a scrape must answer, whatever the store does). */
const storeProbeMs = 2000

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    )
  })

/**
 * One registry per service instance (no global default registry), so tests can run several side by side. Names follow
 * Prometheus' conventions: base units (seconds), `_total` on counters, the default process and Node metrics under
 * their standard unprefixed names (stock dashboards read them), and no delivery in two series of one counter: the door
 * counts requests, the worker counts deliveries when they end. The store's health is a gauge, not an error: a scrape
 * while the store is down still answers, with `scanplan_webhook_store_up 0` and no queue depth.
 */
export function createMetrics(store: Pick<InboxStore, 'countByStatus' | 'ping'>): ServiceMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  // prom-client names three of its gauges `_total`, which Prometheus reserves for counters (`promtool check
  // metrics` refuses them); each is the sum of a gauge it also exports by type (nodejs_active_handles{type}, ...).
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name)
  const registers = [registry]
  const deliveries = new Counter({
    name: 'scanplan_webhook_deliveries_received_total',
    help: 'Hook requests by the answer the door gave (accepted, duplicate, requeued, conflict, replayed, rejected_*, refused_unavailable).',
    labelNames: ['outcome'],
    registers,
  })
  const completed = new Counter({
    name: 'scanplan_webhook_deliveries_completed_total',
    help: 'Deliveries that reached a final state in the worker (applied, failed, superseded), each counted once.',
    labelNames: ['outcome'],
    registers,
  })
  const retries = new Counter({
    name: 'scanplan_webhook_delivery_retries_total',
    help: 'Apply attempts that failed transiently and were queued again with a backoff.',
    registers,
  })
  const applyDuration = new Histogram({
    name: 'scanplan_webhook_apply_duration_seconds',
    help: 'Time to plan and apply one delivery against Qualys, per attempt.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  })
  const commitGroupSize = new Histogram({
    name: 'scanplan_webhook_commit_group_size',
    help: 'Deliveries per durable commit (group commit).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers,
  })
  const qualysRetries = new Counter({
    name: 'scanplan_webhook_qualys_retries_total',
    help: 'Requests the Qualys client retried (rate limits, 5xx, dropped connections).',
    registers,
  })
  const httpDuration = new Histogram({
    name: 'scanplan_webhook_http_request_duration_seconds',
    help: 'HTTP requests by method, route (the configured path; "unmatched" for any other) and status code, from the first byte read to the answer sent.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  })
  const connectionsRefused = new Counter({
    name: 'scanplan_webhook_connections_refused_total',
    help: 'New connections closed at once: per_address (its address held listen.maxConnectionsPerAddress), full (every one of listen.maxConnections was answering a request).',
    labelNames: ['reason'],
    registers,
  })
  const connectionsEvicted = new Counter({
    name: 'scanplan_webhook_connections_evicted_total',
    help: 'Connections that had not sent a complete request, closed at listen.maxConnections to make room for a new one.',
    registers,
  })
  const openConnections = { read: () => 0 }
  new Gauge({
    name: 'scanplan_webhook_open_connections',
    help: 'Connections the door holds open now.',
    registers,
    collect() {
      this.set(openConnections.read())
    },
  })
  // The scrape asks the store once; both gauges below read the same answer.
  let probe: Promise<Record<(typeof deliveryStatuses)[number], number> | undefined> | undefined
  const probeStore = () =>
    (probe ??= withTimeout(
      store.ping().then(() => store.countByStatus()),
      storeProbeMs,
    )
      .catch(() => undefined)
      .finally(() => setImmediate(() => (probe = undefined))))
  new Gauge({
    name: 'scanplan_webhook_store_up',
    help: 'Whether the inbox store answered this scrape (1) or not (0).',
    registers,
    async collect() {
      this.set((await probeStore()) === undefined ? 0 : 1)
    },
  })
  new Gauge({
    name: 'scanplan_webhook_queue_depth',
    help: 'Deliveries in the inbox by status, now (queued includes those waiting for a retry); absent while the store is down.',
    labelNames: ['status'],
    registers,
    async collect() {
      const counts = await probeStore()
      this.reset()
      if (counts) for (const status of deliveryStatuses) this.set({ status }, counts[status])
    },
  })
  return { registry, deliveries, completed, retries, applyDuration, commitGroupSize, qualysRetries, httpDuration, connectionsRefused, connectionsEvicted, openConnections }
}
