#!/usr/bin/env node
import { fdOutput } from './fd-output.js'
import { main } from './main.js'
import { version } from './version.js'

// Node 22.1+ caches compiled code between runs. The call does not exist on Node 20, and loading node:module there
// only to find that out costs ~2 ms (it starts part of the ES module loader), so the version is asked first.
if (Number(process.versions.node.split('.')[0]) >= 22) {
  ;(process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.()
}

// process.stdout, process.stderr and process.stdin are streams built on first use, ~6 ms each on a pipe: a sixth of
// `node -e 0`, against a --help budget of 1.3x it (docs/performance.md). Text goes out through blocking writes on
// the fds; the streams are built only for a command that reads stdin, draws a progress bar or prompts.
const stdout = fdOutput(1, () => process.stdout)
const stderr = fdOutput(2, () => process.stderr)

main(
  {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    get stdin() {
      return process.stdin
    },
    stdout,
    stderr,
    get stderrStream() {
      return process.stderr
    },
  },
  version,
).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // An unexpected failure is a bug in scanplan, not in the user's input: say so, without secrets (none reach here).
    stderr.write(`scanplan: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  },
)
