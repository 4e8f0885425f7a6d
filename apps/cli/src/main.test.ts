import { Readable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from './main.js'

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = ''
  let stderr = ''
  const code = await main(
    {
      argv,
      env,
      cwd: process.cwd(),
      stdin: Readable.from([]),
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
    },
    '9.9.9',
  )
  return { code, stdout, stderr }
}

test('--help leads with examples and lists the commands', async () => {
  const r = await run(['--help'])
  assert.is(r.code, 0)
  assert.match(r.stdout, /^scanplan 9\.9\.9: /)
  assert.ok(r.stdout.indexOf('Examples:') < r.stdout.indexOf('Usage:'))
  assert.is(r.stderr, '')
})

test('--version prints the version on stdout', async () => {
  const r = await run(['--version'])
  assert.is(r.code, 0)
  assert.is(r.stdout, '9.9.9\n')
})

test('an unknown command is a usage error (exit 2) on stderr', async () => {
  const r = await run(['frobnicate'])
  assert.is(r.code, 2)
  assert.is(r.stdout, '')
  assert.match(r.stderr, /error: unknown command `frobnicate`/)
})

test('no arguments without a terminal prints help and exits 2', async () => {
  const r = await run([])
  assert.is(r.code, 2)
  assert.match(r.stdout, /Usage: scanplan <command>/)
})

test('global flags may come before the command', async () => {
  const r = await run(['--no-color', '-q', 'help', 'init'])
  assert.is(r.code, 0)
  assert.match(r.stdout, /^write a commented starter spec/)
  const unknown = await run(['--json', 'frobnicate'])
  assert.is(unknown.code, 2)
  assert.match(unknown.stderr, /unknown command `frobnicate`/)
  const only = await run(['--json'])
  assert.is(only.code, 2, 'a global flag alone is still no command')
})

test('`help` with an unknown command is a usage error with a suggestion', async () => {
  const r = await run(['help', 'doctr'])
  assert.is(r.code, 2)
  assert.is(r.stdout, '')
  assert.is(r.stderr, 'error: unknown command `doctr`\nhelp: did you mean `scanplan help doctor`?\n')
})

test('COMMAND --help ignores the other arguments, even ones that would not parse', async () => {
  const r = await run(['init', '--bogus', '--help', '--username'])
  assert.is(r.code, 0)
  assert.match(r.stdout, /^write a commented starter spec/)
  assert.is(r.stderr, '')
})

test.run()
