import { createQualysPool, createSecretReader } from '@scanplan/connect'
import { compileSpec, type TransportEvent } from '@scanplan/core'
import { AuthError, SecretError } from '@scanplan/core/adapters'
import { setTimeout as sleep } from 'node:timers/promises'
import { applySpecs, OptionProfileNotFoundError, planSpecs, QualysApiError, type SpecPlan, type StrategiesFor } from '@scanplan/qualys'
import { prepareDeliverySpec, type ConfiguredSources } from '../delivery/delivery-spec.js'
import type { Delivery } from '../inbox/inbox-store.js'
import { createProcessLimits, type SubscriptionLimits } from '../limits/subscription-limits.js'
import type { Applier, ApplyAttempt, ApplyResult } from './applier.js'

export interface QualysApplierOptions {
  config: {
    sources: ConfiguredSources
    /** Where the Qualys client reads secrets: the service's environment (with its env file) and the config's directory. */
    secretSources: { env: Record<string, string | undefined>; baseDir: string }
  }
  /** Send every Qualys call here (a simulator) instead of the platform URLs. */
  target?: string
  /** How to sign in to each configured source (default: `strategiesForAuthKind` of `@scanplan/connect`). */
  strategiesFor?: StrategiesFor
  now?: () => Date
  /**
   * The whole time a create may take, from its recorded intent to its answer (default 30 s, the transport's timeout
   * per attempt): the create is cancelled then, and a later attempt of the delivery waits that long after an
   * unfinished create before it looks again. Keep the worker's lease longer, so that a live worker is not taken over.
   */
  createDeadlineMs?: number
  /**
   * The Qualys concurrency limits every delivery's client shares: the store's `qualysLimits` (PostgreSQL: shared by
   * every instance). Default: this applier's own, per account (one process).
   */
  limits?: SubscriptionLimits
  /** Every transport event of the shared client pool (the service counts retries from it). */
  onTransportEvent?: (event: TransportEvent) => void
}

export interface QualysApplier extends Applier {
  close(): Promise<void>
}

/** Qualys answers that no retry will change: the request itself is wrong. 409 (limits) and 429 are not among them. */
const permanentStatus = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429

/**
 * Whether another attempt can help, decided by the error itself (thrown here, or carried by a plan as its `cause`):
 * a secret the service cannot read, a title the account does not have, a request Qualys refuses as wrong, or a
 * login refused (401/403: the same credentials will be refused again, so retrying only repeats failed logins) will
 * not change by waiting; the network, rate and concurrency limits and server errors may.
 */
function failureOf(error: unknown, clientRetries?: number): ApplyResult {
  const message = error instanceof Error ? error.message : String(error)
  const retries = clientRetries !== undefined ? { clientRetries } : {}
  if (error instanceof SecretError || error instanceof OptionProfileNotFoundError) return { kind: 'rejected', error: message, ...retries }
  if (error instanceof QualysApiError && permanentStatus(error.status)) return { kind: 'rejected', error: message, ...retries }
  if (error instanceof AuthError && (error.status === 401 || error.status === 403)) {
    return { kind: 'rejected', error: `${message} (not retried: fix the credentials in the service's environment, then redeliver)`, ...retries }
  }
  return { kind: 'transient', error: message, ...retries }
}

/**
 * Plans and applies a stored delivery with `@scanplan/qualys`, the same client and wiring as the CLI's apply: the
 * delivery is compiled again (the configured source spliced in), option profile titles are resolved online, the
 * live connectors are listed and only the difference is sent. That makes a second run after a crash a no-op.
 */
export function createQualysApplier(options: QualysApplierOptions): QualysApplier {
  const now = options.now ?? (() => new Date())
  const createDeadlineMs = options.createDeadlineMs ?? 30_000
  // Deliveries carry no secrets: every reference is the configured source's, read from the service's environment
  // (and env file) or from files beside the configuration.
  const secrets = createSecretReader(options.config.secretSources)
  const secretsOf = () => secrets
  // Kept beyond each delivery's pool: the limit is the account's, whatever delivery (or instance) calls.
  const limits = options.limits ?? createProcessLimits()
  const concurrencyLimitFor = limits.limitFor.bind(limits)

  // One client pool per delivery, as the CLI has one per run: the client caches the option profile list for its
  // lifetime and a session can time out while the service idles, so a pool kept for days would go stale.
  const run = async (delivery: Delivery, signal: AbortSignal, attempt: ApplyAttempt): Promise<ApplyResult> => {
    const { body, id } = delivery
    let clientRetries = 0
    // Cancels this attempt's calls in flight when the attempt is aborted (shutdown, lost lease) or its create reaches
    // its deadline: nothing this attempt sent outlives it unseen (the client still checks what an interrupted create
    // did, on its own short deadline).
    const cancel = new AbortController()
    const onAbort = () => cancel.abort(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    let deadline: NodeJS.Timeout | undefined
    const pool = createQualysPool({
      ...(options.target !== undefined ? { target: options.target } : {}),
      ...(options.strategiesFor ? { strategiesFor: options.strategiesFor } : {}),
      signal: cancel.signal,
      concurrencyLimitFor,
      onEvent: (event) => {
        if (event.type === 'retry') clientRetries += 1
        options.onTransportEvent?.(event)
      },
    })
    try {
      const prepared = prepareDeliverySpec(body, options.config.sources, compileSpec, now())
      if (!prepared.ok) {
        return { kind: 'rejected', error: 'the delivery no longer compiles against the service configuration', diagnostics: prepared.diagnostics }
      }
      const { compiled } = prepared.spec
      if (compiled.source && compiled.unresolvedProfiles.length > 0) {
        // Resolved here first so that a title the account does not have fails the delivery at once (the error lists
        // the titles that exist) instead of being retried; the plan below reuses the client's cached list.
        const client = await pool.clientFor(compiled.source, secrets)
        for (const title of compiled.unresolvedProfiles) await client.resolveOptionProfile(title)
      }
      // The plan reads the account first (pinned ids, both listings, names), so it finds what an earlier attempt made.
      const plan = async (): Promise<SpecPlan | ApplyResult> => {
        const [planned] = await planSpecs([{ file: `delivery-${id}.json`, text: prepared.spec.text }], pool, { secretsOf, now: now() })
        if (!planned) throw new Error('the client returned no plan')
        const errors = planned.diagnostics.filter((d) => d.severity === 'error')
        if (errors.length > 0) {
          return { kind: 'rejected', error: planned.error ?? errors[0]!.message, diagnostics: errors, clientRetries }
        }
        if (planned.error !== undefined || !planned.plan) {
          return failureOf(planned.cause ?? new Error(planned.error ?? 'the client returned no plan'), clientRetries)
        }
        return planned
      }
      const creates = (planned: SpecPlan) => planned.plan!.changes.some((c) => c.action === 'create')
      let planned = await plan()
      if ('kind' in planned) return planned
      const earlier = delivery.createInFlightUntil
      if (creates(planned) && earlier !== null && earlier > now().getTime()) {
        // An earlier attempt (a process killed, shut down or taken over) recorded a create that may still be running
        // in Qualys: wait until it cannot be, then look again instead of sending a second one.
        await sleep(earlier - now().getTime(), undefined, { signal: cancel.signal })
        planned = await plan()
        if ('kind' in planned) return planned
      }
      if (creates(planned)) {
        const until = now().getTime() + createDeadlineMs
        if (!(await attempt.recordCreateIntent(until))) {
          return { kind: 'transient', error: 'the delivery was taken over before its create was sent (lease lost)', clientRetries }
        }
        deadline = setTimeout(() => cancel.abort(new Error(`the create did not finish within ${createDeadlineMs / 1000} s`)), until - now().getTime())
      }
      const [applied] = await applySpecs([planned], { secretsOf })
      const changes = applied?.applied ?? []
      const failed = changes.filter((c) => c.result.status === 'failed')
      if (failed.length > 0) {
        // Some changes may have gone through: the next attempt plans again and sends only what is still missing.
        return { kind: 'transient', error: failed.map((c) => `${c.connector}: ${c.result.error ?? 'failed'}`).join('; '), clientRetries }
      }
      return {
        kind: 'applied',
        plan: planned.plan,
        result: changes.map((c) => ({ connector: c.connector, action: c.action, ...c.result })),
        clientRetries,
      }
    } finally {
      clearTimeout(deadline)
      signal.removeEventListener('abort', onAbort)
      await pool.closeAll().catch(() => {})
    }
  }

  return {
    async apply(delivery, signal, attempt) {
      const aborted = new Promise<ApplyResult>((resolve) => {
        const stop = () => resolve({ kind: 'transient', error: `aborted: ${String((signal.reason as Error)?.message ?? signal.reason)}` })
        if (signal.aborted) stop()
        else signal.addEventListener('abort', stop, { once: true })
      })
      try {
        // The worker is answered at once on abort; the calls in flight are cancelled (see `cancel`), and what a create
        // may still do in Qualys is covered by its recorded intent.
        return await Promise.race([run(delivery, signal, attempt), aborted])
      } catch (error) {
        return failureOf(error)
      }
    },
    // Pools are closed after each delivery; nothing is left open between them.
    close: async () => {},
  }
}
