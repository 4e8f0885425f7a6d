#!/usr/bin/env node
import module from 'node:module'
import { main } from './main.js'
import { version } from './version.js'

// Node 22.1+ caches compiled code between runs; on Node 20 the call does not exist and start-up is unchanged.
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()

// `scanplan ... | head` closes stdout early; that is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

main({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, version).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // An unexpected failure is a bug in scanplan, not in the user's input: say so, without secrets (none reach here).
    process.stderr.write(`scanplan: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  },
)
