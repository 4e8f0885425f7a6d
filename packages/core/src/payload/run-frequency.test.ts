import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { formatDuration, runFrequencyMinutes, runFrequencyProblem, sameRunFrequency, toHoursMinutes, wholeDaysRoundedUp } from './run-frequency.js'

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

test('run frequencies compare as durations, in any form Qualys echoes, and as Qualys rounds them (2.14)', () => {
  assert.is(runFrequencyMinutes({ hours: 1, minutes: 30 }), 90)
  assert.is(runFrequencyMinutes('60'), 60)
  assert.is(runFrequencyMinutes('1d'), 1440)
  assert.is(runFrequencyMinutes(null), undefined)
  assert.ok(sameRunFrequency({ hours: 1, minutes: 0 }, '60'))
  assert.ok(sameRunFrequency({ hours: 1, minutes: 0 }, { hours: 1, minutes: 0 }))
  assert.ok(sameRunFrequency({ hours: 4, minutes: 0 }, '1440'), '4 h rounded up to a day')
  assert.ok(sameRunFrequency({ hours: 25, minutes: 0 }, 2880))
  assert.not.ok(sameRunFrequency({ hours: 25, minutes: 0 }, '1440'))
  assert.not.ok(sameRunFrequency({ hours: 4, minutes: 0 }, '120'))
  assert.not.ok(sameRunFrequency({ hours: 48, minutes: 0 }, '1440'), 'a whole-day value is never rounded down')
  assert.is(wholeDaysRoundedUp('4h'), 1)
  assert.is(wholeDaysRoundedUp('1d1m'), 2)
  assert.is(wholeDaysRoundedUp('2d'), undefined)
})


test('formatDuration writes minutes back as a duration that toHoursMinutes reads as the same minutes', () => {
  assert.equal([1, 30, 60, 90, 240, 1440, 1500, 2161, 10080].map(formatDuration), ['1m', '30m', '1h', '1h30m', '4h', '1d', '1d1h', '1d12h1m', '7d'])
  for (let m = 1; m <= 10080; m += 7) {
    const { hours, minutes } = toHoursMinutes(formatDuration(m))
    assert.is(hours * 60 + minutes, m)
  }
  assert.throws(() => formatDuration(0), /positive whole number/)
})

test.run()
