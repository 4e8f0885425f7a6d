import { Worker } from 'node:worker_threads'
import type { Diagnostic, SpecBases } from '@scanplan/core'

export interface FullCheckRequest {
  uri: string
  version: number
  text: string
  file: string
  /** ISO instant. */
  now: string
  profiles?: Record<string, number>
  /** The base files the spec extends (a Map survives the thread boundary: structured clone). */
  bases?: SpecBases
}

export interface FullCheckReply {
  uri: string
  version: number
  diagnostics: Diagnostic[]
}

/**
 * One worker thread that compiles whole large specs, the latest version of each document only: while it works,
 * newer requests replace older ones for the same document, so a burst of edits costs one compile after it.
 */
export class FullChecker {
  private worker: Worker | undefined
  private busy = false
  private readonly pending = new Map<string, FullCheckRequest>()

  constructor(private readonly onResult: (reply: FullCheckReply) => void) {}

  request(request: FullCheckRequest): void {
    this.pending.set(request.uri, request)
    this.pump()
  }

  forget(uri: string): void {
    this.pending.delete(uri)
  }

  async close(): Promise<void> {
    this.pending.clear()
    await this.worker?.terminate()
    this.worker = undefined
  }

  private start(): Worker {
    let worker: Worker
    if (import.meta.url.endsWith('.ts')) {
      // Inside the workspace (the @scanplan/source condition) this file is TypeScript run by tsx, and so is the
      // worker beside it; Node 20 does not run the parent's `--import tsx` hooks in a worker, so the worker
      // registers tsx itself before loading its entry. Published packages run dist/*.js and take the plain path.
      const tsx = import.meta.resolve('tsx/esm/api')
      const entry = new URL('./full-check-worker.ts', import.meta.url).href
      worker = new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`, { eval: true })
    } else {
      worker = new Worker(new URL('./full-check-worker.js', import.meta.url))
    }
    worker.on('message', (reply: FullCheckReply) => {
      this.busy = false
      this.onResult(reply)
      this.pump()
    })
    worker.on('error', () => {
      // A crashed compile must not take the server down: drop this worker; the next request starts another.
      this.busy = false
      this.worker = undefined
      this.pump()
    })
    worker.unref()
    return worker
  }

  private pump(): void {
    if (this.busy) return
    const next = this.pending.values().next()
    if (next.done) return
    this.pending.delete(next.value.uri)
    this.worker ??= this.start()
    this.busy = true
    this.worker.postMessage(next.value)
  }
}
