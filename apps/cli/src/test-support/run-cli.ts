import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../bin.ts', import.meta.url))
// Resolved here, not by the child: `--import tsx` would be looked up from the child's cwd (often a temp dir).
const tsx = import.meta.resolve('tsx')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the CLI from source as a real subprocess (tsx, workspace sources), the way a user runs it: argv,
 * environment and stdin in; exit code, stdout and stderr out.
 */
export function runCli(args: string[], options: { env?: Record<string, string | undefined>; stdin?: string; cwd?: string; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...options.env }
    const child = spawn(process.execPath, ['--conditions=@scanplan/source', ...(options.nodeArgs ?? []), '--import', tsx, bin, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(options.stdin ?? '')
  })
}
