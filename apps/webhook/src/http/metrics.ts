import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { deliveryStatuses, type InboxStore } from '@scanplan/webhook-inbox'

/** How a delivery ended at the HTTP door or in the worker. */
export type DeliveryOutcomeLabel =
  | 'accepted'
  | 'duplicate'
  | 'requeued'
  | 'rejected_signature'
  | 'rejected_content_type'
  | 'rejected_too_large'
  | 'rejected_malformed'
  | 'rejected_spec'
  | 'applied'
  | 'failed'
  | 'retried'

export interface ServiceMetrics {
  registry: Registry
  deliveries: Counter<'outcome'>
  applyDuration: Histogram
  commitGroupSize: Histogram
  qualysRetries: Counter
}

/** One registry per service instance (no global default registry), so tests can run several side by side. */
export function createMetrics(store: Pick<InboxStore, 'countByStatus'>): ServiceMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'scanplan_webhook_' })
  const deliveries = new Counter({
    name: 'scanplan_webhook_deliveries_total',
    help: 'Deliveries by outcome: at the door (accepted, duplicate, rejected_*) and in the worker (applied, failed, retried).',
    labelNames: ['outcome'],
    registers: [registry],
  })
  const applyDuration = new Histogram({
    name: 'scanplan_webhook_apply_duration_seconds',
    help: 'Time to plan and apply one delivery against Qualys, per attempt.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  })
  const commitGroupSize = new Histogram({
    name: 'scanplan_webhook_commit_group_size',
    help: 'Deliveries per durable commit (group commit).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  })
  const qualysRetries = new Counter({
    name: 'scanplan_webhook_qualys_retries_total',
    help: 'Requests the Qualys client retried (rate limits, 5xx, dropped connections).',
    registers: [registry],
  })
  new Gauge({
    name: 'scanplan_webhook_queue_depth',
    help: 'Deliveries in the inbox by status (queued includes those waiting for a retry).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await store.countByStatus()
      for (const status of deliveryStatuses) this.set({ status }, counts[status])
    },
  })
  return { registry, deliveries, applyDuration, commitGroupSize, qualysRetries }
}
