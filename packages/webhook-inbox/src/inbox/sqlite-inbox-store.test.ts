import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
