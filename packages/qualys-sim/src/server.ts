import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdmin, handleAdmin, type SimulatorAdmin } from './admin.js'
import { systemClock, type Clock } from './clock.js'
import { serviceUnavailable, SimulatorCore, type Reply, type SimRequest } from './simulator-core.js'
import { checkFaults, type Faults } from './faults.js'
import { loadDefaultFixture, loadFixtureFile, parseFixture, type Fixture } from './fixture.js'
import { handleGateway } from './gateway.js'
import { SimState } from './state.js'
import { handleV2 } from './v2.js'
import { checkVariants, type Variant } from './variants.js'

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Only loopback: the simulator is for local tests and demos. */
  host?: '127.0.0.1'
  /** A fixture object or the path of a fixture JSON file; the package's default fixture when absent. */
  fixture?: Fixture | string
  /** Persist connectors and option profile changes here (read at start when it exists). */
  stateFile?: string
  /** Bearer token of the `/__admin/` endpoints; a random one when absent (read it from `admin.token`). */
  adminToken?: string
  faults?: Faults
  clock?: Clock
  /** Gateway token lifetime; 4 hours as Qualys documents. */
  tokenTtlSec?: number
  /** Readings of the docs to play (docs/simulator.md), with the fixture's `variants`; none: the default reading. */
  variants?: readonly Variant[]
}

export interface RunningSimulator {
  /** `http://127.0.0.1:<port>`: both the API server (`/api/2.0/`) and the gateway (`/auth`, `/connectors/`). */
  url: string
  port: number
  /** The variants this run plays (option and fixture together). */
  variants: Variant[]
  admin: SimulatorAdmin
  /** Stops accepting connections, closes open ones and resolves when the port is free. */
  stop(): Promise<void>
}

/** The largest body accepted; connector bodies are a few kilobytes. */
const maxBodyBytes = 1024 * 1024

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBodyBytes) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function write(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8')
  res.statusCode = reply.status
  for (const [name, value] of reply.headers) res.appendHeader(name, value)
  res.setHeader('Content-Length', body.length)
  res.end(body)
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  if (options.host !== undefined && options.host !== '127.0.0.1') throw new Error(`the simulator listens on 127.0.0.1 only, not ${String(options.host)}`)
  const fixture =
    options.fixture === undefined ? loadDefaultFixture() : typeof options.fixture === 'string' ? loadFixtureFile(options.fixture) : parseFixture(structuredClone(options.fixture), 'fixture option')
  const state = new SimState(fixture, options.stateFile)
  const variants = new Set([...checkVariants(options.variants ?? [], 'variants option'), ...checkVariants(fixture.variants ?? [], 'fixture variants')])
  const sim = new SimulatorCore(state, options.clock ?? systemClock, options.tokenTtlSec ?? 4 * 3600, variants)
  if (options.faults) sim.setFaults(checkFaults(options.faults))
  const admin = createAdmin(sim, options.adminToken ?? randomBytes(24).toString('base64url'))

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Prefixing the origin (rather than resolving against it) keeps a path such as `//x` a path, not a host.
    const url = new URL(`http://127.0.0.1${(req.url ?? '/').startsWith('/') ? req.url : `/${req.url}`}`)
    const body = await readBody(req)
    const method = (req.method ?? 'GET').toUpperCase()
    if (body === undefined) return write(res, { status: 413, headers: [['Content-Type', 'text/plain']], body: 'request body too large\n' })
    const request: SimRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, faultable: sim.faultable(method, url.pathname), remoteAddress: req.socket.remoteAddress ?? '127.0.0.1' }
    if (url.pathname.startsWith('/__admin/')) return write(res, handleAdmin(admin, request))
    sim.totals.requests++
    if (sim.injectServerError(request)) {
      sim.totals.injected5xx++
      return write(res, serviceUnavailable(sim.faults.serverErrorStatus ?? 503))
    }
    const reply = url.pathname.startsWith('/api/2.0/') ? await handleV2(sim, request) : await handleGateway(sim, request)
    if (sim.dropAfterProcessing(request)) {
      // The work is done (a connector may have been created) but the client never hears of it.
      sim.totals.droppedConnections++
      req.socket.destroy()
      return
    }
    write(res, reply)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the simulator: answer 500 plainly rather than hang the client.
      if (!res.headersSent) write(res, { status: 500, headers: [['Content-Type', 'text/plain']], body: `simulator error: ${(error as Error).message}\n` })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // A fleet's apply opens hundreds of connections at once (2 per account): the default backlog of 511 resets some.
    server.listen({ port: options.port ?? 0, host: '127.0.0.1', backlog: 4096 }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  let stopped: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    variants: [...variants],
    admin,
    // Idempotent: a test's cleanup and a signal handler may both stop the same simulator.
    stop: () =>
      (stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })),
  }
}
