import { compileSpec, type TransportEvent } from '@scanplan/core'
import { applySpecs, createClientPool, OptionProfileNotFoundError, planSpecs, QualysApiError, SecretError } from '@scanplan/qualys'
import type { ServiceConfig } from '../config/load-config.js'
import { prepareDeliverySpec } from '../delivery/delivery-spec.js'
import type { Applier, ApplyResult } from './applier.js'

export interface QualysApplierOptions {
  config: Pick<ServiceConfig, 'sources' | 'secretSources'>
  /** Send every Qualys call here (a simulator) instead of the platform URLs. */
  target?: string
  now?: () => Date
  /** Every transport event of the shared client pool (the service counts retries from it). */
  onTransportEvent?: (event: TransportEvent) => void
}

export interface QualysApplier extends Applier {
  /** Logs every Qualys session out. */
  close(): Promise<void>
}

/** Qualys answers that no retry will change: the request itself is wrong. 409 (limits) and 429 are not among them. */
const permanentStatus = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429

/**
 * Plans and applies a stored delivery with `@scanplan/qualys`, the same client and wiring as the CLI's apply: the
 * delivery is compiled again (the configured source spliced in), option profile titles are resolved online, the
 * live connectors are listed and only the difference is sent. That makes a second run after a crash a no-op.
 */
export function createQualysApplier(options: QualysApplierOptions): QualysApplier {
  const now = options.now ?? (() => new Date())
  let retries = 0
  const pool = createClientPool({
    ...options.config.secretSources,
    ...(options.target !== undefined ? { target: options.target } : {}),
    onEvent: (event) => {
      if (event.type === 'retry') retries += 1
      options.onTransportEvent?.(event)
    },
  })
  const { env, baseDir } = options.config.secretSources

  const run = async (body: string, id: string): Promise<ApplyResult> => {
    const retriesBefore = retries
    const clientRetries = () => retries - retriesBefore
    const prepared = prepareDeliverySpec(body, options.config.sources, compileSpec, now())
    if (!prepared.ok) {
      return { kind: 'rejected', error: 'the delivery no longer compiles against the service configuration', diagnostics: prepared.diagnostics }
    }
    const [planned] = await planSpecs([{ file: `delivery-${id}.json`, text: prepared.spec.text }], pool, { cwd: baseDir, env, now: now() })
    if (!planned) throw new Error('the client returned no plan')
    const errors = planned.diagnostics.filter((d) => d.severity === 'error')
    if (errors.length > 0) {
      return { kind: 'rejected', error: planned.error ?? errors[0]!.message, diagnostics: errors, clientRetries: clientRetries() }
    }
    if (planned.error !== undefined || !planned.plan) {
      return { kind: 'transient', error: planned.error ?? 'no plan', clientRetries: clientRetries() }
    }
    const [applied] = await applySpecs([planned], { cwd: baseDir, env })
    const changes = applied?.applied ?? []
    const failed = changes.filter((c) => c.result.status === 'failed')
    if (failed.length > 0) {
      // Some changes may have gone through: the next attempt plans again and sends only what is still missing.
      return {
        kind: 'transient',
        error: failed.map((c) => `${c.connector}: ${c.result.error ?? 'failed'}`).join('; '),
        clientRetries: clientRetries(),
      }
    }
    return { kind: 'applied', plan: planned.plan, result: changes.map((c) => ({ connector: c.connector, action: c.action, ...c.result })), clientRetries: clientRetries() }
  }

  return {
    async apply(delivery, signal) {
      const aborted = new Promise<ApplyResult>((resolve) => {
        const stop = () => resolve({ kind: 'transient', error: `aborted: ${String((signal.reason as Error)?.message ?? signal.reason)}` })
        if (signal.aborted) stop()
        else signal.addEventListener('abort', stop, { once: true })
      })
      try {
        // Calls already sent are not taken back on abort; the next attempt re-plans against the live state.
        return await Promise.race([run(delivery.body, delivery.id), aborted])
      } catch (error) {
        if (error instanceof SecretError || error instanceof OptionProfileNotFoundError) {
          return { kind: 'rejected', error: error.message }
        }
        if (error instanceof QualysApiError && permanentStatus(error.status)) {
          return { kind: 'rejected', error: error.message }
        }
        return { kind: 'transient', error: error instanceof Error ? error.message : String(error) }
      }
    },
    close: () => pool.closeAll(),
  }
}
