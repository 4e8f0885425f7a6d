export { createCheckCache } from './delivery/check-cache.js'
export {
  deliveryScope,
  prepareDeliverySpec,
  type CompiledSpec,
  type ConfiguredSource,
  type ConfiguredSources,
  type DeliveryScope,
  type DeliverySpec,
  type PreparedDelivery,
  type SpecCompiler,
} from './delivery/delivery-spec.js'
export { createGroupCommit, type GroupCommit, type GroupCommitOptions } from './inbox/group-commit.js'
export { bodyDigest, deliveryKey, deliveryStatuses, parseDeliveryKey, type AcceptResult, type Delivery, type DeliveryOutcome, type DeliveryStatus, type InboxStore, type ListQuery, type NewDelivery } from './inbox/inbox-store.js'
export { openPostgresSlots, slotLockNamespace, type PostgresSlotsOptions } from './limits/postgres-slots.js'
export { createProcessLimits, type SubscriptionLimits } from './limits/subscription-limits.js'
export { openPostgresInbox, type PostgresInboxOptions } from './inbox/postgres-inbox-store.js'
export { InboxInUseError, openSqliteInbox, type SqliteInboxOptions } from './inbox/sqlite-inbox-store.js'
export { createGithubVerifier, signGithub } from './signatures/github.js'
export { createStandardWebhooksVerifier, signStandardWebhook, standardWebhooksToleranceSeconds } from './signatures/standard-webhooks.js'
export type { DeliveryVerifier, Headers, RejectionReason, Verification } from './signatures/verification.js'
export type { Applier, ApplyAttempt, ApplyResult } from './worker/applier.js'
export { createQualysApplier, type QualysApplier, type QualysApplierOptions } from './worker/qualys-applier.js'
export { createWorker, type Worker, type WorkerEvent, type WorkerLog, type WorkerOptions } from './worker/worker.js'
