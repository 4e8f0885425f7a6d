import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { CommandIO } from './io.js'
import { createProgress } from './progress.js'
import { runCli } from './test-support/run-cli.js'
import { readSimEnv } from '@scanplan/test-support/sim-env'
import { tempDir } from '@scanplan/test-support/temp-dir'

function fakeIO(options: { tty: boolean; quiet?: boolean }) {
  let stderr = ''
  const stream = Object.assign(new PassThrough(), { isTTY: options.tty, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true })
  stream.on('data', (d: Buffer) => (stderr += d.toString()))
  const io: CommandIO = {
    stdout: () => {},
    stderr: (t) => void stream.write(t),
    stdin: Readable.from([]),
    env: {},
    cwd: process.cwd(),
    color: { stdout: false, stderr: false },
    isTTY: { stdin: false, stdout: options.tty, stderr: options.tty },
    quiet: options.quiet ?? false,
    stderrStream: stream,
  }
  return { io, stderr: () => stderr }
}

test('without a terminal: one plain line per unit, numbered, and log lines as they are', async () => {
  const { io, stderr } = fakeIO({ tty: false })
  const progress = await createProgress(io, { total: 12, title: 'planning' })
  progress.tick('a.yaml')
  progress.log('waiting 2.0 s before retrying')
  progress.tick('b.yaml')
  progress.stop()
  await new Promise((r) => setImmediate(r))
  assert.is(stderr(), 'planning [ 1/12] a.yaml\nwaiting 2.0 s before retrying\nplanning [ 2/12] b.yaml\n')
})

test('on a terminal: a cli-progress bar on stderr, redrawn in place, cleared at the end', async () => {
  const { io, stderr } = fakeIO({ tty: true })
  const progress = await createProgress(io, { total: 2, title: 'applying' })
  progress.tick('a.yaml')
  progress.tick('b.yaml')
  progress.stop()
  await new Promise((r) => setImmediate(r))
  const out = stderr()
  assert.match(out, /applying \[#+-*\] [12]\/2/)
  assert.not.match(out, /\n.*\n.*\n/, 'no line per unit: the bar is redrawn in place')
})

test('--quiet: neither bar nor lines', async () => {
  for (const tty of [true, false]) {
    const { io, stderr } = fakeIO({ tty, quiet: true })
    const progress = await createProgress(io, { total: 2, title: 'planning' })
    progress.tick('a.yaml')
    progress.log('waiting')
    progress.stop()
    await new Promise((r) => setImmediate(r))
    assert.is(stderr(), '')
  }
})

// End to end: `plan` over two specs against the in-process simulator, once on a pipe and once on a real terminal.
const examples = fileURLToPath(new URL('../../../examples/', import.meta.url))
const simEnv = readSimEnv()

function twoSpecs(): string {
  const dir = tempDir('progress')
  copyFileSync(join(examples, 'acme-azure-org.yaml'), join(dir, 'a.yaml'))
  writeFileSync(join(dir, 'b.yaml'), readFileSync(join(dir, 'a.yaml'), 'utf8').replace('API Test 1 ', 'API Test 2 '))
  return dir
}

test('plan over several specs on a pipe: plain numbered lines on stderr', async () => {
  const dir = twoSpecs()
  try {
    const r = await runCli(['plan', 'a.yaml', 'b.yaml', '--target', 'sim'], { cwd: dir, env: simEnv })
    assert.is(r.code, 0, r.stderr)
    assert.match(r.stderr, /^planning \[1\/2\] (a|b)\.yaml$/m)
    assert.match(r.stderr, /^planning \[2\/2\] (a|b)\.yaml$/m)
    assert.not.match(r.stderr, /\u001b\[\?25l/, 'no cursor games on a pipe')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('plan over several specs on a terminal (a pty from script(1)): a bar, drawn in place and cleared', async () => {
  assert.ok(existsSync('/usr/bin/script'), 'script(1) is needed for this test')
  const dir = twoSpecs()
  try {
    const bin = fileURLToPath(new URL('./bin.ts', import.meta.url))
    const command = ['node', '--conditions=@scanplan/source', '--import', import.meta.resolve('tsx'), bin, 'plan', 'a.yaml', 'b.yaml', '--target', 'sim'].map((a) => `'${a}'`).join(' ')
    const { code, screen } = await new Promise<{ code: number | null; screen: string }>((resolve) => {
      const child = spawn('/usr/bin/script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', NO_COLOR: '1', ...simEnv }, stdio: ['pipe', 'pipe', 'pipe'] })
      let screen = ''
      child.stdout.on('data', (d: Buffer) => (screen += d.toString()))
      child.on('close', (code) => resolve({ code, screen }))
      child.stdin.end()
      setTimeout(() => child.kill('SIGKILL'), 60_000).unref()
    })
    assert.is(code, 0, screen)
    assert.match(screen, /\u001b\[\?25l/, 'the cursor is hidden while the bar runs')
    assert.match(screen, /planning \[#{24}\] 2\/2/)
    assert.not.match(screen, /planning \[1\/2\]/, 'no plain lines on a terminal')
    assert.match(screen, /\+ create azure-org connector/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()
