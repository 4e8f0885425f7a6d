import { spawn, type ChildProcess } from 'node:child_process'
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

export interface ServingCli {
  child: ChildProcess
  /** The URL the command printed. */
  url: string
  stdout: () => string
  stderr: () => string
  exit: Promise<number | null>
}

/**
 * Starts a long-running command (`sim`, `serve`, `playground`) from source as a real subprocess and resolves once
 * its stdout holds the URL it serves on (`urlPattern`'s first group); rejects if it exits first or after 30 s.
 */
export function startCliServer(args: string[], options: { env?: Record<string, string>; urlPattern: RegExp }): Promise<ServingCli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@scanplan/source', '--import', tsx, bin, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...options.env } as Record<string, string>,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no URL within 30 s; stderr: ${stderr}`))
    }, 30_000)
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.on('data', (d) => {
      stdout += d
      // The first group that matched: a pattern may offer alternatives (a plain URL line, a JSON document).
      const url = options.urlPattern.exec(stdout)?.slice(1).find((group) => group !== undefined)
      if (url) {
        clearTimeout(timer)
        resolve({ child, url, stdout: () => stdout, stderr: () => stderr, exit })
      }
    })
    void exit.then((code) => {
      clearTimeout(timer)
      reject(new Error(`exited ${code} before serving; stderr: ${stderr}`))
    })
  })
}
