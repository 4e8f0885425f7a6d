import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createConcurrencyLimit } from './concurrency-limit.js'

test('a waiter whose signal aborts leaves the queue unrun; the next one takes the turn', async () => {
  const limit = createConcurrencyLimit(1)
  const ran: string[] = []
  let finishFirst!: () => void
  const first = limit.run(() => new Promise<void>((resolve) => (finishFirst = resolve)).then(() => ran.push('first')))
  const stop = new AbortController()
  const aborted = limit.run(async () => ran.push('aborted'), stop.signal).catch((error: Error) => error.message)
  const third = limit.run(async () => ran.push('third'))
  stop.abort(new Error('gave up waiting'))
  assert.is(await aborted, 'gave up waiting')
  finishFirst()
  await Promise.all([first, third])
  assert.equal(ran, ['first', 'third'])
  // A signal already aborted is refused even with a turn free.
  const refused = await limit.run(async () => ran.push('late'), AbortSignal.abort(new Error('already'))).catch((error: Error) => error.message)
  assert.is(refused, 'already')
  assert.equal(ran, ['first', 'third'])
})

test.run()
