import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { CommandIO } from './io.js'
import { readAll } from './io.js'
import { info } from './output.js'
import { UsageError } from './usage-error.js'

export interface Input {
  /** How messages name the input: the path as the user typed it, or `<stdin>` for `-`. */
  name: string
  text: string
}

const stdinName = '<stdin>'

/**
 * Reads a file (relative to the working directory) or, for `-`, all of stdin. A path that cannot be read is a usage
 * error (exit 2) that names the path and the reason, never a stack trace.
 */
export async function readInput(io: CommandIO, pathOrDash: string): Promise<Input> {
  if (pathOrDash === '-') {
    // A bare `-` on a terminal would otherwise look like a hang.
    if (io.isTTY.stdin) info(io, 'reading from stdin (end with Ctrl-D)')
    return { name: stdinName, text: await readAll(io.stdin) }
  }
  try {
    return { name: pathOrDash, text: await readFile(resolve(io.cwd, pathOrDash), 'utf8') }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message
    throw new UsageError(`cannot read \`${pathOrDash}\`: ${reason}`, code === 'ENOENT' ? 'check the path, or pass `-` to read from stdin' : undefined)
  }
}

/** Reads several inputs in order; stdin (`-`) may appear at most once, since it can be read only once. */
export async function readInputs(io: CommandIO, pathsOrDash: string[]): Promise<Input[]> {
  if (pathsOrDash.filter((p) => p === '-').length > 1) throw new UsageError('`-` (stdin) can be given only once')
  const inputs: Input[] = []
  for (const p of pathsOrDash) inputs.push(await readInput(io, p))
  return inputs
}
