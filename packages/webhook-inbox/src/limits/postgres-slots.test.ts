import { createTestDatabase, startTestPostgres } from '@scanplan/test-support/postgres-cluster'
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { openPostgresSlots, slotLockNamespace } from './postgres-slots.js'

const holderScript = join(dirname(fileURLToPath(import.meta.url)), '../test-fixtures/slot-holder.ts')
const account = { key: 'one account', gateway: 'http://127.0.0.1', username: 'holder' }

/** Slot locks held right now, by any session. */
async function heldSlots(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const result = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND granted`, [slotLockNamespace])
    return Number(result.rows[0]!.n)
  } finally {
    await client.end()
  }
}

const server = await startTestPostgres()
if (!server) {
  console.warn('PostgreSQL is not installed here: the slot tests did not run (they run in CI).')
} else {
  test('a slot is one call: two instances share two slots, and a call gives its slot back when it ends', async () => {
    const database = await createTestDatabase(server)
    const [a, b] = [openPostgresSlots({ connectionString: database.url }), openPostgresSlots({ connectionString: database.url })]
    try {
      let running = 0
      let most = 0
      const call = async () => {
        running++
        most = Math.max(most, running)
        await new Promise((resolve) => setTimeout(resolve, 20))
        running--
        return 'answered'
      }
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).limitFor(account, 2).run(call)))
      assert.equal(results, results.map(() => 'answered'))
      assert.is(most, 2)
      assert.is(await heldSlots(database.url), 0)
      // A failing call gives its slot back too.
      const failed = await a.limitFor(account, 2).run(() => Promise.reject(new Error('refused'))).catch((error: Error) => error.message)
      assert.is(failed, 'refused')
      assert.is(await heldSlots(database.url), 0)
    } finally {
      await Promise.all([a.close(), b.close()])
      await database.drop()
    }
  })

  test('an instance killed while it holds every slot frees them: another instance takes one at its next look', async () => {
    const database = await createTestDatabase(server)
    const other = openPostgresSlots({ connectionString: database.url })
    const holder = spawn(process.execPath, ['--import', 'tsx', '--conditions=@scanplan/source', holderScript, database.url, account.key], { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      let held = 0
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (chunk: Buffer) => {
          held += chunk.toString().split('\n').filter((line) => line === 'held').length
          if (held === 2) resolve()
        })
        holder.once('exit', (code) => reject(new Error(`the holder exited (${code}) before it held its slots`)))
      })
      assert.is(await heldSlots(database.url), 2)
      let ran = false
      const waiting = other.limitFor(account, 2).run(async () => {
        ran = true
        return heldSlots(database.url)
      })
      // Many looks (5 to 100 ms apart) find both slots taken while the holder lives.
      await new Promise((resolve) => setTimeout(resolve, 500))
      assert.is(ran, false, 'no slot while the holder lives')
      const exited = new Promise((resolve) => holder.once('exit', resolve))
      holder.kill('SIGKILL')
      await exited
      // The killed process's connections closed with it; PostgreSQL dropped its locks, and the waiter took one.
      assert.is(await waiting, 1)
      assert.is(await heldSlots(database.url), 0)
    } finally {
      holder.kill('SIGKILL')
      await other.close()
      await database.drop()
    }
  })

  test('stop the throwaway PostgreSQL', async () => {
    await server.stop()
  })
  test.run()
}
