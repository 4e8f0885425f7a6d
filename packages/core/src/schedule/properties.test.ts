import fc from 'fast-check'
import moment from 'moment-timezone'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSchedule } from './compile.js'
import { formatSchedule } from './format.js'
import { nextRuns } from './next-runs.js'
import { DAYS, type Day, type Schedule } from './types.js'
import { DAY_WORDS, GROUP_WORDS, INTERVAL_WORDS, KEYWORDS, LONG_PERIOD_WORDS, SHORT_PERIOD_WORDS, ZONE_ABBREVIATIONS } from './vocabulary.js'

const now = new Date('2024-06-12T09:00:00Z')
const Properties = suite('schedule properties')

const ZONES = ['UTC', 'Asia/Colombo', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Europe/Berlin', 'Asia/Kolkata', 'Europe/Kyiv', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Tokyo', 'Africa/Casablanca', 'Europe/London', 'America/Havana', 'Asia/Beirut', 'Etc/GMT+5']
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
const daySubset = fc.subarray([...DAYS], { minLength: 1, maxLength: 6 }) as fc.Arbitrary<Day[]>
// Words of the grammar are labels too after `prefix` (docs/schedule-language.md#grammar): mix them in, in any letter case.
const KEYWORD_LIKE = [...KEYWORDS, ...DAY_WORDS.keys(), ...GROUP_WORDS.keys(), ...ZONE_ABBREVIATIONS.keys(), ...INTERVAL_WORDS, ...LONG_PERIOD_WORDS, ...SHORT_PERIOD_WORDS, 'zulu', '2024-01-01', '12pm', 'noon']
const keywordLike = fc.tuple(fc.constantFrom(...KEYWORD_LIKE), fc.boolean()).map(([w, upper]) => (upper ? w.toUpperCase() : w))
const label = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{1,24}$/), keywordLike)
// Printable ASCII without `"` (quoted text has no escapes) and not only spaces.
const title = fc.stringMatching(/^[ !#-~]{1,30}$/).filter((t) => t.trim() !== '')
const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => {
  const iso = d.toISOString()
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`
})

const schedule: fc.Arbitrary<Schedule> = fc.record({
  weekly: fc.boolean(),
  days: daySubset,
  startTime: hhmm,
  timezone: fc.constantFrom(...ZONES),
  startDate: fc.option(date, { nil: null }),
  prefix: fc.option(fc.oneof(label, title), { nil: null }),
  profile: fc.option(fc.oneof(fc.integer({ min: 1, max: 2 ** 31 }).map((id) => ({ id })), fc.oneof(title, keywordLike).map((t) => ({ title: t }))), { nil: null }),
}).map(({ weekly, days, ...rest }) => ({
  recurrence: weekly ? 'WEEKLY' : 'DAILY',
  daysOfWeek: weekly ? DAYS.filter((d) => days.includes(d)) : [],
  ...rest,
}))

Properties('compileSchedule(formatSchedule(s)) gives back s', () => {
  fc.assert(
    fc.property(schedule, (s) => {
      const phrase = formatSchedule(s)
      const result = compileSchedule(phrase, { now })
      if (!result.ok) {
        // The one legitimate refusal: an explicit start date whose first run falls in a DST gap.
        assert.equal(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['DSL052'], phrase)
        const [mo, dd, yyyy] = s.startDate!.split('/')
        const firstDay = [0, 1, 2, 3, 4, 5, 6]
          .map((k) => moment.utc(`${yyyy}-${mo}-${dd}`).add(k, 'days'))
          .find((day) => s.recurrence === 'DAILY' || s.daysOfWeek.includes(DAYS[day.day()]!))!
        const local = moment.tz(`${firstDay.format('YYYY-MM-DD')} ${s.startTime}`, 'YYYY-MM-DD HH:mm', s.timezone)
        assert.is.not(local.format('HH:mm'), s.startTime, `${phrase}: the first run's wall time exists`)
        return
      }
      assert.equal(result.schedule, s, phrase)
    }),
    { numRuns: 3000, seed: 4 },
  )
})

/** The independent reference: moment-timezone's own wall-clock conversion, which moves a gap forward by its length and takes the first instance of a repeated time. */
function referenceRuns(zone: string, time: string, fromDay: string, days: number): string[] {
  const out: string[] = []
  const start = moment.utc(fromDay)
  for (let k = 0; k < days; k++) {
    const day = start.clone().add(k, 'days').format('YYYY-MM-DD')
    out.push(moment.tz(`${day} ${time}`, 'YYYY-MM-DD HH:mm', zone).toISOString())
  }
  return out
}

const dstZones: [string, string][] = [
  ['America/New_York', 'a gap and an overlap at 02:00'],
  ['America/Santiago', 'a gap at midnight'],
  ['Australia/Lord_Howe', '30-minute shifts'],
  ['Asia/Colombo', 'no DST'],
]
for (const [zone, what] of dstZones) {
  Properties(`nextRuns agrees with moment-timezone across a year in ${zone} (${what})`, () => {
    // Times near the transitions are the interesting ones: weight the small hours.
    const time = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 59 })),
      fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })),
    ).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
    fc.assert(
      fc.property(time, fc.integer({ min: 2023, max: 2026 }), (t, year) => {
        const s: Schedule = { recurrence: 'DAILY', daysOfWeek: [], startTime: t, timezone: zone, startDate: `01/01/${year}`, prefix: null, profile: null }
        const runs = nextRuns(s, { from: new Date(`${year - 1}-12-30T00:00:00Z`), count: 366 }).map((d) => d.toISOString())
        assert.equal(runs, referenceRuns(zone, t, `${year}-01-01`, 366), `${zone} ${t} ${year}`)
      }),
      { numRuns: 40, seed: 7 },
    )
  })
}

Properties('nextRuns: weekly days, start date and `from` bound the runs', () => {
  const s: Schedule = { recurrence: 'WEEKLY', daysOfWeek: ['MON', 'FRI'], startTime: '12:00', timezone: 'Asia/Colombo', startDate: '10/05/2023', prefix: null, profile: null }
  assert.equal(nextRuns(s, { from: new Date('2023-01-01T00:00:00Z'), count: 3 }).map((d) => d.toISOString()), ['2023-10-06T06:30:00.000Z', '2023-10-09T06:30:00.000Z', '2023-10-13T06:30:00.000Z'])
  assert.equal(nextRuns(s, { from: new Date('2023-10-09T06:30:00Z'), count: 1 }).map((d) => d.toISOString()), ['2023-10-09T06:30:00.000Z'])
  assert.equal(nextRuns(s, { from: new Date('2023-10-09T06:30:01Z'), count: 1 }).map((d) => d.toISOString()), ['2023-10-13T06:30:00.000Z'])
})

Properties('DST warnings agree with moment-timezone: W103 exactly when a scheduled wall time does not exist', () => {
  fc.assert(
    fc.property(fc.constantFrom('America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Europe/Berlin', 'Asia/Colombo'), hhmm, daySubset, (zone, t, days) => {
      const s = `weekly on ${days.map((d) => d.toLowerCase()).join(',')} at ${t} ${zone}`
      const result = compileSchedule(s, { now })
      const gaps = result.diagnostics.filter((d) => d.code === 'W103').length
      let expected = 0
      const start = moment.utc(now).startOf('day')
      for (let k = 0; k <= 366; k++) {
        const day = start.clone().add(k, 'days')
        if (!days.includes(DAYS[day.day()]!)) continue
        const local = moment.tz(`${day.format('YYYY-MM-DD')} ${t}`, 'YYYY-MM-DD HH:mm', zone)
        if (local.format('HH:mm') !== t && local.valueOf() >= now.getTime() && local.valueOf() < now.getTime() + 366 * 86_400_000) expected++
      }
      assert.is(gaps, expected, s)
    }),
    { numRuns: 300, seed: 11 },
  )
})

Properties.run()
