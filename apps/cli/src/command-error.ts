import type { ExitCode } from './exit-codes.js'

/**
 * A failure the user can act on (a file that cannot be read, Qualys unreachable, an apply that failed).
 * main() prints `error: MESSAGE` and `help: HELP` on stderr and exits with `exitCode`; no stack trace, since the
 * problem is in the input or the environment, not in scanplan.
 */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly help?: string,
  ) {
    super(message)
    this.name = 'CommandError'
  }
}
