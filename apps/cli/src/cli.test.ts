import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { commands } from './command-table.js'
import { runCli } from './test-support/run-cli.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

// The CLI as users meet it: a real subprocess per case, exit code, stdout and stderr all checked.

const ansi = /\u001b\[/
const recorder = fileURLToPath(new URL('./test-support/record-imports.mjs', import.meta.url))

test('--help leads with examples, lists every command, and writes nothing to stderr', async () => {
  const r = await runCli(['--help'])
  assert.is(r.code, 0)
  assert.is(r.stderr, '')
  assert.match(r.stdout, /^scanplan \d+\.\d+\.\d+: /)
  const examples = r.stdout.indexOf('Examples:')
  assert.ok(examples > 0 && examples < r.stdout.indexOf('Usage:'), 'examples come before usage')
  for (const c of commands) assert.match(r.stdout, new RegExp(`^  ${c.name} +\\S`, 'm'))
  for (const flag of ['--help', '--json', '--quiet', '--no-color', '--version']) assert.ok(r.stdout.includes(flag), flag)
  assert.match(r.stdout, /Exit codes: 0 ok, 1 .*, 2 usage error, 3 Qualys unreachable .*\n.*4 `plan --detailed-exitcode`/)
})

test('every command has --help with examples first, its usage, and the global flags', async () => {
  assert.ok(commands.length >= 3)
  for (const c of commands) {
    assert.ok(c.examples.length > 0, `${c.name} has examples`)
    for (const e of c.examples) assert.match(e, new RegExp(`(^|\\| |\\s)scanplan ${c.name}\\b`), `${c.name} example: ${e}`)
    const r = await runCli([c.name, '--help'])
    assert.is(r.code, 0, `${c.name} --help: ${r.stderr}`)
    assert.is(r.stderr, '')
    assert.ok(r.stdout.indexOf('Examples:') < r.stdout.indexOf('Usage:'), `${c.name}: examples first`)
    assert.ok(r.stdout.includes(`Usage: ${c.usage}`))
    assert.ok(r.stdout.includes('--json') && r.stdout.includes('--quiet'), `${c.name} lists the global flags`)
  }
})

test('`scanplan help COMMAND` is the same as `scanplan COMMAND --help`', async () => {
  const a = await runCli(['help', 'init'])
  const b = await runCli(['init', '--help'])
  assert.is(a.code, 0)
  assert.is(a.stdout, b.stdout)
})

test('--help loads no command module and no heavy dependency', async () => {
  const dir = tempDir('imports')
  try {
    for (const args of [['--help'], ...commands.map((c) => [c.name, '--help'])]) {
      const log = join(dir, `${args.join('_')}.txt`)
      const r = await runCli(args, { env: { SCANPLAN_RECORD_IMPORTS: log }, nodeArgs: ['--import', recorder] })
      assert.is(r.code, 0, r.stderr)
      const loaded = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:') && !/\/(tsx|esbuild)@/.test(u))
      assert.ok(loaded.some((u) => u.endsWith('/apps/cli/src/main.ts')), 'the recorder saw the CLI load')
      const heavy = loaded.filter((u) => /\/commands\/|node_modules\/(?!\.pnpm\/(tsx|esbuild)@)|\/packages\//.test(u))
      assert.equal(heavy, [], `scanplan ${args.join(' ')} loaded ${heavy.join(', ')}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

// The BUILT launcher (dist/bin.cjs, the package's bin; needs `build`, which turbo runs before `test`).
const launcher = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url))
const launcherRecorder = fileURLToPath(new URL('./test-support/record-launcher.cjs', import.meta.url))

/** Runs dist/bin.cjs under both recorders: the CommonJS files and stdio streams it built, and the ES modules. */
function recordLauncher(args: string[], dir: string, input = '') {
  assert.ok(existsSync(launcher), `${launcher} is missing: run \`pnpm exec turbo run build --filter=scanplan...\` first`)
  const run = (nodeArgs: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [...nodeArgs, launcher, ...args], { env: { PATH: process.env.PATH!, TZ: 'UTC', NO_COLOR: '1', ...env }, input, encoding: 'utf8' })
  const cjsLog = join(dir, 'launcher.json')
  const esmLog = join(dir, 'imports.txt')
  for (const log of [cjsLog, esmLog]) rmSync(log, { force: true })
  const r = run(['-r', launcherRecorder], { SCANPLAN_RECORD_LAUNCHER: cjsLog })
  const { files, streams } = JSON.parse(readFileSync(cjsLog, 'utf8')) as { files: string[]; streams: string[] }
  // --import makes Node load even a CommonJS entry through the ES module loader, so the entry is in this list too.
  run(['--import', recorder], { SCANPLAN_RECORD_IMPORTS: esmLog })
  const modules = readFileSync(esmLog, 'utf8').split('\n').filter((u) => u.startsWith('file:') && !u.includes('/test-support/record-imports'))
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, files, streams, modules }
}

test('the built launcher: --help and --version load dist/bin.cjs alone, no ES module, and build no stdio stream', () => {
  const dir = tempDir('launcher')
  try {
    for (const args of [['--help'], ['--version'], [], ['help', 'plan'], ...commands.map((c) => [c.name, '--help'])]) {
      const r = recordLauncher(args, dir)
      const line = `scanplan ${args.join(' ')}`
      assert.is(r.code, args.length === 0 ? 2 : 0, `${line}: ${r.stderr}`)
      assert.ok(r.stdout.length > 0, `${line} printed`)
      assert.equal(r.files, [launcher], `${line}: CommonJS files`)
      assert.equal(r.modules, [pathToFileURL(launcher).href], `${line}: ES modules`)
      assert.equal(r.streams, [], `${line}: built process streams`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the built bin: the schedule path is CommonJS throughout, and streams are built on demand', () => {
  const dir = tempDir('launcher')
  try {
    const compiler = fileURLToPath(new URL('../dist/schedule-compiler.cjs', import.meta.url))
    const argument = recordLauncher(['schedule', 'daily at 09:00 UTC'], dir)
    assert.is(argument.code, 0, argument.stderr)
    assert.match(argument.stdout, /recurrence +DAILY/)
    assert.equal(argument.files, [launcher, compiler], 'bin.cjs, then the schedule compiler beside it')
    assert.equal(argument.modules, [pathToFileURL(launcher).href], 'no ES module but the entry (--import loads even that through the ES loader)')
    assert.equal(argument.streams, [], 'a phrase on the command line builds no stream')
    const piped = recordLauncher(['schedule', '-'], dir, 'daily at 09:00 UTC\n')
    assert.is(piped.code, 0, piped.stderr)
    // Node itself reads process.stderr when it closes stdin's socket (net.js), hence no more than "first".
    assert.is(piped.streams[0], 'stdin', 'reading `-` builds process.stdin')
    assert.not.ok(piped.streams.includes('stdout'), 'stdout is still written through its fd')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the built bin: commands that need other packages import them as ES modules, and their errors are main\'s', () => {
  const dir = tempDir('launcher')
  try {
    const compiled = recordLauncher(['compile', '-'], dir, 'not: [a spec\n')
    assert.is(compiled.code, 1, compiled.stderr)
    assert.ok(compiled.modules.some((u) => /\/packages\/core\/dist\/index\.js$/.test(u)), 'compile imports @scanplan/core')
    // init's UsageError is thrown inside the command and recognised by main (instanceof): one class in one bundle.
    const usage = recordLauncher(['init'], dir)
    assert.is(usage.code, 2, usage.stderr)
    assert.match(usage.stderr, /^error: no terminal to ask for the Qualys username on\nhelp: /)
    const schema = recordLauncher(['schema'], dir)
    assert.is(schema.code, 0, schema.stderr)
    assert.is(JSON.parse(schema.stdout).$schema, 'http://json-schema.org/draft-07/schema#', 'schema finds core\'s schema.json from the bundle')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--version prints the package version on stdout', async () => {
  const r = await runCli(['--version'])
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  assert.is(r.code, 0)
  assert.is(r.stdout, `${pkg.version}\n`)
})

test('an unknown command gets a "did you mean", on stderr, exit 2', async () => {
  const r = await runCli(['inti'])
  assert.is(r.code, 2)
  assert.is(r.stdout, '')
  assert.is(r.stderr, 'error: unknown command `inti`\nhelp: did you mean `scanplan init`?\n')
})

test('an unknown flag gets a "did you mean" and the usage line, exit 2', async () => {
  const r = await runCli(['init', '--usrname', 'acme3ab1'])
  assert.is(r.code, 2)
  assert.is(r.stdout, '')
  assert.match(r.stderr, /^error: unknown option `--usrname` for `scanplan init`\nhelp: did you mean `--username`\?\nusage: scanplan init /)
})

test('a flag missing its value is a usage error, exit 2', async () => {
  const r = await runCli(['init', '--username'])
  assert.is(r.code, 2)
  assert.match(r.stderr, /^error: Option '--username <value>' argument missing/)
})

test('no arguments and no terminal: the help on stdout, exit 2 (a script that forgot its command)', async () => {
  const r = await runCli([])
  assert.is(r.code, 2)
  assert.match(r.stdout, /Usage: scanplan <command>/)
})

test('colour: only when forced or on a terminal, never with NO_COLOR or --no-color', async () => {
  const dir = tempDir('color')
  try {
    const args = (out: string) => ['init', '--username', 'acme3ab1', '--out', out]
    const plain = await runCli(args('a.yaml'), { cwd: dir })
    assert.is(plain.code, 0)
    assert.not.match(plain.stderr, ansi, 'a pipe gets no colour')
    const forced = await runCli(args('b.yaml'), { cwd: dir, env: { FORCE_COLOR: '1' } })
    assert.match(forced.stderr, ansi, 'FORCE_COLOR colours')
    const noColor = await runCli(args('c.yaml'), { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })
    assert.is(noColor.code, 0)
    assert.not.match(noColor.stderr, ansi, 'NO_COLOR wins over FORCE_COLOR')
    assert.match(noColor.stderr, /wrote c\.yaml/)
    const flag = await runCli([...args('d.yaml'), '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } })
    assert.is(flag.code, 0)
    assert.not.match(flag.stderr, ansi, '--no-color wins over FORCE_COLOR')
    const empty = await runCli(args('e.yaml'), { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '' } })
    assert.match(empty.stderr, ansi, 'an empty NO_COLOR does not disable colour (no-color.org)')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--quiet silences messages but not data or errors', async () => {
  const dir = tempDir('quiet')
  try {
    const quiet = await runCli(['init', '--quiet', '--username', 'acme3ab1'], { cwd: dir })
    assert.is(quiet.code, 0)
    assert.is(quiet.stderr, '')
    assert.is(quiet.stdout, '')
    const data = await runCli(['init', '-q', '--username', 'acme3ab1', '--out', '-'], { cwd: dir })
    assert.match(data.stdout, /username: acme3ab1/)
    const error = await runCli(['init', '-q', '--username', 'acme3ab1'], { cwd: dir })
    assert.is(error.code, 1)
    assert.match(error.stderr, /already exists/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('global flags before the command reach it: `scanplan --no-color --json explain ...`', async () => {
  const r = await runCli(['--no-color', '--json', 'explain', 'daily at 25:00 UTC'], { env: { FORCE_COLOR: '1' } })
  assert.is(r.code, 1)
  assert.not.match(r.stderr, ansi)
  assert.match(r.stderr, /error\[DSL020\]/)
  assert.is((JSON.parse(r.stdout) as { ok: boolean }).ok, false)
})

test('a reader that closes stdout early (`| head -1`) ends the command quietly, not with a stack trace', async () => {
  const tsx = import.meta.resolve('tsx')
  const bin = fileURLToPath(new URL('./bin.ts', import.meta.url))
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@scanplan/source', '--import', tsx, bin, 'explain', '--now', '2024-06-12T09:00:00Z', '-'], {
      env: { PATH: process.env.PATH, TZ: 'UTC' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    // Many phrases, so that the command is still writing when the pipe closes.
    child.stdin.end('daily at 09:00 UTC\n'.repeat(400))
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy())
    child.on('close', (code) => resolve({ code, stderr }))
  })
  assert.is(result.code, 0)
  assert.not.match(result.stderr, /internal error|EPIPE/)
})

test.run()
