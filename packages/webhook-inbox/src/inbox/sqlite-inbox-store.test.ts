import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runInboxContract } from '../test-fixtures/inbox-store-contract.js'
import { openSqliteInbox } from './sqlite-inbox-store.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

for (const commitThread of [true, false]) {
  runInboxContract(commitThread ? 'SQLite' : 'SQLite, commits on the main thread', async () => {
    const dir = tempDir('inbox')
    return {
      open: async () => openSqliteInbox({ path: join(dir, 'inbox.db'), commitThread }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    }
  })
}

test('one SQLite inbox has one owner: a second opener is refused with a clear message until the first closes', async () => {
  const dir = tempDir('inbox-owner')
  const path = join(dir, 'inbox.db')
  try {
    const first = openSqliteInbox({ path })
    await first.acceptBatch([{ id: 'd1', endpoint: '/hooks/spec', body: '{}', receivedAt: 1 }])
    await first.claim('first-owner', 2, 60_000)
    assert.throws(() => openSqliteInbox({ path }), (error: Error) => /is already open in another process.*one process owns a SQLite inbox/s.test(error.message) && error.message.includes(path))
    // The refused opener changed nothing: the first owner's lease is still there.
    assert.is((await first.get('d1'))!.leaseOwner, 'first-owner')
    await first.close()
    const second = openSqliteInbox({ path })
    assert.is((await second.get('d1'))!.status, 'queued', 'the new owner takes back the leases the previous one left')
    await second.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('an inbox written by an earlier version (no superseded status, no new columns) is brought up to date, its rows kept', async () => {
  const dir = tempDir('inbox-old')
  const path = join(dir, 'inbox.db')
  try {
    const old = new Database(path)
    old.exec(`CREATE TABLE deliveries (
      id TEXT PRIMARY KEY, endpoint TEXT NOT NULL, body TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'applying', 'applied', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0, received_at INTEGER NOT NULL, queued_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      next_attempt_at INTEGER NOT NULL, lease_owner TEXT, lease_until INTEGER, outcome TEXT, last_error TEXT)`)
    old.exec(`INSERT INTO deliveries VALUES ('kept', '/hooks/spec', '{}', 'applying', 1, 5, 5, 5, 5, 'gone', 99, NULL, NULL)`)
    old.close()
    const inbox = openSqliteInbox({ path })
    const kept = await inbox.get('kept')
    assert.is(kept!.status, 'queued', 'the dead owner\'s lease taken back')
    assert.is(kept!.createInFlightUntil, null)
    const scoped = (id: string, at: number) => ({ id, endpoint: '/hooks/spec', body: `{"n":"${id}"}`, receivedAt: at, account: 'acme', connectors: '["A"]' })
    await inbox.acceptBatch([scoped('a', 10)])
    const [b] = await inbox.acceptBatch([scoped('b', 11)])
    assert.equal(b!.superseded, ['a'])
    assert.is((await inbox.get('a'))!.status, 'superseded')
    await inbox.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()
