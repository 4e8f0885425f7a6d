import { Worker } from 'node:worker_threads'
import type { AcceptResult, NewDelivery } from './inbox-store.js'

export interface Request {
  seq: number
  deliveries: readonly NewDelivery[]
}
export type Reply = { seq: number; results: AcceptResult[] } | { seq: number; error: string }

export interface CommitThread {
  /** Resolves once the group's transaction is committed and fsync'd on the thread. */
  accept(deliveries: readonly NewDelivery[]): Promise<AcceptResult[]>
  close(): Promise<void>
}

/**
 * A worker thread with its own connection that commits groups of new deliveries. The main thread goes on reading
 * and verifying requests during the fsync; both connections share the file through SQLite's WAL locking.
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
  const pending = new Map<number, { resolve: (r: AcceptResult[]) => void; reject: (e: Error) => void }>()
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
    else waiter.resolve(reply.results)
  })
  worker.on('error', (error) => failAll(error))
  worker.on('exit', (code) => failAll(new Error(`the SQLite commit thread exited (${code})`)))
  return {
    accept(deliveries) {
      if (failure) return Promise.reject(failure)
      return new Promise((resolve, reject) => {
        const id = ++seq
        pending.set(id, { resolve, reject })
        worker.ref()
        worker.postMessage({ seq: id, deliveries } satisfies Request)
      }).finally(() => {
        if (pending.size === 0) worker.unref()
      }) as Promise<AcceptResult[]>
    },
    async close() {
      while (pending.size > 0 && !failure) await new Promise((resolve) => setTimeout(resolve, 1))
      await worker.terminate()
    },
  }
}
