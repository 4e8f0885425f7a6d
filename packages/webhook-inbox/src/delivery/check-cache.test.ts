import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createCheckCache } from './check-cache.js'

test('a body is compiled once per day; another body or another day compiles again', () => {
  const cache = createCheckCache<string>()
  let computed = 0
  const compute = () => `verdict ${++computed}`
  const day = new Date('2026-11-22T10:00:00Z')
  assert.is(cache.get('{"a":1}', day, compute), 'verdict 1')
  assert.is(cache.get('{"a":1}', new Date('2026-11-22T23:59:59Z'), compute), 'verdict 1')
  assert.is(cache.get('{"a":2}', day, compute), 'verdict 2')
  assert.is(cache.get('{"a":1}', new Date('2026-11-23T00:00:00Z'), compute), 'verdict 3')
})

test('the least recently used entry goes first when full', () => {
  const cache = createCheckCache<string>(2)
  const day = new Date('2026-11-22T10:00:00Z')
  let computed = 0
  const compute = () => `v${++computed}`
  cache.get('a', day, compute)
  cache.get('b', day, compute)
  cache.get('a', day, compute) // a is now the most recent
  cache.get('c', day, compute) // evicts b
  assert.is(cache.size(), 2)
  assert.is(cache.get('a', day, compute), 'v1')
  assert.is(cache.get('b', day, compute), 'v4')
})

test.run()
