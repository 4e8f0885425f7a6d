/** The one exit-code table of the CLI (documented in docs/cli.md). */
export const ExitCode = {
  ok: 0,
  /** The input does not compile, or an apply failed. */
  failure: 1,
  /** Wrong command, flag or argument. */
  usage: 2,
  /** Could not reach or authenticate to Qualys. */
  unreachable: 3,
  /** `plan --detailed-exitcode`: the plan has changes. */
  changes: 4,
  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT's number, as shells report it). */
  interrupted: 130,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
