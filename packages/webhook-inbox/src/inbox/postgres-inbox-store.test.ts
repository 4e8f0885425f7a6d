import { createTestDatabase, startTestPostgres } from '@scanplan/test-support/postgres-cluster'
import { runInboxContract } from '../test-fixtures/inbox-store-contract.js'
import { openPostgresInbox } from './postgres-inbox-store.js'

const server = await startTestPostgres()
if (!server) {
  console.warn('PostgreSQL is not installed here: the PostgreSQL inbox contract did not run (it runs in CI).')
} else {
  runInboxContract('PostgreSQL', async () => {
    const database = await createTestDatabase(server)
    return { open: () => openPostgresInbox({ connectionString: database.url }), drop: database.drop }
  })
  // uvu runs suites in order at the end of the file's module evaluation; stop the cluster once they are done.
  const { test } = await import('uvu')
  test('stop the throwaway PostgreSQL', async () => {
    await server.stop()
  })
  test.run()
}
