import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Delivery, InboxStore } from '../inbox/inbox-store.js'
import { openSqliteInbox } from '../inbox/sqlite-inbox-store.js'
import type { Applier, ApplyResult } from './applier.js'
import { createWorker, type WorkerEvent, type WorkerOptions } from './worker.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

/** Waits for a condition the worker brings about asynchronously, failing after two seconds. */
async function until(check: () => Promise<boolean>) {
  const deadline = Date.now() + 2000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

function scenario(run: (store: InboxStore, start: (applier: Applier, extra?: Partial<WorkerOptions>) => { events: WorkerEvent[]; worker: ReturnType<typeof createWorker> }) => Promise<void>, storeOptions: { commitThread?: boolean } = {}) {
  return async () => {
    const dir = tempDir('worker')
    const store = openSqliteInbox({ path: join(dir, 'inbox.db'), ...storeOptions })
    const workers: ReturnType<typeof createWorker>[] = []
    try {
      await store.acceptBatch([{ id: 'd1', endpoint: '/hooks/spec', body: '{"n":1}', receivedAt: Date.now() }])
      await run(store, (applier, extra = {}) => {
        const events: WorkerEvent[] = []
        const worker = createWorker({
          store,
          applier,
          owner: 'test-worker',
          concurrency: 1,
          leaseMs: 10_000,
          pollMs: 5,
          retryDeadlineMs: 60_000,
          maxBackoffMs: 20,
          baseBackoffMs: 5,
          onEvent: (event) => events.push(event),
          ...extra,
        })
        workers.push(worker)
        worker.start()
        return { events, worker }
      })
    } finally {
      for (const worker of workers) await worker.stop(100)
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

const status = (store: InboxStore) => store.get('d1').then((d) => d!.status)

test(
  'an applied delivery is applied once and its plan and result are recorded',
  scenario(async (store, start) => {
    const seen: Delivery[] = []
    const { events } = start({
      apply: async (delivery) => {
        seen.push(delivery)
        return { kind: 'applied', plan: { creates: 1 }, result: { id: 42 }, clientRetries: 2 }
      },
    })
    await until(async () => (await status(store)) === 'applied')
    await new Promise((resolve) => setTimeout(resolve, 30))
    assert.is(seen.length, 1)
    assert.is(seen[0]!.body, '{"n":1}')
    const done = await store.get('d1')
    assert.equal(done!.outcome!.plan, { creates: 1 })
    assert.equal(done!.outcome!.result, { id: 42 })
    assert.is(done!.outcome!.clientRetries, 2)
    assert.is(done!.attempts, 1)
    assert.equal(events.map((e) => e.outcome), ['applied'])
  }),
)

test(
  'transient failures are retried with backoff, then applied',
  scenario(async (store, start) => {
    const results: ApplyResult[] = [
      { kind: 'transient', error: 'HTTP 503' },
      { kind: 'transient', error: 'connection reset' },
      { kind: 'applied', plan: null, result: null },
    ]
    const { events } = start({ apply: async () => results.shift()! })
    await until(async () => (await status(store)) === 'applied')
    assert.equal(events.map((e) => e.outcome), ['retry', 'retry', 'applied'])
    assert.is((await store.get('d1'))!.attempts, 3)
  }),
)

test(
  'an applier that throws counts as a transient failure',
  scenario(async (store, start) => {
    let calls = 0
    start({
      apply: async () => {
        calls += 1
        if (calls === 1) throw new Error('socket hang up')
        return { kind: 'applied', plan: null, result: null }
      },
    })
    await until(async () => (await status(store)) === 'applied')
    assert.is(calls, 2)
  }),
)

test(
  'retries stop at the deadline and the delivery is failed with the last error',
  scenario(async (store, start) => {
    const { events } = start({ apply: async () => ({ kind: 'transient', error: 'HTTP 502' }) }, { retryDeadlineMs: 40 })
    // The worker writes the outcome first and reports the event after it: wait for both, or the test races the report.
    await until(async () => (await status(store)) === 'failed' && events.length > 0 && events.at(-1)!.outcome !== 'retry')
    const failed = await store.get('d1')
    assert.match(failed!.outcome!.error!, /^gave up after \d+ attempts \(retry deadline passed\): HTTP 502$/)
    assert.is(events.at(-1)!.outcome, 'failed')
  }),
)

test(
  'a rejected delivery is failed at once with its diagnostics',
  scenario(async (store, start) => {
    let calls = 0
    start({
      apply: async () => {
        calls += 1
        return { kind: 'rejected', error: 'no option profile titled "Nightly"', diagnostics: [{ code: 'Q001' }] }
      },
    })
    await until(async () => (await status(store)) === 'failed')
    await new Promise((resolve) => setTimeout(resolve, 30))
    assert.is(calls, 1)
    assert.equal((await store.get('d1'))!.outcome!.diagnostics, [{ code: 'Q001' }])
  }),
)

test(
  'stop waits for an apply that finishes in time',
  scenario(async (store, start) => {
    const { worker } = start({
      apply: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50))
        return { kind: 'applied', plan: null, result: null }
      },
    })
    await until(async () => worker.inFlight() === 1)
    await worker.stop(1000)
    assert.is(await status(store), 'applied')
  }),
)

test(
  'stop aborts an apply that overruns and gives the delivery back untouched',
  scenario(async (store, start) => {
    const { worker, events } = start({
      apply: (_delivery, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => resolve({ kind: 'transient', error: 'aborted' }))
        }),
    })
    await until(async () => worker.inFlight() === 1)
    const started = Date.now()
    await worker.stop(50)
    assert.ok(Date.now() - started < 1000, 'bounded')
    const back = await store.get('d1')
    assert.is(back!.status, 'queued')
    assert.is(back!.attempts, 0)
    assert.equal(events.map((e) => e.outcome), ['released'])
  }),
)

test(
  'the worker yields to the event loop between deliveries that need no I/O (issue 19: 0 door responses in 4 s)',
  scenario(async (store, start) => {
    const queued = Array.from({ length: 40 }, (_, i) => ({ id: `x${i}`, endpoint: '/hooks/spec', body: '{}', receivedAt: Date.now() }))
    await store.acceptBatch(queued)
    let rejected = 0
    // A delivery that no longer compiles: rejected without any I/O, so only the store's promises separate two claims.
    const { events } = start({ apply: async () => (rejected++, { kind: 'rejected', error: 'does not compile' }) })
    // Claims and finishes on this in-process store (no commit thread) resolve on microtasks; without a yield, the whole backlog would
    // be worked through before this macrotask ran.
    const rejectedWhenTheLoopRan = await new Promise<number>((resolve) => setImmediate(() => resolve(rejected)))
    assert.ok(rejectedWhenTheLoopRan < 10, `the event loop ran only after ${rejectedWhenTheLoopRan} deliveries`)
    // Each finish fsyncs on this thread: give a loaded machine time (bounded) to work through the 41.
    const deadline = Date.now() + 30_000
    while (events.length < 41 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    assert.is(events.length, 41)
  }, { commitThread: false }),
)

test.run()
