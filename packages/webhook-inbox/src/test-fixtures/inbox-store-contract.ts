import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { InboxStore, NewDelivery } from '../inbox/inbox-store.js'

/** A database the suite may open several times (to check what survives a close), then throw away. */
export interface ContractDatabase {
  open(): Promise<InboxStore>
  drop(): Promise<void>
}

const at = 1_700_000_000_000
const delivery = (id: string, receivedAt = at, body = `{"id":"${id}"}`): NewDelivery => ({
  id,
  endpoint: '/hooks/spec',
  body,
  receivedAt,
})
/** A delivery for `connectors` of `account` (what the service derives from the body with `deliveryScope`). */
const scoped = (id: string, receivedAt: number, account: string, connectors: string): NewDelivery => ({ ...delivery(id, receivedAt), account, connectors })

/** The behaviour every inbox store must have. Run once per implementation. */
export function runInboxContract(name: string, makeDatabase: () => Promise<ContractDatabase | undefined>): void {
  const contract = suite<{ database?: ContractDatabase; store?: InboxStore }>(`inbox contract: ${name}`)

  contract.before.each(async (context) => {
    context.database = await makeDatabase()
    context.store = await context.database?.open()
  })
  contract.after.each(async (context) => {
    await context.store?.close()
    await context.database?.drop()
  })

  const storeOf = (context: { store?: InboxStore }) => {
    if (!context.store) throw new Error('no database for this suite')
    return context.store
  }

  contract('a new delivery is queued with its body byte for byte', async (context) => {
    const store = storeOf(context)
    const body = '{"connectors":[{"name":"Tenant ünïcödé ✓ \\u0000"}]}\n'
    const [result] = await store.acceptBatch([delivery('d1', at, body)])
    assert.is(result!.kind, 'accepted')
    assert.is(result!.delivery.status, 'queued')
    assert.is(result!.delivery.attempts, 0)
    const stored = await store.get('d1')
    assert.is(stored!.body, body)
    assert.is(stored!.receivedAt, at)
    assert.is(await store.get('nope'), undefined)
  })

  contract('a retry due at a fractional millisecond is recorded (backoff with jitter is not a whole number)', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1')])
    const claimed = await store.claim('w1', at, 1000)
    assert.ok(claimed)
    assert.is(await store.retryLater('d1', 'w1', at + 1234.56789, 'Qualys answered 503', at + 1), true)
    const stored = await store.get('d1')
    assert.is(stored!.status, 'queued')
    assert.is(stored!.lastError, 'Qualys answered 503')
    assert.ok(stored!.nextAttemptAt >= at + 1234 && stored!.nextAttemptAt <= at + 1235, String(stored!.nextAttemptAt))
    assert.is(await store.claim('w1', at + 1000, 1000), undefined, 'not due before its backoff')
  })

  contract('a known id with the same body is a duplicate; with a different body a conflict, and the first stays', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1', at, '{"first":true}')])
    const [again] = await store.acceptBatch([delivery('d1', at + 5, '{"first":true}')])
    assert.is(again!.kind, 'duplicate')
    const [changed] = await store.acceptBatch([delivery('d1', at + 6, '{"second":true}')])
    assert.is(changed!.kind, 'conflict')
    assert.is(changed!.delivery.body, '{"first":true}')
    assert.is((await store.get('d1'))!.body, '{"first":true}')
    assert.is((await store.countByStatus()).queued, 1)
  })

  contract('the same id twice in one group: the first is new, the second its duplicate, or a conflict if its body differs', async (context) => {
    const store = storeOf(context)
    const results = await store.acceptBatch([delivery('d1'), delivery('d2'), delivery('d1'), delivery('d1', at, '{"x":1}')])
    assert.equal(
      results.map((r) => r.kind),
      ['accepted', 'accepted', 'duplicate', 'conflict'],
    )
    assert.is((await store.get('d1'))!.body, '{"id":"d1"}')
  })

  contract('replay window: the same bytes on the same endpoint under a new id are refused, not stored', async (context) => {
    const store = storeOf(context)
    const windowed = (id: string, receivedAt: number, body: string, endpoint = '/hooks/github'): NewDelivery => ({ id, endpoint, body, receivedAt, replayWindowMs: 1000 })
    await store.acceptBatch([windowed('g1', at, '{"spec":"old"}')])
    const results = await store.acceptBatch([
      windowed('g2', at + 10, '{"spec":"old"}'),
      windowed('g3', at + 10, '{"spec":"old"}', '/hooks/other'),
      windowed('g1', at + 10, '{"spec":"old"}'),
      windowed('g4', at + 10, '{"spec":"new"}'),
      windowed('g5', at + 10, '{"spec":"new"}'),
    ])
    assert.equal(
      results.map((r) => [r.kind, r.delivery.id]),
      [
        ['replayed', 'g1'],
        ['accepted', 'g3'],
        ['duplicate', 'g1'],
        ['accepted', 'g4'],
        ['replayed', 'g4'],
      ],
    )
    assert.is(await store.get('g2'), undefined)
    assert.is(await store.get('g5'), undefined)
    // Outside the window, or where the scheme signs a timestamp (no window), the same bytes are a new delivery.
    const [late] = await store.acceptBatch([windowed('g6', at + 1001, '{"spec":"old"}')])
    assert.is(late!.kind, 'accepted')
    const [timestamped] = await store.acceptBatch([{ ...delivery('s1', at + 1002, '{"spec":"old"}'), endpoint: '/hooks/github' }])
    assert.is(timestamped!.kind, 'accepted')
    assert.is((await store.countByStatus()).queued, 5)
  })

  contract('groups handed over together each get their own answers (one id in two groups is accepted once)', async (context) => {
    // The SQLite commit thread merges groups queued behind a commit into one transaction; the answers must not mix.
    const store = storeOf(context)
    const groups = [['g1a', 'g1b'], ['g2a', 'shared'], ['g3a'], ['shared', 'g4a', 'g4b']]
    const results = await Promise.all(groups.map((ids) => store.acceptBatch(ids.map((id) => delivery(id)))))
    assert.equal(
      results.map((group) => group.map((r) => r.delivery.id)),
      groups,
    )
    const shared = [results[1]![1]!.kind, results[3]![0]!.kind].sort()
    assert.equal(shared, ['accepted', 'duplicate'])
    for (const [g, group] of results.entries()) {
      for (const [i, result] of group.entries()) if (groups[g]![i] !== 'shared') assert.is(result.kind, 'accepted')
    }
    assert.is((await store.countByStatus()).queued, 7)
  })

  contract('what was accepted survives closing and reopening the store', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1'), delivery('d2')])
    await store.close()
    context.store = await context.database!.open()
    assert.is((await context.store.countByStatus()).queued, 2)
  })

  contract('claims take the oldest ready delivery, once, and count an attempt', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('late', at + 10), delivery('early', at)])
    const first = await store.claim('w1', at + 100, 60_000)
    assert.is(first!.id, 'early')
    assert.is(first!.status, 'applying')
    assert.is(first!.attempts, 1)
    assert.is(first!.leaseOwner, 'w1')
    const second = await store.claim('w2', at + 100, 60_000)
    assert.is(second!.id, 'late')
    assert.is(await store.claim('w3', at + 100, 60_000), undefined)
  })

  contract('the claim order spans queued deliveries and expired leases, and skips retries not yet due', async (context) => {
    const store = storeOf(context)
    // 'stuck' is claimed and its lease expires; 'waiting' is older than 'fresh' but is not due for a while.
    await store.acceptBatch([delivery('stuck', at), delivery('waiting', at + 1), delivery('fresh', at + 2), delivery('newest', at + 3)])
    assert.is((await store.claim('w1', at + 10, 100))!.id, 'stuck')
    assert.is((await store.claim('w1', at + 10, 100_000))!.id, 'waiting')
    assert.ok(await store.retryLater('waiting', 'w1', at + 50_000, 'HTTP 503', at + 20))
    // 'stuck' (queued first, lease expired at +110) comes before the queued 'fresh'; 'waiting' is skipped, not blocking.
    assert.is((await store.claim('w2', at + 200, 100_000))!.id, 'stuck')
    assert.is((await store.claim('w2', at + 200, 100_000))!.id, 'fresh')
    assert.is((await store.claim('w2', at + 200, 100_000))!.id, 'newest')
    assert.is(await store.claim('w2', at + 200, 100_000), undefined)
    assert.is((await store.claim('w2', at + 50_000, 100_000))!.id, 'waiting')
  })

  contract('a delivery is not due before its receipt time', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1', at)])
    assert.is(await store.claim('w1', at - 1, 1000), undefined)
    assert.ok(await store.claim('w1', at, 1000))
  })

  contract('an expired lease is claimed again and the old owner can no longer finish', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1')])
    await store.claim('w1', at, 1000)
    assert.is(await store.claim('w2', at + 999, 1000), undefined)
    const taken = await store.claim('w2', at + 1001, 1000)
    assert.is(taken!.leaseOwner, 'w2')
    assert.is(taken!.attempts, 2)
    assert.is(await store.finish('d1', 'w1', 'applied', { startedAt: at, finishedAt: at + 1 }, at + 1002), false)
    assert.is(await store.renew('d1', 'w1', at + 5000), false)
    assert.is(await store.finish('d1', 'w2', 'applied', { startedAt: at, finishedAt: at + 1 }, at + 1002), true)
    assert.is((await store.get('d1'))!.status, 'applied')
  })

  contract('renewing a lease keeps others out', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1')])
    await store.claim('w1', at, 1000)
    assert.ok(await store.renew('d1', 'w1', at + 10_000))
    assert.is(await store.claim('w2', at + 5000, 1000), undefined)
  })

  contract('finishing records the outcome and the delivery is never claimed again', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1'), delivery('d2')])
    await store.claim('w1', at, 1000)
    const outcome = { plan: { actions: [{ kind: 'create', name: 'A' }] }, result: { id: 7 }, startedAt: at, finishedAt: at + 3 }
    assert.ok(await store.finish('d1', 'w1', 'applied', outcome, at + 3))
    const done = await store.get('d1')
    assert.is(done!.status, 'applied')
    assert.equal(done!.outcome, outcome)
    assert.is(done!.leaseOwner, null)
    await store.claim('w1', at + 10, 1000)
    await store.finish('d2', 'w1', 'failed', { error: 'no such source', startedAt: at, finishedAt: at + 3 }, at + 11)
    assert.is((await store.get('d2'))!.lastError, 'no such source')
    assert.is(await store.claim('w1', at + 10_000_000, 1000), undefined)
  })

  contract('retryLater puts it back, due later, with the error', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1')])
    await store.claim('w1', at, 1000)
    assert.ok(await store.retryLater('d1', 'w1', at + 5000, 'HTTP 503', at + 10))
    const waiting = await store.get('d1')
    assert.is(waiting!.status, 'queued')
    assert.is(waiting!.lastError, 'HTTP 503')
    assert.is(await store.claim('w1', at + 4999, 1000), undefined)
    assert.is((await store.claim('w1', at + 5000, 1000))!.attempts, 2)
  })

  contract('release gives the delivery back at once without counting the attempt', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1')])
    await store.claim('w1', at, 60_000)
    assert.ok(await store.release('d1', 'w1', at + 1))
    assert.is(await store.release('d1', 'w1', at + 1), false)
    const again = await store.claim('w2', at + 1, 60_000)
    assert.is(again!.attempts, 1)
  })

  contract('a redelivery requeues a failed delivery but never an applied one', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('ok', at), delivery('bad', at + 1)])
    await store.claim('w1', at, 1000)
    await store.finish('ok', 'w1', 'applied', { startedAt: at, finishedAt: at }, at)
    await store.claim('w1', at + 1, 1000)
    await store.finish('bad', 'w1', 'failed', { error: 'deadline', startedAt: at, finishedAt: at }, at + 1)
    const results = await store.acceptBatch([delivery('ok', at + 50), delivery('bad', at + 50), delivery('bad', at + 50)])
    assert.equal(
      results.map((r) => [r.kind, r.delivery.status]),
      [
        ['duplicate', 'applied'],
        ['requeued', 'queued'],
        ['duplicate', 'queued'],
      ],
    )
    assert.is((await store.get('bad'))!.queuedAt, at + 50)
    assert.is((await store.claim('w1', at + 50, 1000))!.id, 'bad')
  })

  contract('a failed delivery is not requeued by a different body under its id: a conflict', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('bad', at)])
    await store.claim('w1', at, 1000)
    await store.finish('bad', 'w1', 'failed', { error: 'deadline', startedAt: at, finishedAt: at }, at)
    const [result] = await store.acceptBatch([delivery('bad', at + 50, '{"other":true}')])
    assert.equal([result!.kind, result!.delivery.status], ['conflict', 'failed'])
    assert.is((await store.get('bad'))!.body, '{"id":"bad"}')
  })

  contract('list filters by status, newest first, with a limit; counts add up', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('a', at), delivery('b', at + 1), delivery('c', at + 2)])
    await store.claim('w1', at + 5, 1000)
    assert.equal(
      (await store.list({ limit: 10 })).map((d) => d.id),
      ['c', 'b', 'a'],
    )
    assert.equal(
      (await store.list({ status: 'queued', limit: 1 })).map((d) => d.id),
      ['c'],
    )
    assert.equal(
      (await store.list({ status: 'applying', limit: 10 })).map((d) => d.id),
      ['a'],
    )
    assert.equal(await store.countByStatus(), { queued: 2, applying: 1, applied: 0, failed: 0, superseded: 0 })
  })

  contract('concurrent claimers never share a delivery', async (context) => {
    const store = storeOf(context)
    const ids = Array.from({ length: 30 }, (_, i) => `d${String(i).padStart(2, '0')}`)
    await store.acceptBatch(ids.map((id, i) => delivery(id, at + i)))
    const claimed: string[] = []
    const claimer = async (owner: string) => {
      for (;;) {
        const d = await store.claim(owner, at + 1000, 60_000)
        if (!d) return
        claimed.push(d.id)
        await store.finish(d.id, owner, 'applied', { startedAt: at, finishedAt: at }, at + 1000)
      }
    }
    await Promise.all(['w1', 'w2', 'w3', 'w4'].map(claimer))
    assert.equal([...claimed].sort(), ids)
  })

  contract('a create intent is recorded only by the lease holder, delays a release, and ends with the delivery', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([delivery('d1'), delivery('d2')])
    await store.claim('w1#1', at, 1000)
    assert.is(await store.recordCreateIntent('d1', 'w1#1', at + 30_000, at + 1), true)
    assert.is((await store.get('d1'))!.createInFlightUntil, at + 30_000)
    // The lease expires and another attempt takes over: it sees the earlier create, and the stale one is fenced out.
    const taken = await store.claim('w2#1', at + 2000, 60_000)
    assert.is(taken!.id, 'd1')
    assert.is(taken!.createInFlightUntil, at + 30_000)
    assert.is(await store.recordCreateIntent('d1', 'w1#1', at + 40_000, at + 2001), false, 'a stale attempt records no intent')
    assert.is(await store.retryLater('d1', 'w1#1', at + 2002, 'late', at + 2002), false, 'nor a retry')
    assert.is(await store.release('d1', 'w1#1', at + 2002), false, 'nor a release')
    assert.is((await store.get('d1'))!.createInFlightUntil, at + 30_000)
    // Given back (shutdown) while that create may run: not due before it cannot be running any more.
    assert.ok(await store.release('d1', 'w2#1', at + 3000))
    assert.is((await store.get('d1'))!.nextAttemptAt, at + 30_000)
    assert.is((await store.claim('w3#1', at + 29_999, 60_000))?.id, 'd2')
    assert.is(await store.claim('w3#2', at + 29_999, 60_000), undefined)
    const again = await store.claim('w3#3', at + 30_000, 60_000)
    assert.is(again!.id, 'd1')
    assert.ok(await store.finish('d1', 'w3#3', 'applied', { startedAt: at, finishedAt: at }, at + 30_001))
    assert.is((await store.get('d1'))!.createInFlightUntil, null)
    // A release without a recorded create is due at once.
    assert.ok(await store.release('d2', 'w3#1', at + 30_002))
    assert.is((await store.get('d2'))!.nextAttemptAt, at + 30_002)
  })

  contract('deliveries of one account are claimed in the order they were accepted, one at a time', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([
      scoped('a1', at, 'acme', '["A"]'),
      scoped('a2', at + 1, 'acme', '["B"]'),
      scoped('b1', at + 2, 'other', '["A"]'),
      delivery('free', at + 3),
    ])
    assert.is((await store.claim('w1', at + 10, 1000))!.id, 'a1')
    // a2 waits for a1 (same account); the other account and a delivery without one are not held up.
    assert.is((await store.claim('w2', at + 10, 1000))!.id, 'b1')
    assert.is((await store.claim('w3', at + 10, 1000))!.id, 'free')
    assert.is(await store.claim('w4', at + 10, 1000), undefined)
    // a1 waits for a retry: a2 still waits (it was accepted after a1).
    assert.ok(await store.retryLater('a1', 'w1', at + 500, 'HTTP 503', at + 11))
    assert.is(await store.claim('w4', at + 100, 1000), undefined)
    const retried = await store.claim('w4', at + 500, 1000)
    assert.is(retried!.id, 'a1')
    assert.ok(await store.finish('a1', 'w4', 'applied', { startedAt: at, finishedAt: at }, at + 501))
    assert.is((await store.claim('w5', at + 502, 1000))!.id, 'a2')
  })

  contract('an expired lease keeps its place: later deliveries of the account wait for its takeover', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([scoped('a1', at, 'acme', '["A"]'), scoped('a2', at + 1, 'acme', '["B"]')])
    await store.claim('w1', at + 1, 100)
    assert.is((await store.claim('w2', at + 500, 1000))!.id, 'a1', 'the expired lease first')
    assert.is(await store.claim('w3', at + 500, 1000), undefined)
  })

  contract('a newer delivery for the same connectors supersedes the queued older one', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([scoped('old', at, 'acme', '["A","B"]'), scoped('other', at + 1, 'acme', '["A"]'), scoped('elsewhere', at + 2, 'beta', '["A","B"]')])
    const [newer] = await store.acceptBatch([scoped('new', at + 10, 'acme', '["A","B"]')])
    assert.is(newer!.kind, 'accepted')
    assert.equal(newer!.superseded, ['old'])
    const old = await store.get('old')
    assert.is(old!.status, 'superseded')
    assert.is(old!.outcome!.supersededBy, 'new')
    assert.equal((await store.list({ status: 'superseded', limit: 10 })).map((d) => d.id), ['old'])
    for (const id of ['other', 'elsewhere']) assert.is((await store.get(id))!.status, 'queued', id)
    assert.is((await store.countByStatus()).superseded, 1)
    // Never claimed: the account's queue is other, then new.
    assert.is((await store.claim('w1', at + 20, 1000))!.id, 'other')
    assert.is((await store.claim('w1', at + 20, 1000))!.id, 'elsewhere')
    assert.is(await store.claim('w1', at + 20, 1000), undefined)
    assert.ok(await store.finish('other', 'w1', 'applied', { startedAt: at, finishedAt: at }, at + 21))
    assert.is((await store.claim('w1', at + 22, 1000))!.id, 'new')
  })

  contract('out of order: a delivery received before a queued newer one is superseded at once; an applying one is not touched', async (context) => {
    const store = storeOf(context)
    await store.acceptBatch([scoped('running', at, 'acme', '["A"]')])
    await store.claim('w1', at + 1, 60_000)
    await store.acceptBatch([scoped('newest', at + 20, 'acme', '["A"]')])
    // Arrives last but was received (and is ordered) before `newest`: obsolete on arrival.
    const [late] = await store.acceptBatch([scoped('late', at + 10, 'acme', '["A"]')])
    assert.is(late!.kind, 'accepted')
    assert.is(late!.delivery.status, 'superseded')
    assert.is(late!.delivery.outcome!.supersededBy, 'newest')
    assert.equal(late!.superseded, ['late'])
    assert.is((await store.get('running'))!.status, 'applying', 'the apply in flight goes on; the newer one waits for it')
    assert.is(await store.claim('w2', at + 30, 60_000), undefined)
    assert.ok(await store.finish('running', 'w1', 'applied', { startedAt: at, finishedAt: at }, at + 31))
    assert.is((await store.claim('w2', at + 32, 60_000))!.id, 'newest')
    // Two of one group: the first is superseded by the second.
    const pair = await store.acceptBatch([scoped('p1', at + 40, 'acme', '["P"]'), scoped('p2', at + 41, 'acme', '["P"]')])
    assert.equal(pair.map((r) => [r.delivery.id, r.delivery.status]), [['p1', 'superseded'], ['p2', 'queued']])
  })

  contract('ping answers while open and fails once closed', async (context) => {
    const store = storeOf(context)
    await store.ping()
    await store.close()
    let failed = false
    await store.ping().catch(() => (failed = true))
    assert.ok(failed)
    context.store = undefined
  })

  contract.run()
}
