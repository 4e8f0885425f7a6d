import fc from 'fast-check'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSchedule } from './compile.js'
import { describeSchedulePhrase, type ScheduleFields } from './describe.js'
import { DAYS, type Day } from './types.js'

const Describe = suite('describeSchedulePhrase: live schedule fields -> a phrase')

const ZONES = ['UTC', 'Asia/Colombo', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'Europe/London', 'Asia/Beirut', 'Etc/GMT+5']
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
const qualysDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => {
  const iso = d.toISOString()
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`
})
/** What a live connector's `connectorScanConfig` carries; DAILY sometimes without `daysOfWeek` (the sample response). */
const liveFields: fc.Arbitrary<ScheduleFields & { daysOfWeek?: Day[] }> = fc
  .record({
    weekly: fc.boolean(),
    days: fc.subarray([...DAYS], { minLength: 1, maxLength: 6 }),
    dailyDaysAbsent: fc.boolean(),
    startTime: hhmm,
    timezone: fc.constantFrom(...ZONES),
    startDate: fc.option(qualysDate, { nil: null }),
  })
  .map(({ weekly, days, dailyDaysAbsent, ...rest }) => ({
    recurrence: weekly ? 'WEEKLY' : 'DAILY',
    ...(weekly ? { daysOfWeek: DAYS.filter((d) => days.includes(d)) } : dailyDaysAbsent ? {} : { daysOfWeek: [] }),
    ...rest,
  }))

Describe('property: the rendered phrase compiles to exactly the live fields (at any current date)', () => {
  fc.assert(
    fc.property(liveFields, fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }), (fields, now) => {
      const described = describeSchedulePhrase(fields)
      if (!described.ok) {
        // The one refusal: a start date whose first run falls in a DST gap (DSL052), which the compiler rejects.
        assert.ok(fields.startDate !== null && described.reason.includes('does not exist'), `${JSON.stringify(fields)}: ${described.reason}`)
        return
      }
      const compiled = compileSchedule(described.phrase, { now })
      assert.ok(compiled.ok, described.phrase)
      if (!compiled.ok) return
      const { prefix, profile, ...back } = compiled.schedule
      assert.equal([prefix, profile], [null, null])
      assert.equal(back, { ...fields, daysOfWeek: fields.daysOfWeek ?? [] }, described.phrase)
    }),
    { numRuns: 2000, seed: 16 },
  )
})

Describe('the live fields of the simulator\'s seed connector', () => {
  assert.equal(describeSchedulePhrase({ recurrence: 'DAILY', startTime: '12:00', timezone: 'Asia/Colombo', startDate: '10/05/2023' }), { ok: true, phrase: 'daily at 12:00 Asia/Colombo starting 2023-10-05' })
  assert.equal(describeSchedulePhrase({ recurrence: 'WEEKLY', daysOfWeek: ['MON', 'WED'], startTime: '06:30', timezone: 'UTC', startDate: '01/04/2027' }), { ok: true, phrase: 'weekly on mon,wed at 06:30 UTC starting 2027-01-04' })
  assert.equal(describeSchedulePhrase({ recurrence: 'DAILY', daysOfWeek: [], startTime: '23:59', timezone: 'Europe/Berlin', startDate: null }), { ok: true, phrase: 'daily at 23:59 Europe/Berlin' })
})

Describe('fields no phrase gives back exactly: the closest phrase and why', () => {
  const alias = describeSchedulePhrase({ recurrence: 'DAILY', startTime: '12:00', timezone: 'Asia/Calcutta', startDate: '10/05/2023' })
  assert.is(alias.ok, false)
  assert.is(alias.phrase, 'daily at 12:00 Asia/Kolkata starting 2023-10-05')
  const seven = describeSchedulePhrase({ recurrence: 'WEEKLY', daysOfWeek: [...DAYS], startTime: '12:00', timezone: 'UTC', startDate: null })
  assert.is(seven.ok, false)
  assert.ok(!seven.ok && seven.reason.includes('compiles to DAILY'), JSON.stringify(seven))
  const order = describeSchedulePhrase({ recurrence: 'WEEKLY', daysOfWeek: ['WED', 'MON'], startTime: '12:00', timezone: 'UTC', startDate: null })
  assert.equal(order.ok ? undefined : order.phrase, 'weekly on mon,wed at 12:00 UTC')
  const gap = describeSchedulePhrase({ recurrence: 'DAILY', startTime: '02:30', timezone: 'America/New_York', startDate: '03/10/2024' })
  assert.ok(!gap.ok && gap.reason.includes('does not exist'), JSON.stringify(gap))
})

Describe('malformed fields: no phrase, a reason naming the field', () => {
  const reason = (fields: ScheduleFields) => {
    const r = describeSchedulePhrase(fields)
    assert.is(r.ok, false)
    return r.ok ? '' : r.reason
  }
  const base = { recurrence: 'DAILY', startTime: '12:00', timezone: 'UTC', startDate: '10/05/2023' }
  assert.match(reason({ ...base, recurrence: 'MONTHLY' }), 'recurrence')
  assert.match(reason({ ...base, recurrence: 'WEEKLY', daysOfWeek: [] }), 'without days')
  assert.match(reason({ ...base, recurrence: 'WEEKLY', daysOfWeek: ['FUNDAY'] }), 'days')
  assert.match(reason({ ...base, startTime: '25:00' }), 'start time')
  assert.match(reason({ ...base, timezone: 'Mars/Olympus' }), 'time zone')
  assert.match(reason({ ...base, startDate: '2023-10-05' }), 'start date')
})

Describe.run()
