import { spawn, spawnSync } from 'node:child_process'
import { closeSync, constants, openSync, readSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { fdOutput } from './fd-output.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code })
}

/** A stand-in for process.stdout that keeps what it was given. */
function collector() {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk))
      done()
    },
  })
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') }
}

test('a partial write is followed by writes of the rest, until every byte is out', () => {
  const written: string[] = []
  const out = fdOutput(1, () => assert.unreachable('no stream for partial writes') as never, {
    // At most 3 bytes per call, like a pipe that takes a little at a time.
    writeSync: (_fd, buffer, offset, length) => {
      const n = Math.min(3, length)
      written.push(Buffer.from(buffer.subarray(offset, offset + n)).toString('utf8'))
      return n
    },
  })
  assert.is(out.write('héllo, wörld\n'), true)
  assert.is(written.join(''), 'héllo, wörld\n')
  assert.ok(written.length > 4)
})

test('EAGAIN hands the unwritten rest, and every later text, to the stream, in order', () => {
  const fd: string[] = []
  let calls = 0
  const sink = collector()
  let opened = 0
  const out = fdOutput(
    2,
    () => {
      opened += 1
      return sink.stream
    },
    {
      writeSync: (_fd, buffer, offset, length) => {
        calls += 1
        if (calls === 1) return (fd.push('first\n'), length)
        if (calls === 2) return (fd.push(Buffer.from(buffer.subarray(offset, offset + 4)).toString()), 4)
        throw errno('EAGAIN')
      },
    },
  )
  out.write('first\n')
  assert.is(opened, 0, 'the stream is built only when needed')
  out.write('second\n')
  out.write('third\n')
  assert.is(calls, 3, 'after EAGAIN the fd is not tried again: a later text must not overtake the queued rest')
  assert.is(opened, 1)
  assert.is(fd.join('') + sink.text(), 'first\nsecond\nthird\n')
  assert.is(sink.text(), 'nd\nthird\n', 'the rest of the text EAGAIN interrupted')
})

test('EAGAIN on a real non-blocking pipe: what the pipe took plus what the stream got is the text, in order', () => {
  const dir = tempDir('fd')
  const fifo = join(dir, 'pipe')
  try {
    assert.is(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo')
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)
    try {
      const sink = collector()
      const out = fdOutput(writer, () => sink.stream)
      // More than a pipe buffer holds (64 KiB on Linux), with nobody reading meanwhile.
      const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`)
      for (const line of lines) out.write(line)
      const drained: Buffer[] = []
      const chunk = Buffer.alloc(65_536)
      for (;;) {
        let n = 0
        try {
          n = readSync(reader, chunk)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break
          throw error
        }
        if (n === 0) break
        drained.push(Buffer.from(chunk.subarray(0, n)))
      }
      const piped = Buffer.concat(drained).toString('utf8')
      assert.ok(piped.length > 0 && sink.text().length > 0, 'both the pipe and the stream got a share')
      assert.is(piped + sink.text(), lines.join(''))
    } finally {
      closeSync(writer)
      closeSync(reader)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('EPIPE ends quietly, on the write and on the fallback stream', () => {
  let exits = 0
  const out = fdOutput(1, () => assert.unreachable('no stream on EPIPE') as never, {
    writeSync: () => {
      throw errno('EPIPE')
    },
    exitQuietly: () => void (exits += 1),
  })
  out.write('x')
  assert.is(exits, 1)

  const sink = collector()
  const later = fdOutput(1, () => sink.stream, {
    writeSync: () => {
      throw errno('EAGAIN')
    },
    exitQuietly: () => void (exits += 1),
  })
  later.write('y')
  sink.stream.emit('error', errno('EPIPE'))
  assert.is(exits, 2)
})

test('any other write error is thrown, not swallowed', () => {
  const out = fdOutput(1, () => assert.unreachable() as never, {
    writeSync: () => {
      throw errno('EIO')
    },
  })
  assert.throws(() => out.write('x'), /EIO/)
})

test('a reader that closes the pipe: the process exits with its exit code so far, nothing on stderr', async () => {
  const module = fileURLToPath(new URL('./fd-output.ts', import.meta.url))
  const script = `
    const { fdOutput } = await import(${JSON.stringify(module)})
    const out = fdOutput(1, () => process.stdout)
    process.exitCode = 3
    // One write per turn of the event loop, like a command: the fallback stream (EAGAIN) reports EPIPE there.
    const tick = () => (out.write('y'.repeat(1000) + '\\n'), setImmediate(tick))
    tick()
  `
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.once('data', () => child.stdout.destroy())
    child.on('close', (code) => resolve({ code, stderr }))
  })
  assert.is(result.stderr, '')
  assert.is(result.code, 3)
})

test('isTTY: a pipe or a file is answered by fstat alone; a character device asks isatty, once', () => {
  const asked: number[] = []
  const isatty = (fd: number) => (asked.push(fd), false)
  const dir = tempDir('fd')
  try {
    const fifo = join(dir, 'pipe')
    assert.is(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo')
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)
    const file = openSync(join(dir, 'out.txt'), 'w')
    try {
      assert.is(fdOutput(writer, () => assert.unreachable() as never, { isatty }).isTTY, false)
      assert.is(fdOutput(file, () => assert.unreachable() as never, { isatty }).isTTY, false)
      assert.equal(asked, [], 'a pipe or a file needs no isatty')
    } finally {
      for (const fd of [reader, writer, file]) closeSync(fd)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const devNull = openSync('/dev/null', 'w')
  try {
    const out = fdOutput(devNull, () => assert.unreachable() as never, { isatty })
    assert.is(out.isTTY, false)
    assert.is(out.isTTY, false)
    assert.equal(asked, [devNull], '/dev/null is a character device: isatty decides, and is asked once')
    assert.is(fdOutput(devNull, () => assert.unreachable() as never, { isatty: () => true }).isTTY, true)
  } finally {
    closeSync(devNull)
  }
})

test.run()
