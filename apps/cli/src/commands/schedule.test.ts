import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { runCli } from '../test-support/run-cli.js'

const schedule = suite('scanplan schedule')
const NOW = '2024-06-12T09:00:00Z'

schedule('human mode: the fields, the sentence, the next 5 runs in the zone and in UTC; exit 0', async () => {
  const r = await runCli(['schedule', '--now', NOW, 'scan weekly on MON,WED at 12:00 Asia/Colombo prefix custom-scan using profile "Initial Options"'])
  assert.is(r.code, 0, r.stderr)
  assert.is(r.stderr, '')
  assert.match(r.stdout, /^recurrence {2}WEEKLY\ndaysOfWeek {2}MON,WED\nstartTime {3}12:00\ntimezone {4}Asia\/Colombo\nstartDate {3}-\nprefix {6}custom-scan\nprofile {5}title "Initial Options"\n/)
  assert.match(r.stdout, /\nWeekly on Monday and Wednesday at 12:00 in Asia\/Colombo, scan prefix "custom-scan", option profile "Initial Options"\n/)
  assert.match(r.stdout, /next 5 runs \(Asia\/Colombo \| UTC\):\n {2}Mon 2024-06-17 12:00 \+05:30 \| Mon 2024-06-17 06:30 UTC\n {2}Wed 2024-06-19 12:00 \+05:30 \| Wed 2024-06-19 06:30 UTC\n/)
  assert.is(r.stdout.split('\n').filter((l) => l.includes(' UTC') && l.startsWith('  ')).length, 5)
})

schedule('the words of the phrase may come unquoted', async () => {
  const r = await runCli(['schedule', '--now', NOW, 'daily', 'at', '9am', 'UTC'])
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, /^recurrence {2}DAILY\n/)
})

schedule('warnings go to stderr, rendered; the schedule still compiles (exit 0)', async () => {
  const r = await runCli(['schedule', '--now', NOW, 'daily at 02:20 Europe/Berlin'])
  assert.is(r.code, 0)
  assert.match(r.stderr, /^warning\[W104\]: 02:20 happens twice in Europe\/Berlin on 2024-10-27/)
  assert.match(r.stderr, /warning\[W103\]: 02:20 does not exist in Europe\/Berlin on 2025-03-30/)
  assert.match(r.stderr, /1 \| daily at 02:20 Europe\/Berlin\n {2}\| {10}\^\^\^\^\^/)
  assert.not.match(r.stderr, /\u001b\[/, 'no colour when stderr is not a terminal')
})

schedule('errors: rendered on stderr, nothing on stdout, exit 1; --strict turns W103 into an error', async () => {
  const r = await runCli(['schedule', '--now', NOW, 'weekly on wed at 12:00 Europe/Lisbn'])
  assert.is(r.code, 1)
  assert.is(r.stdout, '')
  assert.match(r.stderr, /error\[DSL040\]: unknown time zone `Europe\/Lisbn`[\s\S]*help: did you mean `Europe\/Lisbon`\?/)
  const strict = await runCli(['schedule', '--strict', '--now', NOW, 'daily at 02:30 America/New_York'])
  assert.is(strict.code, 1)
  assert.match(strict.stderr, /error\[W103\]/)
})

schedule('--json with stdin: one object per line, in order, exactly the documented shape; exit 1 when any failed', async () => {
  const r = await runCli(['schedule', '--json', '--now', NOW, '-'], { stdin: 'daily at 03:10 Asia/Saigon\n\nweekly at 12:00 UTC\non sat,sun at 11am Africa/Nairobi\n' })
  assert.is(r.code, 1)
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
  assert.is(lines.length, 3)
  assert.equal(lines.map((l) => [l.input, l.ok]), [['daily at 03:10 Asia/Saigon', true], ['weekly at 12:00 UTC', false], ['on sat,sun at 11am Africa/Nairobi', true]])
  assert.equal(Object.keys(lines[0]), ['input', 'ok', 'schedule', 'diagnostics'])
  assert.equal(lines[0].schedule, { recurrence: 'DAILY', daysOfWeek: [], startTime: '03:10', timezone: 'Asia/Ho_Chi_Minh', startDate: null, prefix: null, profile: null })
  assert.equal(lines[0].diagnostics, [
    {
      code: 'W102',
      severity: 'note',
      title: 'a zone alias',
      docs: 'schedule-language.md#w102',
      message: '`Asia/Saigon` is an alias of `Asia/Ho_Chi_Minh`',
      span: { start: 15, end: 26 },
      related: [],
      help: 'the schedule uses the canonical name `Asia/Ho_Chi_Minh`',
      suggestions: [{ replacement: 'Asia/Ho_Chi_Minh', span: { start: 15, end: 26 }, applicability: 'machine-applicable' }],
    },
  ])
  assert.is(lines[1].schedule, null)
  assert.equal(Object.keys(lines[1].diagnostics[0]), ['code', 'severity', 'title', 'docs', 'message', 'span', 'related', 'help', 'suggestions'])
  assert.is(lines[1].diagnostics[0].code, 'DSL034')
})

schedule('--json keeps every span of a diagnostic: both places of a DSL060 conflict', async () => {
  const r = await runCli(['schedule', '--json', '--now', NOW, 'daily at 09:00 at 10:00 UTC'])
  assert.is(r.code, 1)
  const [d] = JSON.parse(r.stdout).diagnostics
  assert.is(d.code, 'DSL060')
  assert.equal(d.span, { start: 15, end: 23 })
  assert.equal(d.related, [{ span: { start: 6, end: 14 }, label: 'first given here' }])
})

schedule('--zone supplies the zone only when the phrase names none; a bad --zone is a usage error (exit 2)', async () => {
  const r = await runCli(['schedule', '--json', '--now', NOW, '--zone', 'Asia/Calcutta', 'daily at 09:00'])
  assert.is(r.code, 0)
  assert.is(JSON.parse(r.stdout).schedule.timezone, 'Asia/Kolkata')
  const missing = await runCli(['schedule', '--json', '--now', NOW, 'daily at 09:00'])
  assert.is(missing.code, 1)
  assert.is(JSON.parse(missing.stdout).diagnostics[0].code, 'DSL043')
  const bad = await runCli(['schedule', '--zone', 'Asia/Colmbo', 'daily at 09:00'])
  assert.is(bad.code, 2)
  assert.match(bad.stderr, /unknown time zone `Asia\/Colmbo` for --zone\nhelp: did you mean `Asia\/Colombo`\?/)
})

schedule('a free-form start date (chrono-node, loaded on that path) is shown back as read; an ambiguous one is refused with both readings', async () => {
  const r = await runCli(['schedule', '--now', '2026-12-04T09:00:00Z', 'daily at 09:00 UTC starting the 5th of January 2027'])
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, /\nstartDate {3}01\/05\/2027\n/)
  assert.match(r.stderr, /^note\[W110\]: `the 5th of January 2027` read as 2027-01-05\n/)
  const ambiguous = await runCli(['schedule', '--now', '2026-12-04T09:00:00Z', 'daily at 09:00 UTC starting 4/3/27'])
  assert.is(ambiguous.code, 1)
  assert.match(ambiguous.stderr, /error\[DSL050\]: ambiguous date `4\/3\/27`: it reads as `2027-04-03` \(month first\) or `2027-03-04` \(day first\)/)
})

schedule('usage errors: no phrase, a bad --now', async () => {
  const none = await runCli(['schedule'])
  assert.is(none.code, 2)
  assert.match(none.stderr, /missing the schedule phrase/)
  const badNow = await runCli(['schedule', '--now', 'yesterday', 'daily at 09:00 UTC'])
  assert.is(badNow.code, 2)
  assert.match(badNow.stderr, /`--now yesterday` is not an ISO date or date-time/)
})

schedule.run()
