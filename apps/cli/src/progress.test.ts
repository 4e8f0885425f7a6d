import { PassThrough, Readable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { CommandIO } from './io.js'
import { createProgress } from './progress.js'

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

test.run()
