import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { Socket } from 'node:net'

export interface ConnectionLimits {
  maxConnections: number
  maxConnectionsPerAddress: number
}

export interface ConnectionEvents {
  /** A new connection closed at once: its address holds its share already, or every slot is busy with a request. */
  refused(reason: 'per_address' | 'full'): void
  /** A connection that had sent no complete request yet, closed to make room for a new one. */
  evicted(): void
}

/** File descriptors the service keeps for itself whatever the door holds: the store, its logs, Qualys calls. */
export const reservedDescriptors = 256
/** The cap when none is configured, if the process may open that many files and the reserve besides. */
export const defaultMaxConnections = 1024

/** The soft limit on open files of this process (Linux's /proc), or undefined where it cannot be read. */
function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'))
    return line && line[1] !== 'unlimited' ? Number(line[1]) : undefined
  } catch {
    return undefined
  }
}

/**
 * The door's cap, never more than the file descriptors leave beside the reserve: every connection holds one, and a
 * flood that takes them all makes the worker's own Qualys calls fail with EMFILE. A configured cap above that is a
 * start-up error; the default shrinks to fit.
 */
export function connectionCap(configured: number | undefined, fileLimit = openFileLimit()): number {
  const room = fileLimit === undefined ? Infinity : fileLimit - reservedDescriptors
  if (configured === undefined) return Math.max(1, Math.min(defaultMaxConnections, room))
  if (configured > room) {
    throw new Error(
      `listen.maxConnections: ${configured} connections would leave fewer than ${reservedDescriptors} of this process's ${fileLimit} file descriptors ` +
        `for the store and the Qualys calls: lower it to at most ${Math.max(1, room)}, or raise the limit (ulimit -n, or LimitNOFILE= in a systemd unit)`,
    )
  }
  return configured
}

/**
 * Bounds what clients can hold open, whatever they send: at most `maxConnectionsPerAddress` from one address, and at
 * most `maxConnections` in all. At the cap a new connection takes the slot of the oldest one that has not sent a
 * complete request (a slow sender, or an idle keep-alive connection): a flood of slow connections then churns
 * among itself while a client that sends its request at once (a health check, a signed delivery) gets through.
 * Only when every slot is answering a request is a new connection refused. Node's own `maxConnections` would refuse
 * every newcomer at the cap instead, which is what lets a slow flood take a service down.
 */
export function limitConnections(server: Server, limits: ConnectionLimits, events: ConnectionEvents): { open(): number } {
  // Insertion order is age: the first connection without a request in flight is the one to evict.
  const open = new Map<Socket, { address: string; requests: number }>()
  const perAddress = new Map<string, number>()
  const forget = (socket: Socket) => {
    const state = open.get(socket)
    if (!state) return
    open.delete(socket)
    const left = (perAddress.get(state.address) ?? 1) - 1
    if (left === 0) perAddress.delete(state.address)
    else perAddress.set(state.address, left)
  }
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown'
    if ((perAddress.get(address) ?? 0) >= limits.maxConnectionsPerAddress) {
      events.refused('per_address')
      socket.destroy()
      return
    }
    if (open.size >= limits.maxConnections) {
      let waiting: Socket | undefined
      for (const [candidate, state] of open) {
        if (state.requests === 0) {
          waiting = candidate
          break
        }
      }
      if (!waiting) {
        events.refused('full')
        socket.destroy()
        return
      }
      forget(waiting)
      waiting.destroy()
      events.evicted()
    }
    open.set(socket, { address, requests: 0 })
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1)
    socket.once('close', () => forget(socket))
  })
  server.on('request', (req, res) => {
    const state = open.get(req.socket)
    if (!state) return
    state.requests += 1
    res.once('close', () => {
      state.requests -= 1
    })
  })
  return { open: () => open.size }
}
