// `pnpm bench:apply`'s fleet run (issue 19): a managed security provider's `scanplan apply` of one spec per customer
// account (500 accounts x 4 connectors by default), through @scanplan/qualys the way the CLI does it (planSpecs, then
// applySpecs, over @scanplan/connect's pool: one client and one limit of 2 calls in flight per account, the accounts
// all at once), against a simulator in its own process with a fixed service time per call.
// Reported: the wall time against the concurrency model's ideal, the client's CPU per spec (process.cpuUsage: the
// simulator runs apart), and the most calls the simulator saw in flight in one subscription.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { HttpRequest, Transport } from '@scanplan/core/adapters'
import { createQualysPool, secretsOfSpecFiles } from '@scanplan/connect'
import { applySpecs, planSpecs } from '@scanplan/qualys'
import type { SubscriptionCounters } from '@scanplan/qualys-sim'
import { fleetSpecs } from './fleet-fixture.ts'

const here = dirname(fileURLToPath(import.meta.url))

interface FleetOptions {
  accounts: number
  connectors: number
  latencyMs: number
}

/** The calls of one account, in the order the client sends them (kind: what the model counts them as). */
type CallKind = 'login' | 'token' | 'read' | 'write' | 'logout'

function kindOf(request: HttpRequest): CallKind {
  const url = new URL(request.url)
  if (url.pathname.startsWith('/api/2.0/fo/session')) return /action=logout/.test(`${url.search}${request.body ?? ''}`) ? 'logout' : 'login'
  if (url.pathname.startsWith('/auth')) return 'token'
  return request.method === 'GET' ? 'read' : 'write'
}

/** Counts the calls by kind and keeps the most in flight at once over the whole run (all accounts). */
function countingTransport(inner: Transport) {
  const calls: Record<CallKind, number> = { login: 0, token: 0, read: 0, write: 0, logout: 0 }
  let running = 0
  let maxRunning = 0
  const transport: Transport = {
    async send(request) {
      calls[kindOf(request)]++
      maxRunning = Math.max(maxRunning, ++running)
      try {
        return await inner.send(request)
      } finally {
        running--
      }
    },
  }
  return { transport, calls, maxRunning: () => maxRunning }
}

async function startFleetSimulator(accounts: number, latencyMs: number) {
  // The admin token is ours, handed over in the environment: the child's stdout carries no token.
  const adminToken = randomBytes(24).toString('base64url')
  const child = spawn(process.execPath, ['--conditions=@scanplan/source', '--import', 'tsx', join(here, 'fleet-sim.ts'), String(accounts), String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SCANPLAN_FLEET_SIM_ADMIN_TOKEN: adminToken },
  })
  // The child's stdout, line by line: its URL, then one CPU reading per SIGUSR2.
  const waiting: Array<(line: string) => void> = []
  let buffered = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
      waiting.shift()?.(buffered.slice(0, at))
      buffered = buffered.slice(at + 1)
    }
  })
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve))
  const exited = once(child, 'exit').then((): never => {
    throw new Error('the fleet simulator exited')
  })
  exited.catch(() => {})
  const url = await Promise.race([nextLine(), exited])
  return {
    url,
    async counters(): Promise<SubscriptionCounters[]> {
      const answer = (await (await fetch(`${url}/__admin/counters`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as { subscriptions: Record<string, SubscriptionCounters> }
      return Object.values(answer.subscriptions)
    },
    /** The CPU time the simulator process has spent so far (ms). */
    async cpuMs(): Promise<number> {
      const answer = nextLine()
      child.kill('SIGUSR2')
      return Number(await Promise.race([answer, exited]))
    },
    async stop() {
      child.kill('SIGTERM')
      if (child.exitCode === null) await once(child, 'exit')
    },
  }
}

export async function fleetRun(options: FleetOptions) {
  const { accounts, connectors, latencyMs } = options
  const { specs, env } = fleetSpecs(accounts, connectors)
  const sim = await startFleetSimulator(accounts, latencyMs)
  let counted: ReturnType<typeof countingTransport> | undefined
  const pool = createQualysPool({
    target: sim.url,
    wrapTransport: (inner) => {
      counted = countingTransport(inner)
      return counted.transport
    },
  })
  const secretsOf = secretsOfSpecFiles({ env, cwd: here })
  try {
    const simCpuBefore = await sim.cpuMs()
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const planned = await planSpecs(specs, pool, { secretsOf, now: new Date('2026-11-30T00:00:00Z') })
    const plannedAt = performance.now()
    const planCalls = { ...counted!.calls }
    const applied = await applySpecs(planned, { secretsOf })
    const appliedAt = performance.now()
    await pool.closeAll()
    const ms = performance.now() - started
    const cpu = process.cpuUsage(cpuBefore)
    const simCpuMs = (await sim.cpuMs()) - simCpuBefore
    const failed = applied.filter((s) => s.error !== undefined || s.diagnostics.some((d) => d.severity === 'error'))
    if (failed.length > 0) throw new Error(`${failed.length} specs failed, e.g. ${failed[0]!.file}: ${failed[0]!.error ?? failed[0]!.diagnostics.find((d) => d.severity === 'error')?.message}`)
    const created = applied.reduce((n, s) => n + (s.applied ?? []).filter((c) => c.result.status === 'created').length, 0)
    const counters = await sim.counters()
    const creates = counters.reduce((n, c) => n + c.connectorCreates, 0)
    if (created !== accounts * connectors || creates !== created) throw new Error(`expected ${accounts * connectors} creates: ${created} reported, the simulator counted ${creates}`)
    const calls = counted!.calls
    // The concurrency model's ideal: every account at once (no global limit), each account's calls one dependent
    // step after another (the session login, the gateway token, the plan's reads), then the creates in rounds of 2
    // (the per-subscription limit); each step one service time, nothing else costs.
    // The plan's calls only: a create whose answer was lost is looked up (a read) and sent again, which the model
    // does not count (`recovered` reports them).
    const steps = (planCalls.login + planCalls.token + planCalls.read) / accounts + Math.ceil(connectors / 2)
    const ideal = steps * latencyMs
    return {
      load: loadavg().map((l) => Number(l.toFixed(1))),
      accounts,
      connectors,
      latencyMs,
      ms: Math.round(ms),
      planMs: Math.round(plannedAt - started),
      applyMs: Math.round(appliedAt - plannedAt),
      logoutMs: Math.round(started + ms - appliedAt),
      idealMs: ideal,
      stepsPerAccount: steps,
      toIdeal: Number((ms / ideal).toFixed(2)),
      calls,
      /** Creates sent again after their answer was lost (the connection reset), found missing by a read first. */
      recovered: calls.write - created,
      mostInFlight: counted!.maxRunning(),
      cpuMsPerSpec: Number(((cpu.user + cpu.system) / 1000 / accounts).toFixed(2)),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      simulatorCpuMs: simCpuMs,
      maxGatewayPerSubscription: Math.max(...counters.map((c) => c.gatewayMaxConcurrent)),
      maxV2PerSubscription: Math.max(...counters.map((c) => c.v2MaxConcurrent)),
    }
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
}
