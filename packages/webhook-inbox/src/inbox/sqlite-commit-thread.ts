import { Worker } from 'node:worker_threads'
import type { InboxWrites } from './sqlite-statements.js'

type Operation = keyof InboxWrites
const operations: readonly Operation[] = ['accept', 'claim', 'renew', 'finish', 'retryLater', 'release', 'recordCreateIntent']

export interface Request {
  seq: number
  op: Operation
  args: unknown[]
}
export type Reply = { seq: number; result: unknown } | { seq: number; error: string }

export interface CommitThread {
  /** Each resolves once its statement has run, and its transaction is committed and fsync'd, on the thread. */
  writes: { [K in Operation]: (...args: Parameters<InboxWrites[K]>) => Promise<ReturnType<InboxWrites[K]>> }
  close(): Promise<void>
}

/**
 * A worker thread with its own connection that runs every write of the inbox: groups of new deliveries, and the
 * worker's claims, finishes, retries and renewals. The main thread goes on reading and verifying requests during the
 * statements and their fsyncs; both connections share the file through SQLite's WAL locking.
 */
export function startCommitThread(path: string): CommitThread {
  // The thread's entry is sqlite-commit-worker.js once built. From source (.ts, tests) the thread first registers tsx's
  // loader, since Node 20 carries neither `--import` hooks nor NODE_OPTIONS' loaders over to worker threads.
  const fromSource = import.meta.url.endsWith('.ts')
  const entry = new URL(`./sqlite-commit-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href
  const worker = fromSource
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`,
        { eval: true, workerData: { path } },
      )
    : new Worker(new URL(entry), { workerData: { path } })
  worker.unref()
  let seq = 0
  const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>()
  let failure: Error | undefined
  const failAll = (error: Error) => {
    failure = error
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
  }
  worker.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.seq)
    if (!waiter) return
    pending.delete(reply.seq)
    if ('error' in reply) waiter.reject(new Error(reply.error))
    else waiter.resolve(reply.result)
  })
  worker.on('error', (error) => failAll(error))
  worker.on('exit', (code) => failAll(new Error(`the SQLite commit thread exited (${code})`)))
  const send = (op: Operation, args: unknown[]): Promise<unknown> => {
    if (failure) return Promise.reject(failure)
    return new Promise((resolve, reject) => {
      const id = ++seq
      pending.set(id, { resolve, reject })
      worker.ref()
      worker.postMessage({ seq: id, op, args } satisfies Request)
    }).finally(() => {
      if (pending.size === 0) worker.unref()
    })
  }
  const writes = Object.fromEntries(operations.map((op) => [op, (...args: unknown[]) => send(op, args)])) as CommitThread['writes']
  return {
    writes,
    async close() {
      while (pending.size > 0 && !failure) await new Promise((resolve) => setTimeout(resolve, 1))
      await worker.terminate()
    },
  }
}
