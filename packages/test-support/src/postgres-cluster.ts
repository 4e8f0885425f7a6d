import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)

export interface PostgresServer {
  /** A connection string to the `postgres` database with rights to create databases. */
  adminUrl: string
  stop(): Promise<void>
}

function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin')
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * A PostgreSQL for tests: `SCANPLAN_TEST_PG_URL` when set, otherwise a throwaway cluster (initdb in a temp dir,
 * pg_ctl on a free loopback port) that `stop()` shuts down and deletes. Returns undefined when PostgreSQL is not
 * installed, except under CI (`CI=true`), where that is an error: CI must run these tests.
 */
export async function startTestPostgres(): Promise<PostgresServer | undefined> {
  const given = process.env.SCANPLAN_TEST_PG_URL
  if (given) return { adminUrl: given, stop: async () => {} }
  const bin = findBinDir()
  if (!bin) {
    if (process.env.CI === 'true') throw new Error('PostgreSQL is not installed (CI needs it: apt-get install postgresql)')
    return undefined
  }
  const asRoot = process.getuid?.() === 0
  // initdb refuses to run as root: the cluster belongs to the postgres user.
  const as = (command: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args]) : run(join(bin, command), args)
  const dir = mkdtempSync(join(tmpdir(), 'scanplan-pg-'))
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const data = join(dir, 'data')
  const port = await freePort()
  try {
    await as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'])
    await as('pg_ctl', [
      '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60',
      '-o', `-h 127.0.0.1 -p ${port} -k ${dir} -c max_connections=200`,
      'start',
    ])
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A fresh, empty database on the server; `drop()` removes it. */
export async function createTestDatabase(server: PostgresServer): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `scanplan_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: server.adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(server.adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: server.adminUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}
