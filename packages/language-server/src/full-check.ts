import { Worker } from 'node:worker_threads'
import type { Diagnostic } from '@scanplan/core'

export interface FullCheckRequest {
  uri: string
  version: number
  text: string
  file: string
  /** ISO instant. */
  now: string
  profiles?: Record<string, number>
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
    // Under the workspace's source condition this file is TypeScript run by tsx, and so is the worker beside it;
    // the worker inherits the process's execArgv (tsx's --import), as Worker does by default.
    const entry = new URL(import.meta.url.endsWith('.ts') ? './full-check-worker.ts' : './full-check-worker.js', import.meta.url)
    const worker = new Worker(entry)
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
