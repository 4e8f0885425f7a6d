import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serviceEnv } from './service-fixture.js'

// The service as its own process (bin.ts from source), for the tests that kill it or signal it.

const src = join(dirname(fileURLToPath(import.meta.url)), '..')

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

export function startChild(configFile: string, target: string, extraEnv: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=@scanplan/source', join(src, 'bin.ts'), '--config', configFile, '--target', target], {
    cwd: join(src, '..'),
    env: { PATH: process.env.PATH, ...serviceEnv(), ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
}

/** The exit code (null when a signal ended it). */
export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))))
