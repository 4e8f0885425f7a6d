import { setImmediate } from 'node:timers/promises'
import type { Delivery, InboxStore } from '../inbox/inbox-store.js'
import type { Applier, ApplyResult } from './applier.js'

export interface WorkerLog {
  info(object: object, message: string): void
  warn(object: object, message: string): void
  error(object: object, message: string): void
}

export interface WorkerEvent {
  id: string
  /** `retry`: a transient failure, queued again for later. */
  outcome: 'applied' | 'failed' | 'retry' | 'released'
  durationMs: number
  attempts: number
  clientRetries: number
}

export interface WorkerOptions {
  store: InboxStore
  applier: Applier
  /** Unique per process: each claim takes its lease under this name and a claim number (the attempt's fencing token). */
  owner: string
  concurrency: number
  leaseMs: number
  /** How often an idle worker looks for due deliveries (a new delivery wakes it at once). */
  pollMs: number
  /** A delivery that still fails this long after it was queued is marked failed. */
  retryDeadlineMs: number
  maxBackoffMs: number
  baseBackoffMs?: number
  now?: () => number
  random?: () => number
  onEvent?: (event: WorkerEvent) => void
  log?: WorkerLog
}

export interface Worker {
  start(): void
  /** A delivery was just queued: look now instead of at the next poll. */
  wake(): void
  /**
   * Stops claiming at once, waits for the applies in flight, aborts those still running shortly before `timeoutMs`
   * and gives their deliveries back to the queue (due once a create they sent cannot be running any more). Resolves
   * when every slot has stopped, and by `timeoutMs` in any case.
   */
  stop(timeoutMs: number): Promise<void>
  /** Deliveries being applied right now. */
  inFlight(): number
}

const quiet: WorkerLog = { info() {}, warn() {}, error() {} }

export function createWorker(options: WorkerOptions): Worker {
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const log = options.log ?? quiet
  const base = options.baseBackoffMs ?? 1000
  let stopping = false
  let loops: Promise<void>[] = []
  const sleepers = new Set<() => void>()
  const running = new Map<string, AbortController>()
  let claims = 0

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        sleepers.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      sleepers.add(done)
    })
  const wakeAll = () => {
    for (const wake of [...sleepers]) wake()
  }

  const backoff = (delivery: Delivery, result: Extract<ApplyResult, { kind: 'transient' }>) => {
    // Exponential with "equal jitter", so that many deliveries failing together do not retry together.
    const exponential = Math.min(options.maxBackoffMs, base * 2 ** Math.max(0, delivery.attempts - 1))
    const jittered = exponential / 2 + (random() * exponential) / 2
    // Whole milliseconds: the stores keep integer times.
    return Math.ceil(Math.max(jittered, result.retryAfterMs ?? 0))
  }

  const process = async (delivery: Delivery) => {
    // The token the claim took the lease under: a stale attempt (its lease expired and the delivery was claimed again,
    // even by this process) cannot renew, record an intent or an outcome.
    const owner = delivery.leaseOwner!
    const controller = new AbortController()
    running.set(delivery.id, controller)
    const started = now()
    const renewal = setInterval(() => {
      options.store.renew(delivery.id, owner, now() + options.leaseMs).then(
        (held) => {
          if (!held) controller.abort(new Error('the lease was lost'))
        },
        (error: unknown) => log.warn({ err: error, deliveryId: delivery.id }, 'could not renew a lease'),
      )
    }, Math.max(50, Math.floor(options.leaseMs / 3)))
    let result: ApplyResult
    try {
      result = await options.applier.apply(delivery, controller.signal, {
        recordCreateIntent: async (until) => !controller.signal.aborted && (await options.store.recordCreateIntent(delivery.id, owner, until, now())),
      })
    } catch (error) {
      result = { kind: 'transient', error: (error as Error).message ?? String(error) }
    } finally {
      clearInterval(renewal)
      running.delete(delivery.id)
    }
    const finished = now()
    const event = (outcome: WorkerEvent['outcome']) =>
      options.onEvent?.({
        id: delivery.id,
        outcome,
        durationMs: finished - started,
        attempts: delivery.attempts,
        clientRetries: result.clientRetries ?? 0,
      })
    const { store } = options
    if (controller.signal.aborted && stopping && result.kind !== 'applied') {
      await store.release(delivery.id, owner, finished)
      log.info({ deliveryId: delivery.id }, 'shutdown: delivery given back to the queue')
      event('released')
      return
    }
    const clientRetries = result.clientRetries !== undefined ? { clientRetries: result.clientRetries } : {}
    if (result.kind === 'applied') {
      await store.finish(delivery.id, owner, 'applied', { plan: result.plan, result: result.result, ...clientRetries, startedAt: started, finishedAt: finished }, finished)
      log.info({ deliveryId: delivery.id, attempts: delivery.attempts }, 'delivery applied')
      event('applied')
    } else if (result.kind === 'rejected') {
      await store.finish(
        delivery.id,
        owner,
        'failed',
        {
          error: result.error,
          ...(result.diagnostics ? { diagnostics: result.diagnostics } : {}),
          ...(result.plan !== undefined ? { plan: result.plan } : {}),
          ...clientRetries,
          startedAt: started,
          finishedAt: finished,
        },
        finished,
      )
      log.warn({ deliveryId: delivery.id, error: result.error }, 'delivery rejected')
      event('failed')
    } else {
      const next = finished + backoff(delivery, result)
      if (next > delivery.queuedAt + options.retryDeadlineMs) {
        const error = `gave up after ${delivery.attempts} attempts (retry deadline passed): ${result.error}`
        await store.finish(delivery.id, owner, 'failed', { error, ...clientRetries, startedAt: started, finishedAt: finished }, finished)
        log.warn({ deliveryId: delivery.id, error }, 'delivery failed')
        event('failed')
      } else {
        await store.retryLater(delivery.id, owner, next, result.error, finished)
        log.warn({ deliveryId: delivery.id, error: result.error, retryAt: new Date(next).toISOString() }, 'delivery will be retried')
        event('retry')
      }
    }
  }

  const loop = async () => {
    while (!stopping) {
      let delivery: Delivery | undefined
      try {
        delivery = await options.store.claim(`${options.owner}#${++claims}`, now(), options.leaseMs)
      } catch (error) {
        log.error({ err: error }, 'cannot claim from the inbox')
        await idle(options.pollMs)
        continue
      }
      if (!delivery) {
        await idle(options.pollMs)
        continue
      }
      try {
        await process(delivery)
      } catch (error) {
        // The outcome could not be recorded (store down): the lease expires and the delivery is claimed again.
        log.error({ err: error, deliveryId: delivery.id }, 'cannot record the outcome of a delivery')
      }
      // A delivery that needs no I/O (one that no longer compiles, a store answering synchronously) would otherwise
      // chain claims on microtasks alone and starve the HTTP side of the same event loop.
      await setImmediate()
    }
  }

  return {
    start() {
      if (loops.length > 0) return
      loops = Array.from({ length: options.concurrency }, () => loop())
    },
    wake: wakeAll,
    async stop(timeoutMs) {
      stopping = true
      wakeAll()
      const all = Promise.all(loops)
      // The last part of the time is for giving back what is aborted (one write per delivery).
      const grace = Math.min(1000, Math.floor(timeoutMs / 5))
      let timer: NodeJS.Timeout | undefined
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs - grace))),
      ])
      clearTimeout(timer)
      if (timedOut) {
        for (const controller of running.values()) controller.abort(new Error('the service is shutting down'))
        // An applier that ignores its signal is not waited for: its lease will expire and another run takes it.
        await Promise.race([all, new Promise((resolve) => setTimeout(resolve, grace).unref())])
      }
    },
    inFlight: () => running.size,
  }
}
