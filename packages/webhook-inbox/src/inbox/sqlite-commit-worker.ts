// The SQLite commit thread (see sqlite-commit-thread.ts): its own connection, one transaction per group.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import type { Reply, Request } from './sqlite-commit-thread.js'
import { openDatabase, prepareAccept } from './sqlite-inbox-store.js'

const port = parentPort
if (!port) throw new Error('sqlite-commit-worker runs as a worker thread')
const accept = prepareAccept(openDatabase((workerData as { path: string }).path))
port.on('message', (first: Request) => {
  // Groups that queued up while the previous transaction was being fsync'd share the next one: one fsync for all of
  // them, and none waits behind another's commit. Each group is still answered only after that commit returns.
  const requests = [first]
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) requests.push(next.message as Request)
  try {
    const results = accept(requests.length === 1 ? first.deliveries : requests.flatMap((r) => r.deliveries))
    let offset = 0
    for (const request of requests) {
      port.postMessage({ seq: request.seq, results: results.slice(offset, (offset += request.deliveries.length)) } satisfies Reply)
    }
  } catch (error) {
    for (const request of requests) port.postMessage({ seq: request.seq, error: (error as Error).message } satisfies Reply)
  }
})
