import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { connectionCap, defaultMaxConnections, reservedDescriptors } from './connection-limits.js'

test('the default cap fits the file limit with the reserve left over; a configured cap that does not is refused', () => {
  assert.is(connectionCap(undefined, 1_048_576), defaultMaxConnections)
  assert.is(connectionCap(undefined, 1024), 1024 - reservedDescriptors)
  assert.is(connectionCap(undefined, undefined), defaultMaxConnections)
  assert.is(connectionCap(5000, 20_000), 5000)
  assert.throws(
    () => connectionCap(20_000, 20_000),
    (error: Error) => error.message.startsWith('listen.maxConnections: 20000 connections would leave fewer than 256') && error.message.includes('at most 19744') && error.message.includes('ulimit -n'),
  )
})

test.run()
