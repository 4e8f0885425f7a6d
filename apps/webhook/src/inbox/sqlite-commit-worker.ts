// The SQLite commit thread (see sqlite-commit-thread.ts): its own connection, one transaction per group.
import { parentPort, workerData } from 'node:worker_threads'
import type { Reply, Request } from './sqlite-commit-thread.js'
import { openDatabase, prepareAccept } from './sqlite-inbox-store.js'

const port = parentPort
if (!port) throw new Error('sqlite-commit-worker runs as a worker thread')
const accept = prepareAccept(openDatabase((workerData as { path: string }).path))
port.on('message', (request: Request) => {
  try {
    port.postMessage({ seq: request.seq, results: accept(request.deliveries) } satisfies Reply)
  } catch (error) {
    port.postMessage({ seq: request.seq, error: (error as Error).message } satisfies Reply)
  }
})
