import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSchedule } from './compile.js'

const now = new Date('2024-06-12T09:00:00Z')
const Catalogue = suite('schedule diagnostics catalogue')

/** Compiles `phrase` and asserts a diagnostic `code` of `severity` whose span covers exactly `spanText` (at `from`). */
function expectDiagnostic(phrase: string, code: string, spanText: string, options: { severity?: string; ok?: boolean; strict?: boolean; help?: RegExp; from?: number } = {}) {
  const result = compileSchedule(phrase, { now, ...(options.strict ? { strict: true } : {}) })
  const found = result.diagnostics.find((d) => d.code === code)
  assert.ok(found, `${phrase}: expected ${code}, got ${result.diagnostics.map((d) => d.code).join(', ') || 'nothing'}`)
  assert.is(phrase.slice(found.span.start, found.span.end), spanText, `${phrase}: span of ${code}`)
  if (options.from !== undefined) assert.is(found.span.start, options.from)
  assert.is(found.severity, options.severity ?? 'error', `${phrase}: severity of ${code}`)
  assert.is(result.ok, options.ok ?? false, `${phrase}: ok`)
  if (options.help) assert.match(found.help ?? '', options.help)
  return found
}

const cases: [string, string, string, Parameters<typeof expectDiagnostic>[3]?][] = [
  ['wekly on mon at 09:00 UTC', 'DSL001', 'wekly', { help: /`weekly`/ }],
  ['mondy at 09:00 UTC', 'DSL001', 'mondy', { help: /`monday`/ }],
  ['every 3 weeks on mon at 10:00 UTC', 'DSL010', 'every 3 weeks'],
  ['every other week on mon at 09:00 UTC', 'DSL010', 'every other week'],
  ['biweekly on mon at 09:00 UTC', 'DSL010', 'biweekly'],
  ['fortnightly at 09:00 UTC', 'DSL010', 'fortnightly'],
  ['every 3 days at 09:00 UTC', 'DSL010', 'every 3 days'],
  ['monthly at 09:00 UTC', 'DSL011', 'monthly'],
  ['first monday of the month at 09:00 UTC', 'DSL011', 'first monday of the month'],
  ['on the 1st at 09:00 UTC', 'DSL011', 'on the 1st'],
  ['quarterly at 09:00 UTC', 'DSL011', 'quarterly'],
  ['yearly at 09:00 UTC', 'DSL011', 'yearly'],
  ['every 6 hours UTC', 'DSL012', 'every 6 hours'],
  ['hourly UTC', 'DSL012', 'hourly'],
  ['daily at 09:00 and 17:00 UTC', 'DSL012', '09:00 and 17:00'],
  ['twice a day at 09:00 UTC', 'DSL012', 'twice a day'],
  ['0 12 * * 1,3', 'DSL013', '0 12 * * 1,3', { help: /weekly on mon,wed at 12:00/ }],
  ['daily at 25:00 UTC', 'DSL020', '25:00'],
  ['daily at 12:60 UTC', 'DSL020', '12:60'],
  ['daily at 24:00 UTC', 'DSL020', '24:00', { help: /`00:00`/ }],
  ['daily at 13pm UTC', 'DSL020', '13pm', { help: /`13:00` or `1pm`/ }],
  ['daily at 0am UTC', 'DSL020', '0am'],
  ['daily at 9.30 UTC', 'DSL020', '9.30', { help: /`09:30`/ }],
  ['daily at 0930 UTC', 'DSL020', '0930', { help: /`09:30`/ }],
  ['daily at 9 UTC', 'DSL021', '9', { help: /`09:00`, `9am` or `9pm`/ }],
  ["daily at 9 o'clock UTC", 'DSL021', "9 o'clock"],
  ['daily at 10:00:30 UTC', 'DSL022', '10:00:30', { help: /`10:00`/ }],
  ['daily UTC', 'DSL023', ''],
  ['on lunes at 09:00 UTC', 'DSL030', 'lunes', { help: /`monday`/ }],
  ['on Montag at 09:00 UTC', 'DSL030', 'Montag', { help: /`monday`/ }],
  ['on mondey at 09:00 UTC', 'DSL030', 'mondey', { help: /`monday`/ }],
  ['on fri-mon at 09:00 UTC', 'DSL031', 'fri-mon', { help: /`fri-sun,mon`/ }],
  ['on 1,3 at 09:00 UTC', 'DSL032', '1,3'],
  ['weekends except sat,sun at 09:00 UTC', 'DSL033', 'weekends except sat,sun'],
  ['weekly at 12:00 UTC', 'DSL034', 'weekly', { help: /weekly on mon/ }],
  ['business days at 09:00 UTC', 'DSL035', 'business days', { help: /`weekdays`/ }],
  ['workdays except holidays at 09:00 UTC', 'DSL035', 'workdays except holidays'],
  ['at 09:00 UTC', 'DSL036', ''],
  ['weekly on wed at 12:00 Europe/Lisbn', 'DSL040', 'Europe/Lisbn', { help: /^did you mean `Europe\/Lisbon`\?$/ }],
  ['scan weekly on MON,WED at 12:00 Asia/Colmbo', 'DSL040', 'Asia/Colmbo', { help: /^did you mean `Asia\/Colombo`\?$/ }],
  ['daily at 09:00 Colombo', 'DSL040', 'Colombo', { help: /`Asia\/Colombo`/ }],
  ['daily at 09:00 IST', 'DSL041', 'IST', { help: /Asia\/Kolkata.*Europe\/Dublin.*Asia\/Jerusalem/ }],
  ['daily at 09:00 EST', 'DSL041', 'EST', { help: /America\/New_York/ }],
  ['daily at 09:00 PST', 'DSL041', 'PST'],
  ['daily at 09:00 UTC+05:30', 'DSL042', 'UTC+05:30', { help: /Asia\/Kolkata/ }],
  ['daily at 09:00 +0530', 'DSL042', '+0530'],
  ['daily at 09:00 GMT+5', 'DSL042', 'GMT+5', { help: /Etc\/GMT-5/ }],
  ['daily at 09:00', 'DSL043', ''],
  ['daily at 09:00 UTC starting 13/05/2023', 'DSL050', '13/05/2023', { help: /`2023-05-13`/ }],
  ['daily at 09:00 UTC starting 2023-02-30', 'DSL050', '2023-02-30', { help: /28 days/ }],
  ['daily at 09:00 UTC starting 10.05.2023', 'DSL050', '10.05.2023', { help: /`2023-05-10` \(day\.month\.year\) or `2023-10-05`/ }],
  ['daily at 09:00 UTC starting 10/5/23', 'DSL050', '10/5/23', { help: /`2023-10-05`/ }],
  ['daily at 02:30 America/New_York starting 2025-03-09', 'DSL052', '02:30'],
  ['daily at 09:00 at 10:00 UTC', 'DSL060', 'at 10:00'],
  ['daily at 09:00 UTC Europe/Berlin', 'DSL060', 'Europe/Berlin'],
  ['daily at 09:00 weekly UTC', 'DSL060', 'weekly'],
  ['daily at 09:00 UTC prefix', 'DSL070', ''],
  ['daily at 09:00 UTC prefix nightly edge scan', 'DSL070', 'nightly edge scan', { help: /"nightly edge scan"/ }],
  ['daily at 09:00 UTC prefix "nightly edge', 'DSL070', '"nightly edge', { help: /close the quote/ }],
  ['daily at 09:00 UTC using profile Initial Options', 'DSL071', 'Initial Options', { help: /`profile "Initial Options"`/ }],
  ['daily at 09:00 UTC starting 10/05/2024', 'W101', '10/05/2024', { severity: 'warning', ok: true, help: /`2024-10-05`/ }],
  ['daily at 03:10 Asia/Saigon', 'W102', 'Asia/Saigon', { severity: 'note', ok: true }],
  ['daily at 02:30 America/New_York', 'W103', '02:30', { severity: 'warning', ok: true }],
  ['daily at 02:30 America/New_York', 'W103', '02:30', { strict: true }],
  ['daily at 01:30 America/New_York', 'W104', '01:30', { severity: 'warning', ok: true }],
  ['on mon,wed,mon at 09:00 UTC', 'W105', 'mon', { severity: 'warning', ok: true, from: 11 }],
  ['on mon at midnight UTC', 'W106', 'midnight', { severity: 'note', ok: true }],
  ['on mon-sun at 09:00 UTC', 'W107', 'mon-sun', { severity: 'note', ok: true }],
  ['daily at 09:00 UTC starting 2024-01-01', 'W108', '2024-01-01', { severity: 'warning', ok: true }],
]

for (const [phrase, code, spanText, options] of cases) {
  Catalogue(`${code}: ${phrase}`, () => void expectDiagnostic(phrase, code, spanText, options))
}

Catalogue('every catalogue code is covered above', () => {
  const codes = new Set(cases.map(([, code]) => code))
  for (const code of ['DSL001', 'DSL010', 'DSL011', 'DSL012', 'DSL013', 'DSL020', 'DSL021', 'DSL022', 'DSL023', 'DSL030', 'DSL031', 'DSL032', 'DSL033', 'DSL034', 'DSL035', 'DSL040', 'DSL041', 'DSL042', 'DSL043', 'DSL050', 'DSL052', 'DSL060', 'DSL070', 'DSL071', 'W101', 'W102', 'W103', 'W104', 'W105', 'W106', 'W107', 'W108']) {
    assert.ok(codes.has(code), code)
  }
})

Catalogue('DSL060 shows both clauses', () => {
  const phrase = 'daily at 09:00 at 10:00 UTC'
  const d = compileSchedule(phrase, { now }).diagnostics.find((x) => x.code === 'DSL060')!
  assert.is(d.related?.length, 1)
  assert.is(phrase.slice(d.related![0]!.span.start, d.related![0]!.span.end), 'at 09:00')
})

Catalogue('one error does not drag along follow-up errors', () => {
  for (const phrase of ['every 3 weeks on mon at 10:00 UTC', 'on lunes at 09:00 UTC', 'every 6 hours UTC', 'mondy at 09:00 UTC', 'on 1,3 at 09:00 UTC']) {
    assert.is(compileSchedule(phrase, { now }).diagnostics.length, 1, phrase)
  }
})

Catalogue('W103 gaps: the weekday must be scheduled', () => {
  // 2025-03-09 is a Sunday: a weekly schedule on Mondays never meets the gap.
  assert.is(compileSchedule('weekly on mon at 02:30 America/New_York', { now }).diagnostics.length, 0)
  assert.ok(compileSchedule('weekly on sun at 02:30 America/New_York', { now }).diagnostics.some((d) => d.code === 'W103'))
})

Catalogue('DSL042 lists the places at that offset today', () => {
  const d = compileSchedule('daily at 09:00 UTC+05:30', { now }).diagnostics[0]!
  assert.equal(d.suggestions.map((s) => s.replacement).sort(), ['Asia/Colombo', 'Asia/Kolkata'])
})

Catalogue('suggestions carry spans into the phrase', () => {
  const phrase = 'on fri-mon at 09:00 UTC'
  const d = compileSchedule(phrase, { now }).diagnostics[0]!
  assert.equal(d.suggestions, [{ replacement: 'fri-sun,mon', span: { start: 3, end: 10 }, applicability: 'machine-applicable' }])
})

Catalogue.run()
