import { Readable } from 'node:stream'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from './main.js'
import { nowFlag } from './parsed-args.js'

// Every command that takes a shared flag, with the arguments it needs to reach its flags (nothing is sent: the bad
// value stops each run first). The main() of bin.ts, in-process.
const root = new URL('../../../', import.meta.url).pathname
const seed = 'examples/seed-azure-org.yaml'
const takesNow = [['schedule', 'daily at 09:00 UTC'], ['explain', 'daily at 09:00 UTC'], ['compile', seed], ['doctor', seed, '--offline'], ['plan', seed], ['apply', seed, '--yes'], ['import', seed]]
const takesZone = [['schedule', 'daily at 09:00'], ['explain', 'daily at 09:00'], ['compile', seed]]
const takesPort = [['sim'], ['serve'], ['playground']]

async function run(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main({ argv, env: {}, cwd: root, stdin: Readable.from([]), stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false } }, '9.9.9')
  return { code, stdout, stderr }
}

/** Each command's usage error: exit 2, nothing on stdout, and the same error and help lines before its usage line. */
async function sameRefusal(commands: string[][], flag: string[], expected: string): Promise<void> {
  for (const args of commands) {
    const r = await run([...args, ...flag])
    assert.is(r.code, 2, `${args[0]}: ${r.stderr}`)
    assert.is(r.stdout, '', args[0])
    assert.ok(r.stderr.startsWith(expected), `${args[0]} said:\n${r.stderr}`)
    assert.match(r.stderr.slice(expected.length), new RegExp(`^usage: scanplan ${args[0]} `), args[0])
  }
}

const shared = suite('shared flags: one parser, one message in every command')

shared('--now: a word, a time without its offset, a day that does not exist', async () => {
  const help = 'help: write a date (`--now 2026-06-01`, 00:00 UTC) or an instant with its offset (`--now 2026-06-01T09:00:00Z`)\n'
  await sameRefusal(takesNow, ['--now', 'yesterday'], `error: \`--now yesterday\` is not an ISO date or date-time\n${help}`)
  await sameRefusal(takesNow, ['--now', '2026-06-01T09:00'], `error: \`--now 2026-06-01T09:00\` is not an ISO date or date-time\n${help}`)
  await sameRefusal(takesNow, ['--now', '2026-02-30'], `error: \`--now 2026-02-30\` is not an ISO date or date-time\n${help}`)
})

shared('--zone: an unknown zone with core\'s suggestions, or the advice to name one', async () => {
  await sameRefusal(takesZone, ['--zone', 'Europe/Pariss'], 'error: unknown time zone `Europe/Pariss` for --zone\nhelp: did you mean `Europe/Paris`?\n')
  await sameRefusal(takesZone, ['--zone', 'Mars/Olympus_Mons_Base'], 'error: unknown time zone `Mars/Olympus_Mons_Base` for --zone\nhelp: name an IANA zone such as `Europe/Berlin` or `UTC`\n')
})

shared('--port: words, out of range, and numbers Number() would read', async () => {
  for (const bad of ['eighty', '65536', '0x50', '8e3']) {
    await sameRefusal(takesPort, ['--port', bad], `error: invalid port \`${bad}\` for --port\nhelp: give a whole number from 0 to 65535 (0 picks a free port)\n`)
  }
})

shared('nowFlag: what it reads', () => {
  assert.is(nowFlag('2026-06-01').toISOString(), '2026-06-01T00:00:00.000Z', 'a date is its 00:00 UTC')
  assert.is(nowFlag('2026-06-01T11:00+02:00').toISOString(), '2026-06-01T09:00:00.000Z')
  assert.is(nowFlag('2028-02-29T23:59:59.5Z').toISOString(), '2028-02-29T23:59:59.500Z', 'a leap day')
  for (const bad of ['2027-02-29', '2026-13-01', '2026-06-01T24:00Z', '2026-06-01T09:60Z', '2026-06-01 09:00Z', '1780304400000']) {
    assert.throws(() => nowFlag(bad), (e: Error) => e.message === `\`--now ${bad}\` is not an ISO date or date-time`, bad)
  }
})

shared.run()
