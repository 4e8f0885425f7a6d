import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { assertMatchesSchema } from '../test-support/json-schema.js'
import { runCli } from '../test-support/run-cli.js'

const explain = suite('scanplan explain')
const now = ['--now', '2024-06-12T09:00:00Z']

explain('the sentence, the next runs in the schedule\'s zone and the user\'s (TZ), and the clock changes', async () => {
  const r = await runCli(['explain', 'weekly on MON,WED at 12:00 Asia/Colombo', ...now], { env: { TZ: 'Europe/Berlin' } })
  assert.is(r.code, 0, r.stderr)
  assert.is(r.stderr, '')
  const lines = r.stdout.split('\n')
  assert.is(lines[0], 'Weekly on Monday and Wednesday at 12:00 in Asia/Colombo')
  assert.match(r.stdout, /in Asia\/Colombo +in your zone \(Europe\/Berlin\)/)
  assert.match(r.stdout, /^ {2}Mon 2024-06-17 12:00 \+05:30 +Mon 2024-06-17 08:30 \+02:00$/m)
  assert.is(lines.filter((l) => /^ {2}(Mon|Wed) 2024-/.test(l)).length, 5)
  // Colombo keeps its clocks; Berlin's change moves the local time of the runs.
  assert.match(r.stdout, /from Mon 2024-10-28 the runs are at 07:30 in Europe\/Berlin, not 08:30 \(Europe\/Berlin changes its clocks\)/)
  assert.match(r.stdout, /from Mon 2025-03-31 the runs are at 08:30 in Europe\/Berlin, not 07:30/)
})

explain('unquoted words are one phrase; DST warnings of the schedule\'s zone are notes, and rendered on stderr', async () => {
  const r = await runCli(['explain', 'daily', 'at', '02:20', 'Europe/Berlin', ...now, '--count', '2'], { env: { TZ: 'Europe/Berlin' } })
  assert.is(r.code, 0)
  assert.match(r.stdout, /^Daily at 02:20 in Europe\/Berlin\n/)
  assert.match(r.stdout, /in Europe\/Berlin \(also your zone\)/)
  assert.is(r.stdout.split('\n').filter((l) => /^ {2}\w{3} 2024-06-1\d 02:20 \+02:00$/.test(l)).length, 2)
  assert.match(r.stdout, /02:20 happens twice in Europe\/Berlin on 2024-10-27/)
  assert.match(r.stdout, /02:20 does not exist in Europe\/Berlin on 2025-03-30/)
  assert.match(r.stderr, /warning\[W104\]/)
})

explain('a zone without clock changes on both sides says so', async () => {
  const r = await runCli(['explain', 'weekdays at 07:45 in Asia/Singapore', ...now], { env: { TZ: 'Asia/Tokyo' } })
  assert.is(r.code, 0)
  assert.match(r.stdout, /no clock change moves these runs in the next 12 months \(in Asia\/Singapore or Asia\/Tokyo\)/)
})

explain('a phrase that does not compile: rustc-style diagnostics with a caret on stderr, nothing on stdout, exit 1', async () => {
  const r = await runCli(['explain', 'weekly on wed at 12:00 Europe/Lisbn', ...now])
  assert.is(r.code, 1)
  assert.is(r.stdout, '')
  assert.match(r.stderr, /error\[DSL040\]: unknown time zone `Europe\/Lisbn`\n {2}\|\n1 \| weekly on wed at 12:00 Europe\/Lisbn\n {2}\| {24}\^{12}/)
  assert.match(r.stderr, /help: did you mean `Europe\/Lisbon`\?/)
})

explain('--json: one object per phrase per line from stdin, in the documented shape', async () => {
  const r = await runCli(['explain', '--json', ...now, '-'], { stdin: 'daily at 9am UTC\n\nevery 2 weeks on mon at 10:00 UTC\nweekly on thu at 09:00 UTC starting next thursday\n', env: { TZ: 'America/New_York' } })
  assert.is(r.code, 1, 'one phrase failed')
  const objects = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
  assert.is(objects.length, 3, 'blank lines are skipped')
  for (const o of objects) assertMatchesSchema(o, 'explain')
  const [daily, interval, relative] = objects as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]
  assert.is(daily.ok, true)
  assert.is(daily.localZone, 'America/New_York')
  assert.equal((daily.nextRuns as { utc: string; local: string }[])[0], { utc: '2024-06-12T09:00:00.000Z', inZone: 'Wed 2024-06-12 09:00 +00:00', local: 'Wed 2024-06-12 05:00 -04:00' }, 'a run at --now itself counts')
  assert.is(interval.ok, false)
  assert.is((interval.diagnostics as { code: string }[])[0]!.code, 'DSL010')
  assert.is(relative.sentence !== null, true)
  assert.is((relative.nextRuns as { utc: string }[])[0]!.utc, '2024-06-13T09:00:00.000Z', 'next thursday is read in the schedule\'s zone from --now')
})

explain('--zone supplies the zone for phrases that name none', async () => {
  const without = await runCli(['explain', 'daily at 09:00', ...now])
  assert.is(without.code, 1)
  assert.match(without.stderr, /DSL043/)
  const withZone = await runCli(['explain', 'daily at 09:00', '--zone', 'Asia/Kolkata', ...now])
  assert.is(withZone.code, 0, withZone.stderr)
  assert.match(withZone.stdout, /^Daily at 09:00 in Asia\/Kolkata/)
  const wrong = await runCli(['explain', 'daily at 09:00', '--zone', 'Europe/Lisbn', ...now])
  assert.is(wrong.code, 2)
  assert.is(wrong.stdout, '')
  assert.match(wrong.stderr, /^error: unknown time zone `Europe\/Lisbn` for --zone\nhelp: did you mean `Europe\/Lisbon`\?\n/)
})

explain('an unknown TZ: the local column is UTC (Node\'s own fallback), not "undefined"', async () => {
  const r = await runCli(['explain', 'daily at 09:00 Asia/Tokyo', '--count', '1', ...now], { env: { TZ: 'Nowhere/Land' } })
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, /in your zone \(UTC\)\n {2}Thu 2024-06-13 09:00 \+09:00 +Thu 2024-06-13 00:00 \+00:00\n/)
  assert.match(r.stdout, /^Next run$/m)
})

explain('usage errors: no phrase, a bad --count, a bad --now', async () => {
  const none = await runCli(['explain'])
  assert.is(none.code, 2)
  assert.match(none.stderr, /error: no schedule phrase given\nhelp: e\.g\. scanplan explain/)
  const count = await runCli(['explain', 'daily at 09:00 UTC', '--count', '0'])
  assert.is(count.code, 2)
  assert.match(count.stderr, /--count must be a whole number from 1 to 100/)
  const when = await runCli(['explain', 'daily at 09:00 UTC', '--now', 'yesterday'])
  assert.is(when.code, 2)
  assert.match(when.stderr, /`--now yesterday` is not an ISO date or date-time/)
})

explain('NO_COLOR keeps ANSI codes out of the diagnostics even when colour is forced', async () => {
  const forced = await runCli(['explain', 'daily at 25:00 UTC'], { env: { FORCE_COLOR: '1' } })
  assert.match(forced.stderr, /\u001b\[/)
  const plain = await runCli(['explain', 'daily at 25:00 UTC'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })
  assert.is(plain.code, 1)
  assert.not.match(plain.stderr, /\u001b\[/)
  assert.match(plain.stderr, /error\[DSL020\]/)
})

explain.run()
