import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The built page (`vite build`; turbo runs the package's build before its tests). */
export const distDir = fileURLToPath(new URL('../../dist/', import.meta.url))
const cliBin = fileURLToPath(new URL('../../../cli/src/bin.ts', import.meta.url))

export interface BuiltPageServer {
  url: string
  close(): Promise<void>
}

/**
 * Serves the built page with the real `scanplan playground` command (from the CLI's sources, on a free port of
 * 127.0.0.1), so the browser tests also prove the page works behind that server and its Content-Security-Policy.
 */
export function serveBuiltPage(): Promise<BuiltPageServer> {
  if (!existsSync(`${distDir}index.html`)) throw new Error(`no build in ${distDir}: run \`pnpm --filter @scanplan/playground build\``)
  const tsx = import.meta.resolve('tsx')
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--conditions=@scanplan/source', '--import', tsx, cliBin, 'playground', '--dir', distDir, '--port', '0'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    const exited = new Promise<void>((done) => child.on('close', () => done()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`scanplan playground printed no URL within 30 s: ${stderr}`))
    }, 30_000)
    child.stderr!.on('data', (d) => (stderr += d))
    child.stdout!.on('data', (d) => {
      stdout += d
      const url = /^(http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(stdout)?.[1]
      if (!url) return
      clearTimeout(timer)
      resolve({
        url,
        close: async () => {
          child.kill('SIGTERM')
          await exited
        },
      })
    })
    void exited.then(() => reject(new Error(`scanplan playground exited before serving: ${stderr}`)))
  })
}
