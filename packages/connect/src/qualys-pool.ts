import type { Transport, TransportEvent } from '@scanplan/core/adapters'
import { createClientPool, type BudgetWait, type ClientPool, type ClientPoolOptions, type StrategiesFor } from '@scanplan/qualys'
import { createFetchTransport } from '@scanplan/transport-fetch'
import { strategiesForAuthKind } from './strategies.js'

export interface QualysPoolOptions {
  /** Every call goes here (a `QualysTarget`'s url) instead of each account's platform URLs. */
  target?: string
  /** Default: `strategiesForAuthKind` (session, basic or OIDC as the spec's `source.auth` says). */
  strategiesFor?: StrategiesFor
  /** Default: cross-fetch with retries (`@scanplan/transport-fetch`), reporting through `onEvent`. */
  transport?: Transport
  onEvent?: (event: TransportEvent) => void
  /** Wraps the transport (given or default) before the pool uses it, e.g. `createProbeRecorder().wrap` of `@scanplan/qualys`. */
  wrapTransport?: (transport: Transport) => Transport
  userAgent?: string
  /** The default transport's retries and per-attempt timeout (`@scanplan/transport-fetch`'s defaults otherwise). */
  maxRetries?: number
  timeoutMs?: number
  /** The longest server-asked wait (`Retry-After`, ...) the default transport waits out; `0` reports the refusal. */
  maxServerWaitMs?: number
  /** Qualys' per-subscription concurrency limit; default 2. */
  concurrency?: number
  /** A concurrency limit shared beyond this pool, per account (`createClientPool`'s). */
  concurrencyLimitFor?: ClientPoolOptions['concurrencyLimitFor']
  /** Every wait for an account's gateway budget (`X-RateLimit-*`): what for and until when. */
  onBudgetWait?: (wait: BudgetWait) => void
  /** The longest such wait; beyond it the 429 is the answer. Default: `maxServerWaitMs` when given, else no limit. */
  maxBudgetWaitMs?: number
  signal?: AbortSignal
}

/** The client pool both apps use: `@scanplan/qualys` given the default transport and strategies unless told others. */
export function createQualysPool(options: QualysPoolOptions = {}): ClientPool {
  const given =
    options.transport ??
    createFetchTransport({
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxServerWaitMs !== undefined ? { maxServerWaitMs: options.maxServerWaitMs } : {}),
    })
  const transport = options.wrapTransport ? options.wrapTransport(given) : given
  return createClientPool({
    transport,
    strategiesFor: options.strategiesFor ?? strategiesForAuthKind,
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.concurrencyLimitFor ? { concurrencyLimitFor: options.concurrencyLimitFor } : {}),
    ...(options.onBudgetWait ? { onBudgetWait: options.onBudgetWait } : {}),
    ...((options.maxBudgetWaitMs ?? options.maxServerWaitMs) !== undefined ? { maxBudgetWaitMs: (options.maxBudgetWaitMs ?? options.maxServerWaitMs)! } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  })
}
