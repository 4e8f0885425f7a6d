import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { Diagnostic, Suggestion } from '../diagnostics/types.js'
import { compileSchedule } from './compile.js'

// Issue 22: every phrase a new user typed that got a wrong or useless fix, with what it must get instead.
const now = new Date('2024-06-12T09:00:00Z')
const Fixes = suite('diagnostics that fix')

const compile = (phrase: string) => compileSchedule(phrase, { now })
const apply = (phrase: string, s: Suggestion) => phrase.slice(0, s.span.start) + s.replacement + phrase.slice(s.span.end)
const errors = (phrase: string) => compile(phrase).diagnostics.filter((d) => d.severity === 'error')
const only = (phrase: string): Diagnostic => {
  const e = errors(phrase)
  assert.is(e.length, 1, `${phrase}: ${JSON.stringify(e.map((d) => [d.code, d.message]))}`)
  return e[0]!
}
const oneClick = (d: Diagnostic) => d.suggestions.filter((s) => s.applicability === 'machine-applicable')

Fixes('`daily except holidays`: the fix drops `except holidays`, never offers `weekdays` as a one-click fix', () => {
  const phrase = 'daily except holidays at 09:00 UTC'
  const d = only(phrase)
  assert.is(d.code, 'DSL035')
  const [fix] = oneClick(d)
  assert.ok(fix)
  assert.is(apply(phrase, fix!), 'daily at 09:00 UTC')
  const fixed = compile(apply(phrase, fix!))
  assert.ok(fixed.ok && fixed.schedule.recurrence === 'DAILY')
  assert.not.ok(d.suggestions.some((s) => s.replacement === 'weekdays' && s.applicability === 'machine-applicable'))
})

Fixes('`Daily scan at ...`: `scan` after the recurrence is the filler word it is', () => {
  const r = compile('Daily scan at 23:45 Asia/Singapore')
  assert.ok(r.ok, JSON.stringify(r.diagnostics))
})

Fixes('suggestions never repeat the typed word (`to`, `except`, `tomorrow` out of place)', () => {
  for (const phrase of ['daily at 09:00 UTC to', 'daily at 09:00 UTC except', 'tomorrow at 9am UTC', 'daily at 09:00 UTC scan weekly']) {
    for (const d of compile(phrase).diagnostics) {
      for (const s of d.suggestions) {
        const typed = phrase.slice(s.span.start, s.span.end)
        assert.is.not(s.replacement.toLowerCase(), typed.toLowerCase(), `${phrase}: ${d.code} suggests the typed word \`${typed}\``)
      }
      assert.not.match(d.help ?? '', /did you mean `(to|except|tomorrow)`\?/)
    }
  }
  const tomorrow = compile('tomorrow at 9am UTC').diagnostics.find((d) => d.span.start === 0)!
  assert.match(tomorrow.help!, /starting tomorrow/)
})

Fixes('`12 noon` is 12:00 and `12 midnight` is 00:00', () => {
  const noon = compile('daily at 12 noon UTC')
  assert.ok(noon.ok && noon.schedule.startTime === '12:00', JSON.stringify(noon.diagnostics))
  const midnight = compile('daily at 12 midnight UTC')
  assert.ok(midnight.ok && midnight.schedule.startTime === '00:00')
})

Fixes('`9h30` gets the fix `09:30` (not `09:0030`)', () => {
  const phrase = 'daily at 9h30 UTC'
  const d = only(phrase)
  assert.is(d.code, 'DSL020')
  assert.equal(oneClick(d).map((s) => apply(phrase, s)), ['daily at 09:30 UTC'])
  const late = 'daily at 21h05 UTC'
  assert.equal(oneClick(only(late)).map((s) => apply(late, s)), ['daily at 21:05 UTC'])
})

Fixes('day names without commas are a day list', () => {
  const r = compile('mon wed fri 9:00 UTC')
  assert.ok(r.ok, JSON.stringify(r.diagnostics))
  if (r.ok) assert.equal(r.schedule.daysOfWeek, ['MON', 'WED', 'FRI'])
  const on = compile('on tue thu at 10:00 UTC')
  assert.ok(on.ok && on.schedule.daysOfWeek.join() === 'TUE,THU')
})

Fixes('cron Qualys cannot express says why', () => {
  assert.match(only('*/15 * * * *').help!, /every 15 minutes.*one start time/)
  assert.match(only('0 0 1 * *').help!, /day 1 of the month.*DAILY and WEEKLY/)
  assert.match(only('0 9,17 * * *').help!, /2 start times.*one start time/)
  assert.match(only('0 9 * 1-6 *').help!, /some months.*DAILY and WEEKLY/)
})

Fixes('`@daily` and a pasted GitHub Actions `cron:` line are read as cron', () => {
  const daily = only('@daily')
  assert.is(daily.code, 'DSL013')
  assert.match(daily.help!, /daily at 00:00/)
  assert.is(only('@weekly').code, 'DSL013')
  assert.match(only('@hourly').help!, /one start time/)
  for (const line of ["cron: '0 12 * * 1,3'", "- cron: '0 12 * * 1,3'", '  - cron: "0 12 * * 1,3"']) {
    const d = only(line)
    assert.is(d.code, 'DSL013', line)
    assert.match(d.help!, /weekly on mon,wed at 12:00/)
  }
})

Fixes('output is bounded: at most 10 diagnostics and a summary, tokens cut in messages', () => {
  const junk = Array.from({ length: 1500 }, (_, i) => `zz${i}q`).join(' ')
  const d = compile(`${junk} daily at 09:00 UTC`).diagnostics
  assert.ok(d.length <= 11, `${d.length} diagnostics`)
  assert.is(d[d.length - 1]!.code, 'DSL002')
  assert.match(d[d.length - 1]!.message, /\d+ more problems/)
  const days = compile(`on ${Array.from({ length: 2500 }, () => 'mon').join(',')} at 09:00 UTC`).diagnostics
  assert.ok(days.length <= 11)
  const long = compile(`daily at 09:00 Europe/${'x'.repeat(500)}`).diagnostics[0]!
  assert.ok(long.message.length < 120, long.message)
  assert.match(long.message, /…/)
})

Fixes('invisible characters are named by code point, with a fix that removes them', () => {
  for (const [phrase, name] of [['daily at 09:00 UTC\u0007', 'U+0007'], ['daily at 09:00 U\u200fTC', 'U+200F'], ['daily\u200b at 09:00 UTC', 'U+200B']] as const) {
    const d = only(phrase)
    assert.ok(d.message.includes(name), d.message)
    assert.not.ok(/[\u0000-\u001f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(d.message + (d.help ?? '')), `${name} appears raw`)
    const [fix] = oneClick(d)
    assert.ok(compile(apply(phrase, fix!)).ok)
  }
})

Fixes('`Etc/GMT-5` warns that it is UTC+05:00 (POSIX inverts the sign)', () => {
  const r = compile('daily at 09:00 Etc/GMT-5')
  assert.ok(r.ok)
  const w = r.diagnostics.find((d) => d.code === 'W109')!
  assert.ok(w)
  assert.match(w.message, /UTC\+05:00/)
  const plus = compile('daily at 09:00 Etc/GMT+3').diagnostics.find((d) => d.code === 'W109')!
  assert.match(plus.message, /UTC-03:00/)
  assert.not.ok(compile('daily at 09:00 Etc/UTC').diagnostics.length)
})

Fixes('city names give DSL040 with the zone (`New York` -> `America/New_York`)', () => {
  const phrase = 'daily at 09:00 New York'
  const d = only(phrase)
  assert.is(d.code, 'DSL040')
  assert.equal(oneClick(d).map((s) => apply(phrase, s)), ['daily at 09:00 America/New_York'])
  const sp = 'daily at 09:00 Sao Paulo'
  assert.equal(oneClick(only(sp)).map((s) => apply(sp, s)), ['daily at 09:00 America/Sao_Paulo'])
})

Fixes('`half past six` and `quarter to nine` get a help with `06:30` / `08:45`', () => {
  const half = only('daily at half past six UTC')
  assert.is(half.code, 'DSL020')
  assert.match(half.help!, /`06:30`/)
  assert.ok(half.suggestions.some((s) => s.replacement === '06:30'))
  const quarter = only('daily at quarter to nine UTC')
  assert.match(quarter.help!, /`08:45`/)
  assert.match(only('daily at quarter past 10 UTC').help!, /`10:15`/)
})

Fixes.run()
