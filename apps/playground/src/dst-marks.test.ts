import { compileSchedule } from '@scanplan/core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { dstMarks } from './dst-marks.js'

const now = new Date('2026-11-22T10:00:00Z')

test("the compiler's gap and overlap warnings become marks on their days, with the warning's own text", () => {
  const result = compileSchedule('daily at 02:20 Europe/Berlin', { now })
  assert.ok(result.ok)
  const marks = dstMarks(result.diagnostics)
  const byDate = [...marks].sort((a, b) => a.date.localeCompare(b.date))
  assert.equal(
    byDate.map((m) => [m.kind, m.code, m.date]),
    [
      ['gap', 'W103', '2027-03-28'],
      ['overlap', 'W104', '2027-10-31'],
    ],
  )
  for (const m of marks) assert.is(m.text, result.diagnostics.find((d) => d.code === m.code)!.message)
})

test('a weekly schedule that avoids the transition weekday, and other diagnostics, give no marks', () => {
  const weekly = compileSchedule('weekly on mon at 02:30 America/New_York', { now })
  assert.ok(weekly.ok)
  assert.equal(dstMarks(weekly.diagnostics), [])
  const alias = compileSchedule('daily at 03:10 Asia/Saigon', { now })
  assert.ok(alias.ok && alias.diagnostics.some((d) => d.code === 'W102'))
  assert.equal(dstMarks(alias.diagnostics), [])
})

test('a first run inside a gap (DSL052) marks that day as a gap, beside the later gap a year on', () => {
  const result = compileSchedule('daily at 02:30 America/New_York starting 2027-03-14', { now })
  assert.not.ok(result.ok)
  assert.equal(
    dstMarks(result.diagnostics).map((m) => [m.kind, m.code, m.date]),
    [
      ['gap', 'DSL052', '2027-03-14'],
      ['gap', 'W103', '2028-03-12'],
    ],
  )
})

test.run()
