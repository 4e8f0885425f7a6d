import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { monthCalendar, shiftMonth } from './month-calendar.js'

test('the month grid runs Monday to Sunday and covers the whole month', () => {
  const cal = monthCalendar({ year: 2027, month: 3 }, { zone: 'America/New_York', runs: [], dst: [] })
  assert.is(cal.title, 'March 2027')
  // 1 March 2027 is a Monday, 31 March a Wednesday: five weeks, the last ending in April.
  assert.is(cal.weeks.length, 5)
  assert.is(cal.weeks[0]![0]!.date, '2027-03-01')
  assert.is(cal.weeks[4]![6]!.date, '2027-04-04')
  assert.is(cal.weeks[4]![6]!.inMonth, false)
  assert.is(cal.weeks.flat().filter((c) => c.inMonth).length, 31)
})

test('a run sits on its day in the schedule zone, with the viewer clock beside it', () => {
  // 03:30 UTC on 15 March 2027 is still 14 March, 23:30, in New York (EDT, UTC-4).
  const run = new Date('2027-03-15T03:30:00Z')
  const cal = monthCalendar({ year: 2027, month: 3 }, { zone: 'America/New_York', viewerZone: 'Asia/Tokyo', runs: [run], dst: [] })
  const cells = cal.weeks.flat()
  const day14 = cells.find((c) => c.date === '2027-03-14')!
  assert.equal(day14.runs.map((r) => [r.zoneTime, r.localTime, r.localDate]), [['23:30', '12:30', '2027-03-15']])
  assert.is(cells.find((c) => c.date === '2027-03-15')!.runs.length, 0)
})

test('DST marks land on their day', () => {
  const mark = { kind: 'gap' as const, date: '2027-03-14', code: 'W103', text: '02:30 does not exist' }
  const cal = monthCalendar({ year: 2027, month: 3 }, { zone: 'America/New_York', runs: [], dst: [mark] })
  const marked = cal.weeks.flat().filter((c) => c.dst.length > 0)
  assert.equal(marked.map((c) => c.date), ['2027-03-14'])
  const withToday = monthCalendar({ year: 2027, month: 3 }, { zone: 'America/New_York', runs: [], dst: [], today: '2027-03-02' })
  assert.equal(withToday.weeks.flat().filter((c) => c.today).map((c) => c.date), ['2027-03-02'])
})

test('months shift across year ends', () => {
  assert.equal(shiftMonth({ year: 2026, month: 12 }, 1), { year: 2027, month: 1 })
  assert.equal(shiftMonth({ year: 2027, month: 1 }, -1), { year: 2026, month: 12 })
  // February 2021 starts on a Monday and fills exactly four weeks.
  assert.is(monthCalendar({ year: 2021, month: 2 }, { zone: 'UTC', runs: [], dst: [] }).weeks.length, 4)
})

test('runs on the first and last day of the grid land there, even in zones 14 hours from UTC; later runs stay off', () => {
  // The March 2027 grid runs from Monday 1 March to Sunday 4 April.
  const early = monthCalendar({ year: 2027, month: 3 }, { zone: 'Pacific/Kiritimati', runs: [new Date('2027-02-28T10:30:00Z')], dst: [] })
  assert.equal(early.weeks[0]![0]!.runs.map((r) => r.zoneTime), ['00:30'])
  const late = monthCalendar({ year: 2027, month: 3 }, { zone: 'Etc/GMT+12', runs: [new Date('2027-04-05T11:30:00Z'), new Date('2027-04-06T11:30:00Z')], dst: [] })
  assert.equal(late.weeks[4]![6]!.runs.map((r) => r.zoneTime), ['23:30'])
  assert.is(late.weeks.flat().flatMap((c) => c.runs).length, 1)
})

test.run()
