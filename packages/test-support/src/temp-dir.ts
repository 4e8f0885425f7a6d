import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const made: string[] = []
let removeOnExit = false

/**
 * A fresh directory under the OS temp dir, named `scanplan-<name>-XXXXXX`, removed when the test process exits
 * (so a suite leaves nothing behind, and a failing test's files stay inspectable while it runs). Pass
 * `{ keep: true }` for a directory the test removes itself or must outlive the process.
 */
export function tempDir(name: string, options: { keep?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `scanplan-${name}-`))
  if (options.keep) return dir
  made.push(dir)
  if (!removeOnExit) {
    removeOnExit = true
    process.once('exit', () => {
      for (const d of made) rmSync(d, { recursive: true, force: true })
    })
  }
  return dir
}
