import type { CommandIO } from './io.js'

export interface Progress {
  /** One unit of work finished; `label` names it (a spec file, a connector). */
  tick(label: string): void
  /** A line for the human that must not be torn by the bar (retries, waits). */
  log(line: string): void
  /** Clears the bar; call once, also on failure. */
  stop(): void
}

/**
 * Progress over `total` units on stderr: a cli-progress bar when stderr is a terminal, otherwise one plain line per
 * unit (`[2/5] acme.yaml`), so that logs and CI output stay readable. `--quiet` shows neither.
 */
export async function createProgress(io: CommandIO, options: { total: number; title: string }): Promise<Progress> {
  if (io.quiet) return { tick() {}, log() {}, stop() {} }
  // isTTY first: reading stderrStream builds process.stderr, which plain lines do not need.
  const stream = io.isTTY.stderr ? io.stderrStream : undefined
  if (stream) {
    // Loaded only on a terminal: plain-line output needs none of it.
    const { SingleBar } = await import('cli-progress')
    const bar = new SingleBar({
      stream: stream as NodeJS.WriteStream,
      format: `${options.title} [{bar}] {value}/{total} {label}`,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
      // Colour codes are added only where colour is allowed; the bar itself is plain characters.
      barCompleteChar: '#',
      barIncompleteChar: '-',
    })
    bar.start(options.total, 0, { label: '' })
    return {
      tick: (label) => bar.increment(1, { label }),
      log: (line) => {
        // cli-progress redraws on the next update; clear the line first so the message is not mixed into the bar.
        ;(stream as NodeJS.WriteStream).clearLine?.(0)
        ;(stream as NodeJS.WriteStream).cursorTo?.(0)
        stream.write(line.endsWith('\n') ? line : `${line}\n`)
      },
      stop: () => bar.stop(),
    }
  }
  let done = 0
  const width = String(options.total).length
  return {
    tick: (label) => {
      done += 1
      io.stderr(`${options.title} [${String(done).padStart(width)}/${options.total}] ${label}\n`)
    },
    log: (line) => io.stderr(line.endsWith('\n') ? line : `${line}\n`),
    stop: () => {},
  }
}
