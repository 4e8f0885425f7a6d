import { main, version } from 'scanplan/main'

export interface CliRun {
  exitCode: number
  /** Everything the command printed on stdout: under `--format json`, one JSON document. */
  stdout: string
}

/**
 * Runs a `scanplan` command line in this process, the way the bin does: the runner's environment (secrets included,
 * never in argv) and working directory; stdout captured for the document, stderr (diagnostics as text, progress)
 * straight to the job's log.
 */
export async function runScanplan(argv: string[]): Promise<CliRun> {
  let stdout = ''
  const exitCode = await main(
    {
      argv,
      env: process.env,
      cwd: process.cwd(),
      get stdin() {
        return process.stdin
      },
      stdout: { write: (s: string) => (stdout += s) },
      stderr: process.stderr,
    },
    version,
  )
  return { exitCode, stdout }
}
