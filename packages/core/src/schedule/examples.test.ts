import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSchedule } from './compile.js'
import { explainSchedule, formatSchedule } from './format.js'
import { nextRuns } from './next-runs.js'
import type { Schedule } from './types.js'

/** The examples of docs/schedule-language.md: the reference `now` is 2024-06-12T09:00:00Z, a Wednesday. */
const now = new Date('2024-06-12T09:00:00Z')
const Examples = suite('schedule language examples')

const base: Schedule = { recurrence: 'WEEKLY', daysOfWeek: [], startTime: '', timezone: '', startDate: null, prefix: null, profile: null }

const compiled: [string, Partial<Schedule>, string[]][] = [
  ['scan weekly on MON,WED at 12:00 Asia/Colombo', { daysOfWeek: ['MON', 'WED'], startTime: '12:00', timezone: 'Asia/Colombo' }, []],
  ['every tuesday and friday at 6:15pm Europe/Madrid', { daysOfWeek: ['TUE', 'FRI'], startTime: '18:15', timezone: 'Europe/Madrid' }, []],
  ['weekdays at 07:45 in Asia/Singapore', { daysOfWeek: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startTime: '07:45', timezone: 'Asia/Singapore' }, []],
  ['daily at midnight UTC prefix nightly-edge', { recurrence: 'DAILY', startTime: '00:00', timezone: 'UTC', prefix: 'nightly-edge' }, []],
  ['on sat,sun at 11am Africa/Nairobi using profile "PCI Scan"', { daysOfWeek: ['SUN', 'SAT'], startTime: '11:00', timezone: 'Africa/Nairobi', profile: { title: 'PCI Scan' } }, []],
  ['daily at 03:10 Asia/Saigon', { recurrence: 'DAILY', startTime: '03:10', timezone: 'Asia/Ho_Chi_Minh' }, ['W102']],
  ['weekly on thu at 09:00 UTC starting 2024-07-04', { daysOfWeek: ['THU'], startTime: '09:00', timezone: 'UTC', startDate: '07/04/2024' }, []],
  ['weekly on thu at 09:00 UTC starting next thursday', { daysOfWeek: ['THU'], startTime: '09:00', timezone: 'UTC', startDate: '06/13/2024' }, []],
  ['daily at 02:20 Europe/Berlin', { recurrence: 'DAILY', startTime: '02:20', timezone: 'Europe/Berlin' }, ['W104', 'W103']],
]

for (const [phrase, fields, codes] of compiled) {
  Examples(phrase, () => {
    const result = compileSchedule(phrase, { now })
    assert.ok(result.ok, JSON.stringify(result.diagnostics))
    if (!result.ok) return
    assert.equal(result.schedule, { ...base, ...fields })
    assert.equal(result.diagnostics.map((d) => d.code), codes)
  })
}

Examples('Europe/Berlin: the overlap and the gap name their dates and intervals', () => {
  const [overlap, gap] = compileSchedule('daily at 02:20 Europe/Berlin', { now }).diagnostics
  assert.match(overlap!.message, /2024-10-27/)
  assert.match(overlap!.message, /02:00-02:59/)
  assert.match(gap!.message, /2025-03-30/)
  assert.match(gap!.message, /02:00-02:59/)
})

const failing: [string, string][] = [
  ['every 3 weeks on mon at 10:00 UTC', 'DSL010'],
  ['weekly on wed at 12:00 Europe/Lisbn', 'DSL040'],
  ['daily at 8 Asia/Tokyo', 'DSL021'],
]
for (const [phrase, code] of failing) {
  Examples(phrase, () => {
    const result = compileSchedule(phrase, { now })
    assert.not.ok(result.ok)
    assert.equal(result.diagnostics.map((d) => d.code), [code])
  })
}

Examples('the issue headline phrase', () => {
  const result = compileSchedule('scan weekly on MON,WED at 12:00 Asia/Colombo starting 2023-10-05 prefix custom-scan using profile "Initial Options"', { now: new Date('2023-10-01T00:00:00Z') })
  assert.ok(result.ok)
  if (!result.ok) return
  assert.equal(result.schedule, { recurrence: 'WEEKLY', daysOfWeek: ['MON', 'WED'], startTime: '12:00', timezone: 'Asia/Colombo', startDate: '10/05/2023', prefix: 'custom-scan', profile: { title: 'Initial Options' } })
  assert.equal(result.diagnostics, [])
  assert.is(explainSchedule(result.schedule), 'Weekly on Monday and Wednesday at 12:00 in Asia/Colombo, starting 2023-10-05, scan prefix "custom-scan", option profile "Initial Options"')
  assert.is(formatSchedule(result.schedule), 'weekly on mon,wed at 12:00 Asia/Colombo starting 2023-10-05 prefix custom-scan using profile "Initial Options"')
  // 2023-10-05 is a Thursday: the first run is Monday 2023-10-09, 12:00 +05:30.
  assert.equal(nextRuns(result.schedule, { from: new Date('2023-10-01T00:00:00Z'), count: 2 }).map((d) => d.toISOString()), ['2023-10-09T06:30:00.000Z', '2023-10-11T06:30:00.000Z'])
})

Examples('free clause order, case, spacing and typographic characters', () => {
  const a = compileSchedule('at 07:00 on mon,thu weekly in America/Sao_Paulo', { now })
  assert.ok(a.ok)
  const b = compileSchedule('  MON\u2013WED  AT 7:00\u00a0AM  america/sao_paulo ', { now })
  assert.ok(b.ok)
  if (b.ok) assert.equal([b.schedule.daysOfWeek, b.schedule.startTime, b.schedule.timezone], [['MON', 'TUE', 'WED'], '07:00', 'America/Sao_Paulo'])
})

Examples('profile forms: an INT is an id, a QUOTED number is a title, a bare label is a title', () => {
  const profile = (p: string) => {
    const r = compileSchedule(`daily at 09:00 UTC using profile ${p}`, { now })
    return r.ok ? r.schedule.profile : r.diagnostics
  }
  assert.equal(profile('240981'), { id: 240981 })
  assert.equal(profile('"123456"'), { title: '123456' })
  assert.equal(profile('PCI-Scan'), { title: 'PCI-Scan' })
})

Examples('relative dates resolve in the schedule zone', () => {
  // 2024-06-12T20:00Z is already Thursday 2024-06-13 in Asia/Tokyo.
  const late = new Date('2024-06-12T20:00:00Z')
  const tokyo = compileSchedule('daily at 09:00 Asia/Tokyo starting today', { now: late })
  const utc = compileSchedule('daily at 09:00 UTC starting today', { now: late })
  assert.ok(tokyo.ok && utc.ok)
  if (tokyo.ok && utc.ok) {
    assert.is(tokyo.schedule.startDate, '06/13/2024')
    assert.is(utc.schedule.startDate, '06/12/2024')
  }
  const tomorrow = compileSchedule('daily at 09:00 UTC starting tomorrow', { now })
  if (tomorrow.ok) assert.is(tomorrow.schedule.startDate, '06/13/2024')
  // `next wednesday` on a Wednesday is a week later (strictly after today).
  const nextWed = compileSchedule('daily at 09:00 UTC starting next wednesday', { now })
  if (nextWed.ok) assert.is(nextWed.schedule.startDate, '06/19/2024')
  assert.ok(tomorrow.ok && nextWed.ok)
})

Examples('month-name dates are read by the compiler, strictly', () => {
  for (const phrase of ['daily at 09:00 UTC starting July 4, 2024', 'daily at 09:00 UTC starting 4 July 2024', 'daily at 09:00 UTC starting Jul 4th 2024']) {
    const r = compileSchedule(phrase, { now })
    assert.ok(r.ok, phrase)
    if (r.ok) assert.is(r.schedule.startDate, '07/04/2024', phrase)
  }
  const bad = compileSchedule('daily at 09:00 UTC starting February 30, 2024', { now })
  assert.equal(bad.diagnostics.map((d) => d.code), ['DSL050'])
})

Examples('a default zone fills in only when the phrase names none', () => {
  const r = compileSchedule('daily at 09:00', { now, defaultZone: 'asia/calcutta' })
  assert.ok(r.ok)
  if (r.ok) assert.is(r.schedule.timezone, 'Asia/Kolkata')
  const own = compileSchedule('daily at 09:00 Europe/Kyiv', { now, defaultZone: 'UTC' })
  if (own.ok) assert.is(own.schedule.timezone, 'Europe/Kyiv')
  assert.ok(own.ok)
})

Examples('tzdb canonical names', () => {
  const zone = (z: string) => {
    const r = compileSchedule(`daily at 09:00 ${z}`, { now })
    return r.ok ? [r.schedule.timezone, r.diagnostics.map((d) => d.code)] : r.diagnostics.map((d) => d.code)
  }
  assert.equal(zone('Asia/Calcutta'), ['Asia/Kolkata', ['W102']])
  assert.equal(zone('Europe/Kiev'), ['Europe/Kyiv', ['W102']])
  assert.equal(zone('US/Eastern'), ['America/New_York', ['W102']])
  assert.equal(zone('Etc/UTC'), ['UTC', []])
  assert.equal(zone('GMT'), ['UTC', []])
  assert.equal(zone('utc'), ['UTC', []])
  assert.equal(zone('europe/berlin'), ['Europe/Berlin', []])
  // Merged in the data but named for a place zone.tab lists: keep the place.
  assert.equal(zone('Europe/Oslo'), ['Europe/Oslo', []])
  assert.equal(zone('Singapore'), ['Asia/Singapore', ['W102']])
  assert.equal(zone('Hongkong'), ['Asia/Hong_Kong', ['W102']])
})

Examples.run()
