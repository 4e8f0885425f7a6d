import { fstatSync, writeSync } from 'node:fs'
import { runEarlyExitCleanups } from './exit-cleanup.js'

/** Text output on stdout or stderr, in the shape `main` and the commands take. */
export interface FdOutput {
  write(text: string): boolean
  /** Asked only for colour and the bare-`scanplan` check; nothing else needs node:tty loaded. */
  readonly isTTY: boolean
}

type WriteSync = (fd: number, buffer: Uint8Array, offset: number, length: number) => number
type Stream = Pick<NodeJS.WritableStream, 'write' | 'on'>

export interface FdOutputOptions {
  /** Tests inject failures here; the default is fs.writeSync. */
  writeSync?: WriteSync
  /**
   * Called once on EPIPE; later writes are dropped. The default runs the early-exit cleanups (session logout,
   * exit-cleanup.ts), then ends the process with the exit code it would have had.
   */
  exitQuietly?: () => void
  /** Tests count calls here; the default is node:tty's. */
  isatty?: (fd: number) => boolean
}

// process.getBuiltinModule loads node:tty (and the net and stream modules behind it, about 5 ms) only when called,
// from the ES module sources and the CommonJS launcher alike.
const defaultIsatty = (fd: number) => process.getBuiltinModule('node:tty').isatty(fd)

const defaultExit = () => void runEarlyExitCleanups().then(() => process.exit(process.exitCode ?? 0))

/**
 * Writes to `fd` with blocking write(2) calls instead of through process.stdout/stderr: constructing those streams
 * is a measurable share of `scanplan --help` start-up (bin.ts). Blocking writes also keep the order of everything
 * written and leave nothing unflushed at exit.
 *
 * A parent may hand over a non-blocking fd (or constructing process.stdin/stderr for a pipe sets O_NONBLOCK on a
 * shared one): then a write fails with EAGAIN once the pipe is full. From that write on, `stream()` (the real
 * process stream, which waits for the pipe) gets the rest, and every later text too, so that nothing overtakes
 * what is still queued there. A reader that closed the pipe (`| head`, EPIPE) ends the process quietly.
 */
export function fdOutput(fd: number, stream: () => Stream, options: FdOutputOptions = {}): FdOutput {
  const write = options.writeSync ?? writeSync
  const exitQuietly = options.exitQuietly ?? defaultExit
  const isatty = options.isatty ?? defaultIsatty
  let fallback: Stream | undefined
  let tty: boolean | undefined
  let closed = false
  const readerGone = () => {
    // Once: the cleanups take a moment, and the command may go on writing meanwhile.
    if (closed) return
    closed = true
    exitQuietly()
  }

  const toStream = (): Stream => {
    if (!fallback) {
      fallback = stream()
      fallback.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') return readerGone()
        throw error
      })
    }
    return fallback
  }

  return {
    write(text) {
      if (closed) return false
      if (fallback) return fallback.write(text)
      const bytes = Buffer.from(text, 'utf8')
      let done = 0
      while (done < bytes.length) {
        try {
          done += write(fd, bytes, done, bytes.length - done)
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code
          if (code === 'EAGAIN') return toStream().write(bytes.subarray(done))
          if (code === 'EPIPE') {
            readerGone()
            return false
          }
          throw error
        }
      }
      return true
    },
    get isTTY() {
      // A terminal is always a character device, so a pipe or a file is answered by fstat alone; only a character
      // device (a terminal, /dev/null) needs isatty and the modules it loads.
      tty ??= isCharacterDevice(fd) && isatty(fd)
      return tty
    },
  }
}

function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice()
  } catch {
    return false // a closed fd is no terminal
  }
}
