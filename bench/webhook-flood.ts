// `pnpm bench:webhook-flood`: the webhook service (default bounds, SQLite, worker on, Qualys calls to the simulator)
// while slow unauthenticated connections try to take it down (issue 18 row 5). Loopback only.
//   baseline  no flood: health checks and signed deliveries alone, for comparison
//   two       two clients (127.0.0.2, 127.0.0.3) each trying to hold 10,000 slow connections (the issue's attack)
//   many      the same 20,000 from 100 addresses (127.0.1.1-100, 200 each): more than the cap admits, so the cap is
//             full and slow connections are evicted to make room
// Each flood client is a child process (bench/webhook-flood-client.ts) with its own file descriptors; it sends the
// start of a request, trickles a byte every 5 s, and reopens a connection a second after the server closes it.
// Meanwhile this process sends a health check every 100 ms and a signed delivery every 250 ms from 127.0.0.1, each
// on a new connection, and afterwards checks that every delivery answered 202 was applied by the worker.
// Reported per phase: health and delivery answers (ok/sent, p50/p99/max ms), deliveries applied, the connections
// the flood holds (its own count) and the door holds (scanplan_webhook_open_connections), the service's open file
// descriptors (/proc), connections refused and evicted, and the flood's connection attempts per second.
// Targets: every health check and every delivery answered, every 202 applied, none failed.
// Usage: node --conditions=@scanplan/source --import tsx bench/webhook-flood.ts [--seconds S] [--json]
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startSimulator } from '@scanplan/qualys-sim'
import { signStandardWebhook } from '@scanplan/webhook-inbox'
import { BENCH_ADMIN_TOKEN, BENCH_HOOK_SECRET, writeBenchWebhookConfig } from './webhook-bench-config.ts'
import { readSimEnv } from '@scanplan/test-support/sim-env'

const here = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '9' }, json: { type: 'boolean', default: false } } })
const seconds = Number(values.seconds)
if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
  console.error('--seconds must be 1-60 (per phase)')
  process.exit(2)
}

const secret = BENCH_HOOK_SECRET
const adminToken = BENCH_ADMIN_TOKEN
const simEnv = readSimEnv()
const body = readFileSync(join(here, '../examples/webhook-delivery.json'), 'utf8')
const { dir, configFile } = writeBenchWebhookConfig('scanplan-bench-flood-', ['worker: { pollMilliseconds: 50 }'])

const node = (script: string, args: string[]) => [process.execPath, '--conditions=@scanplan/source', '--import', 'tsx', join(here, script), ...args]
/** Starts a child with its open-file soft limit raised to the hard limit (a flood client needs 10,000 and more). */
function spawnRaised(argv: string[], env: Record<string, string | undefined>): ChildProcess {
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  return spawn('sh', ['-c', `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec ${quoted}`], { env, stdio: ['ignore', 'pipe', 'inherit'] })
}

const sim = await startSimulator({ port: 0 })
const service = spawnRaised(node('webhook-server.ts', ['worker', configFile, sim.url]), {
  PATH: process.env.PATH,
  ...simEnv,
  BENCH_ADMIN_TOKEN: adminToken,
  BENCH_HOOK_SECRET: secret,
})
const url = await new Promise<string>((resolve, reject) => {
  let out = ''
  service.stdout!.on('data', (d) => {
    out += d
    const match = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)
    if (match) resolve(match[1]!)
  })
  service.once('exit', (code) => reject(new Error(`the service exited ${code}`)))
})
const port = Number(new URL(url).port)
// `service.pid` is the shell's, which exec'd node: the same process.
const servicePid = service.pid!

interface Answer {
  status: number
  ms: number
}
/** One request on a new connection from 127.0.0.1; status 0 when it failed or got no answer within 5 s. */
function send(method: string, path: string, headers: Record<string, string> = {}, payload?: string): Promise<Answer> {
  const started = performance.now()
  return new Promise((resolve) => {
    const done = (status: number) => resolve({ status, ms: performance.now() - started })
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false, localAddress: '127.0.0.1', timeout: 5000 }, (res) => {
      res.resume()
      res.once('end', () => done(res.statusCode ?? 0))
    })
    req.once('timeout', () => req.destroy())
    req.once('error', () => done(0))
    req.end(payload)
  })
}
let sequence = 0
function deliver(): Promise<Answer & { id: string }> {
  const id = `msg_flood_${++sequence}`
  const timestamp = Math.floor(Date.now() / 1000)
  return send(
    'POST',
    '/hooks/spec',
    {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(secret, id, timestamp, body),
    },
    body,
  ).then((answer) => ({ ...answer, id }))
}

async function metrics(): Promise<Record<string, number>> {
  const text = await new Promise<string>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/metrics', agent: false, timeout: 5000 }, (res) => {
      let out = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (out += d))
      res.once('end', () => resolve(out))
    })
    req.once('error', () => resolve(''))
    req.end()
  })
  const read = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0)
  return {
    open: read(/^scanplan_webhook_open_connections (\d+)$/m),
    refusedPerAddress: read(/^scanplan_webhook_connections_refused_total\{reason="per_address"\} (\d+)$/m),
    refusedFull: read(/^scanplan_webhook_connections_refused_total\{reason="full"\} (\d+)$/m),
    evicted: read(/^scanplan_webhook_connections_evicted_total (\d+)$/m),
    queued: read(/^scanplan_webhook_queue_depth\{status="queued"\} (\d+)$/m),
    applying: read(/^scanplan_webhook_queue_depth\{status="applying"\} (\d+)$/m),
    applied: read(/^scanplan_webhook_queue_depth\{status="applied"\} (\d+)$/m),
    failed: read(/^scanplan_webhook_queue_depth\{status="failed"\} (\d+)$/m),
  }
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/PID/stat. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10
}
const summary = (answers: Answer[], ok: (status: number) => boolean) => {
  const ms = answers.map((a) => a.ms)
  return { ok: answers.filter((a) => ok(a.status)).length, sent: answers.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: percentile(ms, 100) }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Flood {
  name: string
  clients: { addresses: string[]; perAddress: number }[]
}
const range = (from: number, to: number, format: (i: number) => string) => Array.from({ length: to - from + 1 }, (_, i) => format(from + i))
const phases: Flood[] = [
  { name: 'baseline', clients: [] },
  { name: 'two', clients: [{ addresses: ['127.0.0.2'], perAddress: 10_000 }, { addresses: ['127.0.0.3'], perAddress: 10_000 }] },
  {
    name: 'many',
    clients: [
      { addresses: range(1, 50, (i) => `127.0.1.${i}`), perAddress: 200 },
      { addresses: range(51, 100, (i) => `127.0.1.${i}`), perAddress: 200 },
    ],
  },
]

const results = []
for (const phase of phases) {
  const clients = phase.clients.map((c) => {
    const child = spawnRaised(node('webhook-flood-client.ts', [String(port), c.addresses.join(','), String(c.perAddress)]), { PATH: process.env.PATH })
    const state = { open: 0, opened: 0, closed: 0, errors: 0, child }
    let buffered = ''
    child.stdout!.on('data', (d) => {
      buffered += d
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) if (line) Object.assign(state, JSON.parse(line))
    })
    return state
  })
  const floodOpen = () => clients.reduce((sum, c) => sum + c.open, 0)
  const floodOpened = () => clients.reduce((sum, c) => sum + c.opened, 0)
  // The flood ramps up (500 connections every 50 ms per client) before the measurement starts.
  if (clients.length > 0) await sleep(3000)
  const before = await metrics()
  const cpuBefore = cpuSeconds(servicePid)
  const openedBefore = floodOpened()
  const health: Promise<Answer>[] = []
  const deliveries: Promise<Answer & { id: string }>[] = []
  let maxFloodOpen = 0
  let maxDoorOpen = 0
  let maxDescriptors = 0
  const healthTimer = setInterval(() => health.push(send('GET', '/healthz')), 100)
  const deliveryTimer = setInterval(() => deliveries.push(deliver()), 250)
  const started = Date.now()
  while (Date.now() - started < seconds * 1000) {
    await sleep(1000)
    maxFloodOpen = Math.max(maxFloodOpen, floodOpen())
    maxDescriptors = Math.max(maxDescriptors, readdirSync(`/proc/${servicePid}/fd`).length)
    maxDoorOpen = Math.max(maxDoorOpen, (await metrics()).open)
  }
  clearInterval(healthTimer)
  clearInterval(deliveryTimer)
  const serviceCpu = Math.round(((cpuSeconds(servicePid) - cpuBefore) / seconds) * 100)
  const attemptsPerSecond = Math.round((floodOpened() - openedBefore) / seconds)
  const healthAnswers = await Promise.all(health)
  const deliveryAnswers = await Promise.all(deliveries)
  const during = await metrics()
  for (const c of clients) c.child.kill('SIGTERM')
  await Promise.all(clients.map((c) => new Promise((resolve) => (c.child.exitCode !== null ? resolve(null) : c.child.once('exit', resolve)))))
  // Every 202 must be applied: wait for the worker to empty the queue.
  const accepted = deliveryAnswers.filter((a) => a.status === 202).length
  let after = await metrics()
  for (const deadline = Date.now() + 60_000; (after.queued > 0 || after.applying > 0) && Date.now() < deadline; after = await metrics()) await sleep(200)
  results.push({
    phase: phase.name,
    flood: phase.clients.reduce((sum, c) => sum + c.addresses.length * c.perAddress, 0),
    addresses: phase.clients.reduce((sum, c) => sum + c.addresses.length, 0),
    health: summary(healthAnswers, (s) => s === 200),
    deliveries: summary(deliveryAnswers, (s) => s === 202),
    applied: after.applied - before.applied,
    failed: after.failed - before.failed,
    accepted,
    floodHeldMax: maxFloodOpen,
    doorOpenMax: maxDoorOpen,
    serviceDescriptorsMax: maxDescriptors,
    refusedPerAddress: during.refusedPerAddress - before.refusedPerAddress,
    refusedFull: during.refusedFull - before.refusedFull,
    evicted: during.evicted - before.evicted,
    floodAttemptsPerSecond: attemptsPerSecond,
    serviceCpuPercent: serviceCpu,
  })
}

const exited = new Promise((resolve) => service.once('exit', resolve))
service.kill('SIGTERM')
await exited
await sim.stop()
rmSync(dir, { recursive: true, force: true })

if (values.json) console.log(JSON.stringify(results, null, 2))
else {
  for (const r of results) {
    console.log(
      `${r.phase.padEnd(8)} flood ${r.flood} from ${r.addresses} addresses: health ${r.health.ok}/${r.health.sent} (p50 ${r.health.p50} ms, p99 ${r.health.p99}, max ${r.health.max}), ` +
        `deliveries 202 ${r.deliveries.ok}/${r.deliveries.sent} (p50 ${r.deliveries.p50} ms, p99 ${r.deliveries.p99}, max ${r.deliveries.max}), applied ${r.applied}/${r.accepted}, failed ${r.failed} | ` +
        `flood held <= ${r.floodHeldMax}, door open <= ${r.doorOpenMax}, service fds <= ${r.serviceDescriptorsMax}, refused ${r.refusedPerAddress} per address + ${r.refusedFull} full, ` +
        `evicted ${r.evicted}, flood attempts ${r.floodAttemptsPerSecond}/s, service CPU ${r.serviceCpuPercent}% of a core`,
    )
  }
}
const failedTargets = results.filter((r) => r.health.ok < r.health.sent || r.deliveries.ok < r.deliveries.sent || r.applied < r.accepted || r.failed > 0)
if (failedTargets.length > 0) {
  console.error(`targets missed in: ${failedTargets.map((r) => r.phase).join(', ')}`)
  process.exitCode = 1
}
