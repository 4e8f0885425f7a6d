import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSchedule } from './compile.js'
import { loadFreeDateReader } from './free-dates.js'
import { compileScheduleReadingDates } from './reading-dates.js'

const now = new Date('2026-12-04T09:00:00Z')
const readDate = await loadFreeDateReader()

function start(phrase: string, at = now) {
  const r = compileSchedule(phrase, { now: at, readDate })
  if (!r.ok) throw new Error(`${phrase}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`)
  return { date: r.schedule.startDate, notes: r.diagnostics.filter((d) => d.code === 'W110').map((d) => d.message) }
}

test('free-form dates the fast grammar does not read, shown back as read', () => {
  assert.equal(start('daily at 09:00 UTC starting Jan 5th'), { date: '01/05/2027', notes: ['`Jan 5th` read as 2027-01-05 (relative to today)'] })
  assert.equal(start('daily at 09:00 UTC starting the 5th of January 2027'), { date: '01/05/2027', notes: ['`the 5th of January 2027` read as 2027-01-05'] })
  assert.equal(start('daily at 09:00 UTC starting in two weeks'), { date: '12/18/2026', notes: ['`in two weeks` read as 2026-12-18 (relative to today)'] })
  assert.equal(start('weekly on mon at 09:00 UTC starting first monday of next month'), { date: '01/04/2027', notes: ['`first monday of next month` read as 2027-01-04 (relative to today)'] })
  assert.equal(start('daily at 09:00 UTC starting last friday of march 2027').date, '03/26/2027')
})

test('a free-form date stops before the clauses after it', () => {
  const r = compileSchedule('daily at 09:00 starting Jan 5th Asia/Colombo prefix nightly', { now, readDate })
  assert.ok(r.ok)
  if (!r.ok) return
  assert.is(r.schedule.timezone, 'Asia/Colombo')
  assert.is(r.schedule.prefix, 'nightly')
  assert.is(r.schedule.startDate, '01/05/2027')
  const before = compileSchedule('starting Jan 5th daily at 09:00 UTC', { now, readDate })
  assert.ok(before.ok && before.schedule.startDate === '01/05/2027' && before.schedule.startTime === '09:00')
})

test('a relative free-form date resolves in the schedule zone, against today there', () => {
  // 2026-12-04 20:00 UTC is already 2026-12-05 in Auckland: two weeks from there is 12-19.
  const late = new Date('2026-12-04T20:00:00Z')
  assert.is(start('daily at 09:00 Pacific/Auckland starting in two weeks', late).date, '12/19/2026')
  assert.is(start('daily at 09:00 UTC starting in two weeks', late).date, '12/18/2026')
})

test('an ambiguous day/month order is refused with both readings, never guessed', () => {
  for (const written of ['4/3/27', '4-3-2027']) {
    const r = compileSchedule(`daily at 09:00 UTC starting ${written}`, { now, readDate })
    assert.not.ok(r.ok)
    const error = r.diagnostics.find((d) => d.code === 'DSL050')!
    assert.is(error.message, `ambiguous date \`${written}\`: it reads as \`2027-04-03\` (month first) or \`2027-03-04\` (day first)`)
    assert.equal(error.suggestions.map((s) => [s.replacement, s.applicability]), [['2027-04-03', 'maybe-incorrect'], ['2027-03-04', 'maybe-incorrect']])
  }
})

test('without the reader such a date is DSL050, and a relative reading without a current date is DSL050', () => {
  const plain = compileSchedule('daily at 09:00 UTC starting Jan 5th', { now })
  assert.not.ok(plain.ok)
  assert.ok(plain.diagnostics.some((d) => d.code === 'DSL050'))
  const noNow = compileSchedule('daily at 09:00 UTC starting in two weeks', { now: new Date(Number.NaN), readDate })
  assert.not.ok(noNow.ok)
  assert.ok(noNow.diagnostics.some((d) => d.code === 'DSL050' && /current date/.test(d.message)))
})

test('a long paste after `starting` is read only for its first words: still the fast grammar\'s DSL050, bounded', () => {
  const phrase = `daily at 09:00 UTC starting ${'soon '.repeat(5000)}`
  const r = compileSchedule(phrase, { now, readDate })
  assert.not.ok(r.ok)
  assert.ok(r.diagnostics.some((d) => d.code === 'DSL050'))
  assert.ok(r.diagnostics.length <= 11, 'output stays bounded')
})

test('compileScheduleReadingDates loads the reader only for a date the fast grammar does not read', async () => {
  const fast = await compileScheduleReadingDates('daily at 09:00 UTC starting 2027-01-05', { now })
  assert.ok(fast.ok && !fast.diagnostics.some((d) => d.code === 'W110'))
  const free = await compileScheduleReadingDates('daily at 09:00 UTC starting Jan 5th', { now })
  assert.ok(free.ok && free.schedule.startDate === '01/05/2027')
  const nonsense = await compileScheduleReadingDates('daily at 09:00 UTC starting whenever', { now })
  assert.not.ok(nonsense.ok)
  assert.ok(nonsense.diagnostics.some((d) => d.code === 'DSL050'))
})

test('the fix of an absolute reading is machine-applicable and compiles to the same date', () => {
  const r = compileSchedule('daily at 09:00 UTC starting the 5th of January 2027', { now, readDate })
  const note = r.diagnostics.find((d) => d.code === 'W110')!
  const s = note.suggestions[0]!
  assert.is(s.applicability, 'machine-applicable')
  const phrase = 'daily at 09:00 UTC starting the 5th of January 2027'
  const fixed = phrase.slice(0, s.span.start) + s.replacement + phrase.slice(s.span.end)
  const again = compileSchedule(fixed, { now })
  assert.ok(again.ok && r.ok && again.schedule.startDate === r.schedule.startDate)
})

test.run()
