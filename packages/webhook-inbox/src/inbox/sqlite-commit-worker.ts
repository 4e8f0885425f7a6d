// The SQLite commit thread (see sqlite-commit-thread.ts): its own connection, every write of the inbox.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import type { NewDelivery } from './inbox-store.js'
import type { Reply, Request } from './sqlite-commit-thread.js'
import { openDatabase, prepareWrites } from './sqlite-statements.js'

const port = parentPort
if (!port) throw new Error('sqlite-commit-worker runs as a worker thread')
const writes = prepareWrites(openDatabase((workerData as { path: string }).path))
const errorOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

port.on('message', (first: Request) => {
  // Groups that queued up while the previous transaction was being fsync'd share the next one: one fsync for all of
  // them, and none waits behind another's commit. Each group is still answered only after that commit returns. The
  // other writes (claims, finishes) run one by one after the groups: they were all waiting at the same moment.
  const requests = [first]
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) requests.push(next.message as Request)
  const groups = requests.filter((r) => r.op === 'accept')
  if (groups.length > 0) {
    try {
      const all = groups.flatMap((r) => r.args[0] as NewDelivery[])
      const results = writes.accept(all)
      let offset = 0
      for (const request of groups) {
        const size = (request.args[0] as NewDelivery[]).length
        port.postMessage({ seq: request.seq, result: results.slice(offset, (offset += size)) } satisfies Reply)
      }
    } catch (error) {
      for (const request of groups) port.postMessage({ seq: request.seq, error: errorOf(error) } satisfies Reply)
    }
  }
  for (const request of requests) {
    if (request.op === 'accept') continue
    try {
      const result = (writes[request.op] as (...args: unknown[]) => unknown)(...request.args)
      port.postMessage({ seq: request.seq, result } satisfies Reply)
    } catch (error) {
      port.postMessage({ seq: request.seq, error: errorOf(error) } satisfies Reply)
    }
  }
})
