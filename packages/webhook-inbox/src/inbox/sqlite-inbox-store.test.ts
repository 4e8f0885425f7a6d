import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runInboxContract } from '../test-fixtures/inbox-store-contract.js'
import { openSqliteInbox } from './sqlite-inbox-store.js'

for (const commitThread of [true, false]) {
  runInboxContract(commitThread ? 'SQLite' : 'SQLite, commits on the main thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scanplan-inbox-'))
    return {
      open: async () => openSqliteInbox({ path: join(dir, 'inbox.db'), commitThread }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    }
  })
}

test('one SQLite inbox has one owner: a second opener is refused with a clear message until the first closes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scanplan-inbox-owner-'))
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

test.run()
