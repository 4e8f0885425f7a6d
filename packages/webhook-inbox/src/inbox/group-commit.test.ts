import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createGroupCommit } from './group-commit.js'
import type { InboxStore, NewDelivery } from './inbox-store.js'
import { openSqliteInbox } from './sqlite-inbox-store.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

const delivery = (id: string): NewDelivery => ({ id, endpoint: '/hooks/spec', body: '{}', receivedAt: 1 })

function withStore(run: (store: InboxStore, path: string) => Promise<void>) {
  return async () => {
    const dir = tempDir('group')
    const store = openSqliteInbox({ path: join(dir, 'inbox.db') })
    try {
      await run(store, join(dir, 'inbox.db'))
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

test(
  'deliveries submitted in one turn share one transaction, and each gets its own result',
  withStore(async (store) => {
    const groups: number[] = []
    const commit = createGroupCommit(store, { onGroup: (size) => groups.push(size) })
    const results = await Promise.all(['a', 'b', 'c', 'a'].map((id) => commit.submit(delivery(id))))
    assert.equal(groups, [4])
    assert.equal(
      results.map((r) => [r.delivery.id, r.kind]),
      [
        ['a', 'accepted'],
        ['b', 'accepted'],
        ['c', 'accepted'],
        ['a', 'duplicate'],
      ],
    )
  }),
)

test(
  'groups are capped, and what is resolved is already readable from a second connection',
  withStore(async (store, path) => {
    const groups: number[] = []
    const commit = createGroupCommit(store, { maxGroup: 3, onGroup: (size) => groups.push(size) })
    await Promise.all(Array.from({ length: 7 }, (_, i) => commit.submit(delivery(`d${i}`))))
    assert.equal(groups, [3, 3, 1])
    const other = openSqliteInbox({ path, singleProcess: false })
    assert.is((await other.countByStatus()).queued, 7)
    await other.close()
  }),
)

test(
  'submissions that arrive while a group commits form the next group',
  withStore(async (store) => {
    const groups: number[] = []
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow: InboxStore = {
      ...store,
      acceptBatch: async (batch) => {
        await gate
        return store.acceptBatch(batch)
      },
    }
    const commit = createGroupCommit(slow, { onGroup: (size) => groups.push(size) })
    const first = commit.submit(delivery('first'))
    await new Promise((resolve) => setImmediate(resolve))
    const later = [commit.submit(delivery('x')), commit.submit(delivery('y'))]
    let settled = false
    void first.then(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 10))
    assert.is(settled, false, 'no answer before the commit')
    release()
    await Promise.all([first, ...later])
    await commit.drain()
    assert.equal(groups, [1, 2])
  }),
)

test(
  'at most two groups are committed at once; the third waits for one of them',
  withStore(async (store) => {
    let calls = 0
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow: InboxStore = {
      ...store,
      acceptBatch: async (batch) => {
        calls += 1
        await gate
        return store.acceptBatch(batch)
      },
    }
    const commit = createGroupCommit(slow)
    const turn = () => new Promise((resolve) => setImmediate(resolve))
    const all = [commit.submit(delivery('a'))]
    await turn()
    all.push(commit.submit(delivery('b')))
    await turn()
    all.push(commit.submit(delivery('c')))
    await turn()
    assert.is(calls, 2)
    release()
    await Promise.all(all)
    await commit.drain()
    assert.is(calls, 3)
    assert.is((await store.countByStatus()).queued, 3)
  }),
)

test(
  'a failed commit rejects every delivery of its group',
  withStore(async (store) => {
    const failing: InboxStore = { ...store, acceptBatch: async () => Promise.reject(new Error('disk full')) }
    const commit = createGroupCommit(failing)
    const outcomes = await Promise.allSettled([commit.submit(delivery('a')), commit.submit(delivery('b'))])
    assert.equal(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected'],
    )
  }),
)

test.run()
