import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSchedule } from './compile.js'
import { formatSchedule } from './format.js'

const now = new Date('2024-06-12T09:00:00Z')
const Labels = suite('schedule labels: exactly one LABEL after prefix/named/profile (docs/schedule-language.md#grammar)')

/** Labels that are also words of the grammar: after the introducer each is a label, never a clause. */
const KEYWORD_LIKE = ['weekend', 'weekends', 'weekdays', 'daily', 'weekly', 'every', 'monday', 'mon', 'at', 'on', 'in', 'UTC', 'gmt', 'noon', 'midnight', 'starting', 'today', 'tomorrow', 'prefix', 'named', 'profile', 'using', 'scan', '2024-01-01', 'biweekly', 'monthly', 'hourly', 'IST']

for (const label of KEYWORD_LIKE) {
  Labels(`prefix ${label}`, () => {
    const phrase = `weekly on mon at 09:00 UTC prefix ${label}`
    const r = compileSchedule(phrase, { now })
    assert.ok(r.ok, `${phrase}: ${JSON.stringify(r.diagnostics)}`)
    if (!r.ok) return
    assert.is(r.schedule.prefix, label)
    assert.equal([r.schedule.recurrence, r.schedule.daysOfWeek, r.schedule.startTime, r.schedule.timezone], ['WEEKLY', ['MON'], '09:00', 'UTC'])
    assert.equal(r.diagnostics, [])
    const again = compileSchedule(formatSchedule(r.schedule), { now })
    assert.ok(again.ok)
    if (again.ok) assert.equal(again.schedule, r.schedule, formatSchedule(r.schedule))
  })

  Labels(`using profile ${label}`, () => {
    const r = compileSchedule(`daily at 09:00 UTC using profile ${label}`, { now })
    assert.ok(r.ok, JSON.stringify(r.diagnostics))
    if (r.ok) assert.equal(r.schedule.profile, { title: label })
  })
}

Labels('named works like prefix, also first in the phrase', () => {
  const first = compileSchedule('named monday every friday at 18:00 Europe/Madrid', { now })
  assert.ok(first.ok, JSON.stringify(first.diagnostics))
  if (first.ok) assert.equal([first.schedule.prefix, first.schedule.daysOfWeek], ['monday', ['FRI']])
  const reported = compileSchedule('prefix weekend daily at 09:00 UTC', { now })
  assert.ok(reported.ok, JSON.stringify(reported.diagnostics))
  if (reported.ok) assert.equal([reported.schedule.prefix, reported.schedule.recurrence], ['weekend', 'DAILY'])
})

Labels('a keyword-like label and a keyword-like profile title in one phrase', () => {
  const r = compileSchedule('on sat,sun at 11am Africa/Nairobi prefix weekend using profile weekly', { now })
  assert.ok(r.ok, JSON.stringify(r.diagnostics))
  if (r.ok) assert.equal([r.schedule.daysOfWeek, r.schedule.prefix, r.schedule.profile], [['SUN', 'SAT'], 'weekend', { title: 'weekly' }])
})

Labels('the label is one token: what follows it is read as clauses again', () => {
  // `weekend` is the label; `on` after it opens the day clause.
  const r = compileSchedule('weekly prefix weekend on sat at 10:00 UTC', { now })
  assert.ok(r.ok, JSON.stringify(r.diagnostics))
  if (r.ok) assert.equal([r.schedule.prefix, r.schedule.daysOfWeek], ['weekend', ['SAT']])
})

Labels('still reported: nothing after the introducer, and an unquoted label with spaces', () => {
  const bare = compileSchedule('daily at 09:00 UTC named', { now })
  assert.equal(bare.diagnostics.map((d) => d.code), ['DSL070'])
  const spaced = compileSchedule('daily at 09:00 UTC prefix weekend edge', { now })
  assert.equal(spaced.diagnostics.map((d) => [d.code, d.message]), [['DSL070', 'a label with spaces must be quoted']])
  assert.match(spaced.diagnostics[0]!.help ?? '', /`prefix "weekend edge"`/)
})

Labels.run()
