import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runFrequencyProblem, toHoursMinutes } from './run-frequency.js'

test('durations become the seed {hours, minutes} shape', () => {
  assert.equal(toHoursMinutes('1h'), { hours: 1, minutes: 0 })
  assert.equal(toHoursMinutes('90m'), { hours: 1, minutes: 30 })
  assert.equal(toHoursMinutes('1d12h'), { hours: 36, minutes: 0 })
  assert.equal(toHoursMinutes({ hours: 6, minutes: 30 }), { hours: 6, minutes: 30 })
})

test('values Qualys rejects are reported: zero, over 7 days, minutes over 59', () => {
  assert.is(runFrequencyProblem('1h'), undefined)
  assert.is(runFrequencyProblem('7d'), undefined)
  assert.match(runFrequencyProblem('0m')!, /zero/)
  assert.match(runFrequencyProblem('8d')!, /over the 7 days/)
  assert.match(runFrequencyProblem('7d1m')!, /over the 7 days/)
  assert.match(runFrequencyProblem({ hours: 0, minutes: 0 })!, /zero/)
  assert.match(runFrequencyProblem({ hours: 1, minutes: 75 })!, /minutes must be 0-59/)
})

test.run()
