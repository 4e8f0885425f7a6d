import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { closestWords, editDistance } from './distance.js'

test('counts insertions, deletions, substitutions and transpositions as one edit each', () => {
  assert.is(editDistance('weekly', 'weekly'), 0)
  assert.is(editDistance('wekly', 'weekly'), 1)
  assert.is(editDistance('weekyl', 'weekly'), 1)
  assert.is(editDistance('mondy', 'monday'), 1)
  assert.is(editDistance('kitten', 'sitting'), 3)
  assert.is(editDistance('', 'abc'), 3)
})

test('stops early past the limit', () => {
  assert.ok(editDistance('abcdefgh', 'zyxwvuts', 2) > 2)
})

test('suggests the closest candidates, best first, case-insensitively', () => {
  assert.equal(closestWords('WEKLY', ['daily', 'weekly', 'weekday']), ['weekly'])
  assert.equal(closestWords('shedule', ['schedule', 'compile', 'sim']), ['schedule'])
  assert.equal(closestWords('zzz', ['schedule', 'compile']), [])
})

test.run()
