import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { createRateBudget, describeWait, estimateBudget, type BudgetWait } from './rate-budget.js'

const answer = (status: number, headers: Record<string, string>) => ({ status, headers, body: '{}' })
const t = suite('the gateway budget')

t('the budget is what the last answer stated, less the calls sent since', async () => {
  let now = 1_000_000
  const budget = createRateBudget({ now: () => now })
  assert.equal(budget.state(), {}, 'nothing stated yet')
  await budget.acquire()
  await budget.acquire()
  budget.observe(answer(200, { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '5', 'x-ratelimit-window-sec': '10', 'x-ratelimit-reset': '7' }))
  assert.equal(budget.state(), { limit: 20, remaining: 4, windowSec: 10, resetMs: 7000 }, 'one call still out')
  now += 2000
  budget.release()
  assert.equal(budget.state(), { limit: 20, remaining: 5, windowSec: 10, resetMs: 5000 })
})

t('with nothing left and the reset passed, one call probes the window; the others wait for its answer', async () => {
  let now = 0
  const budget = createRateBudget({ now: () => now })
  await budget.acquire()
  budget.observe(answer(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }))
  now = 5000 // past the reset: no timer is needed
  await budget.acquire()
  let second = false
  const waiting = budget.acquire().then(() => (second = true))
  await new Promise((resolve) => setImmediate(resolve))
  assert.is(second, false, 'the second call waits for the probe')
  budget.observe(answer(200, { 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1' }))
  await waiting
  assert.is(second, true)
})

t('blank limit headers: calls go out until a 429, whose reset is then waited for; a wait is reported once', async () => {
  const waits: BudgetWait[] = []
  const budget = createRateBudget({ account: 'acme3ab1', onWait: (w) => waits.push(w) })
  await budget.acquire()
  budget.observe(answer(200, { 'x-ratelimit-remaining': '', 'x-ratelimit-reset': '3600' }))
  await budget.acquire()
  budget.observe(answer(429, { 'x-ratelimit-remaining': '', 'x-ratelimit-reset': '3600' }))
  assert.ok(budget.waitsOut())
  const controller = new AbortController()
  const first = budget.acquire(controller.signal)
  const second = budget.acquire(controller.signal)
  assert.equal(waits.map((w) => [w.account, w.cause, Math.round(w.waitMs / 1000)]), [['acme3ab1', 'refused', 3600]])
  // Interrupted: both waiters end at once, and the hour-long timer with them (the test would hang otherwise).
  const outcomes = Promise.allSettled([first, second])
  controller.abort(new Error('interrupted'))
  assert.equal((await outcomes).map((o) => o.status), ['rejected', 'rejected'])
})

t('a wait past maxWaitMs is not waited for: the call goes out and its 429 is the answer', async () => {
  const budget = createRateBudget({ maxWaitMs: 0 })
  await budget.acquire()
  budget.observe(answer(429, { 'retry-after': '30' }))
  assert.is(budget.waitsOut(), false)
  await budget.acquire()
})

t('estimates: within the budget none; beyond it the reset plus a window per further limit of calls', () => {
  assert.is(estimateBudget(10, { limit: 20, remaining: 19, windowSec: 10, resetMs: 9000 }), undefined)
  assert.is(estimateBudget(10, {}), undefined, 'nothing stated: no estimate')
  assert.equal(estimateBudget(30, { limit: 20, remaining: 19, windowSec: 10, resetMs: 9500 }), { calls: 30, remaining: 19, limit: 20, windowSec: 10, waitSec: 10 })
  assert.equal(estimateBudget(500, { limit: 300, remaining: 298, windowSec: 3600, resetMs: 3_500_000 }), { calls: 500, remaining: 298, limit: 300, windowSec: 3600, waitSec: 3500 })
  assert.equal(estimateBudget(900, { limit: 300, remaining: 0, windowSec: 3600, resetMs: 60_000 }), { calls: 900, remaining: 0, limit: 300, windowSec: 3600, waitSec: 60 + 2 * 3600 })
  assert.equal(estimateBudget(5, { remaining: 1 }), { calls: 5, remaining: 1 }, 'no window stated: no time')
  assert.equal([describeWait(9), describeWait(3500), describeWait(7260)], ['9 s', '59 min', '2 h 1 min'])
})

t.run()
