// `pnpm bench:webhook`: the webhook service's door under load, against a bare Express 5 hello-world in the same run
// (the reference machine is shared and noisy, so only ratios within one run are targets).
//   hello    GET / on Express 5 answering "Hello World!"
//   webhook  POST /hooks/spec: a Standard-Webhooks-signed spec delivery (unique id per request, the same body) verified
//            on the raw bytes, checked (the compile verdict is cached per body and day), and stored durably (SQLite WAL,
//            synchronous=FULL, group commit) before its 202
//   distinct the same, but every body different (a unique connector name): every request compiles the spec
//            (reported, not a target: it measures the compiler)
// Targets: webhook throughput >= 50% of hello's, webhook p99 <= 1.5x hello's p99, 0 errors, and every 202 in the
// inbox afterwards. Both servers run side by side and the load alternates between them in short segments
// (hello, webhook, hello, webhook, ...): each pair is compared, and the verdict is on the median pair, so that the
// other processes' load, which drifts from second to second on the shared machine, hits both sides alike.
// Each segment also reports the CPU time its server and the load generator (this process, autocannon) used, per
// request, from /proc: on two shared cores the load generator takes a large share, and that shows whether it or the
// service is the limit. --pin puts the load generator on CPU 0 and both servers on CPU 1 (taskset), so that the
// generator's share cannot differ between the two sides; the default leaves scheduling to the kernel.
// Usage: node --conditions=@scanplan/source --import tsx bench/webhook.ts [--duration S] [--connections C] [--pairs N] [--pin] [--json]
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { deliveryKey, openSqliteInbox, signStandardWebhook } from '@scanplan/webhook-inbox'
import { openDatabase } from '../packages/webhook-inbox/src/inbox/sqlite-inbox-store.ts'
import { BENCH_ADMIN_TOKEN, BENCH_HOOK_SECRET, writeBenchWebhookConfig } from './webhook-bench-config.ts'
// autocannon ships no types and is CommonJS: loaded with require (a plain import would be untyped).
const require = createRequire(import.meta.url)

const here = dirname(fileURLToPath(import.meta.url))
const autocannon = require('autocannon') as (options: object) => Promise<Result>

interface Result {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number; average: number }
  errors: number
  timeouts: number
  non2xx: number
  '2xx': number
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    pairs: { type: 'string', default: '4' },
    pin: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const pairs = Number(values.pairs)
if (![duration, connections, pairs].every((n) => Number.isInteger(n) && n > 0) || duration > 120) {
  console.error('--duration (1-120 s per segment), --connections and --pairs must be positive integers')
  process.exit(2)
}

const secret = BENCH_HOOK_SECRET
const { dir, configFile } = writeBenchWebhookConfig('scanplan-bench-webhook-')
const serverEnv = {
  PATH: process.env.PATH,
  BENCH_ADMIN_TOKEN,
  BENCH_HOOK_SECRET: secret,
  QUALYS_PASSWORD: 'not-used-worker-off',
  AZURE_APP_SECRET: 'not-used-worker-off',
}
const body = readFileSync(join(here, '../examples/webhook-delivery.json'), 'utf8')
// The load generator is the sender: it signs with Node's native HMAC (a few µs, where the reference library's
// pure-JS SHA-256 takes tens), so that its own CPU takes less of the two cores from the service. Same bytes:
const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
const sign = (id: string, timestamp: number, payload: string) =>
  `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${payload}`).digest('base64')}`
if (sign('msg_check', 1614265330, body) !== signStandardWebhook(secret, 'msg_check', 1614265330, body)) throw new Error('bench signer disagrees')

if (values.pin) execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })
const nodeArgs = (args: string[]) => [process.execPath, '--conditions=@scanplan/source', '--import', 'tsx', join(here, 'webhook-server.ts'), ...args]

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/PID/stat. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ 100 on Linux)
}

async function startServer(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const [command, ...rest] = values.pin ? ['taskset', '-c', '1', ...nodeArgs(args)] : nodeArgs(args)
  const child = spawn(command!, rest, {
    env: serverEnv as Record<string, string>,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const match = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  return { child, url }
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

let sequence = 0
/** Every delivery id answered 202 in this round: each must be in the inbox afterwards. */
let answeredIds: string[] = []
async function load(kind: 'hello' | 'webhook' | 'distinct', url: string, seconds: number): Promise<Result> {
  const common = { url, connections, duration: seconds, pipelining: 1 }
  if (kind === 'hello') return autocannon({ ...common, method: 'GET' })
  return autocannon({
    ...common,
    method: 'POST',
    requests: [
      {
        // autocannon's top-level path does not reach requests that have a setupRequest: give it here.
        method: 'POST',
        path: '/hooks/spec',
        setupRequest: (request: { headers: Record<string, string>; body?: string }) => {
          const id = `msg_bench_${process.pid}_${++sequence}`
          const timestamp = Math.floor(Date.now() / 1000)
          const payload = kind === 'distinct' ? body.replace('"Acme production tenant"', `"Acme tenant ${sequence}"`) : body
          request.headers = {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': sign(id, timestamp, payload),
          }
          request.body = payload
          return request
        },
        onResponse: (status: number, responseBody: string) => {
          if (status === 202) answeredIds.push((JSON.parse(responseBody) as { deliveryId: string }).deliveryId)
        },
      },
    ],
  })
}

/** One segment, with the CPU per request (µs) of the server and of the load generator. */
async function measured(kind: 'hello' | 'webhook' | 'distinct', server: { child: ChildProcess; url: string }, seconds: number) {
  const serverBefore = cpuSeconds(server.child.pid!)
  const clientBefore = cpuSeconds(process.pid)
  const result = await load(kind, server.url, seconds)
  const requests = Math.max(1, result.requests.total)
  return {
    ...summary(result),
    serverCpuUs: Math.round(((cpuSeconds(server.child.pid!) - serverBefore) / requests) * 1e6),
    clientCpuUs: Math.round(((cpuSeconds(process.pid) - clientBefore) / requests) * 1e6),
  }
}
const summary = (r: Result) => ({ rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, ok: r['2xx'] })
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const read = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, 'm').exec(text)?.[1] ?? 0)

/** What one fsync'd SQLite commit costs on this disk right now (200 single-row transactions, WAL, synchronous=FULL). */
function probeFsync(): { p50: number; p99: number } {
  const db = openDatabase(join(dir, 'probe.db'))
  db.exec('CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, body TEXT)')
  const insert = db.prepare('INSERT INTO probe (body) VALUES (?)')
  const times: number[] = []
  for (let i = 0; i < 200; i++) {
    const started = performance.now()
    db.transaction(() => insert.run(body))()
    times.push(performance.now() - started)
  }
  db.close()
  times.sort((a, b) => a - b)
  return { p50: Number(times[100]!.toFixed(2)), p99: Number(times[197]!.toFixed(2)) }
}

type Segment = Awaited<ReturnType<typeof measured>>
const pairResults: { hello: Segment; webhook: Segment }[] = []
let distinct: Segment
let stored = 0
let missing = 0
let meanGroup = 0
let fsyncBefore = { p50: 0, p99: 0 }
let fsyncAfter = { p50: 0, p99: 0 }
try {
  const hello = await startServer(['hello'])
  const webhook = await startServer(['webhook', configFile])
  await load('hello', hello.url, 2) // warm-up (JIT)
  await load('webhook', webhook.url, 2) // warm-up (JIT, the compile of the body)
  fsyncBefore = probeFsync()
  const metricsBefore = await (await fetch(`${webhook.url}/metrics`)).text()
  for (let pair = 1; pair <= pairs; pair++) {
    const h = await measured('hello', hello, duration)
    const w = await measured('webhook', webhook, duration)
    pairResults.push({ hello: h, webhook: w })
    if (!values.json) {
      console.log(
        `pair ${pair}: hello ${h.rps} req/s p50 ${h.p50} ms p99 ${h.p99} ms | webhook ${w.rps} deliveries/s p50 ${w.p50} ms p99 ${w.p99} ms ` +
          `(errors ${w.errors}, non-2xx ${w.non2xx}) | ${((w.rps / h.rps) * 100).toFixed(0)}% of hello, p99 ${(w.p99 / h.p99).toFixed(2)}x | ` +
          `CPU µs/request server ${h.serverCpuUs} / ${w.serverCpuUs}, load generator ${h.clientCpuUs} / ${w.clientCpuUs} (hello / webhook)`,
      )
    }
  }
  const metricsAfter = await (await fetch(`${webhook.url}/metrics`)).text()
  const groups = read(metricsAfter, 'scanplan_webhook_commit_group_size_count') - read(metricsBefore, 'scanplan_webhook_commit_group_size_count')
  meanGroup = (read(metricsAfter, 'scanplan_webhook_commit_group_size_sum') - read(metricsBefore, 'scanplan_webhook_commit_group_size_sum')) / (groups || 1)
  fsyncAfter = probeFsync()
  distinct = await measured('distinct', webhook, duration)
  await stopServer(hello.child)
  await stopServer(webhook.child)
  // Every 202 must be in the inbox: open the file after the service stopped and look each answered id up.
  // (Requests cut off when a segment ends may be stored without their answer being counted: more rows is fine.)
  const inbox = openSqliteInbox({ path: join(dir, 'inbox.db'), singleProcess: false, commitThread: false })
  stored = (await inbox.countByStatus()).queued
  // The inbox keys a delivery by scheme, endpoint and the sender's id (the 202 answers the sender's id).
  for (const id of answeredIds) if (!(await inbox.get(deliveryKey('standard-webhooks', '/hooks/spec', id)))) missing += 1
  await inbox.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const throughputRatio = median(pairResults.map((p) => p.webhook.rps / p.hello.rps))
const p99Ratio = median(pairResults.map((p) => p.webhook.p99 / p.hello.p99))
const errors = pairResults.reduce((sum, p) => sum + p.webhook.errors + p.webhook.non2xx, 0)
const pass = throughputRatio >= 0.5 && p99Ratio <= 1.5 && errors === 0 && missing === 0
const report = {
  duration,
  connections,
  pinned: values.pin,
  loadAverage: loadavg(),
  pairs: pairResults,
  median: {
    hello: { rps: median(pairResults.map((p) => p.hello.rps)), p50: median(pairResults.map((p) => p.hello.p50)), p99: median(pairResults.map((p) => p.hello.p99)) },
    webhook: { rps: median(pairResults.map((p) => p.webhook.rps)), p50: median(pairResults.map((p) => p.webhook.p50)), p99: median(pairResults.map((p) => p.webhook.p99)) },
    throughputRatio,
    p99Ratio,
    serverCpuUs: { hello: median(pairResults.map((p) => p.hello.serverCpuUs)), webhook: median(pairResults.map((p) => p.webhook.serverCpuUs)) },
    loadGeneratorCpuUs: { hello: median(pairResults.map((p) => p.hello.clientCpuUs)), webhook: median(pairResults.map((p) => p.webhook.clientCpuUs)) },
  },
  webhookErrors: errors,
  meanCommitGroup: meanGroup,
  fsyncCommit: { before: fsyncBefore, after: fsyncAfter },
  distinct: distinct!,
  inbox: { rows: stored, answered202: answeredIds.length, missing },
  pass,
}
if (values.json) console.log(JSON.stringify(report, null, 2))
else {
  const d = distinct!
  console.log(
    `median pair: hello ${report.median.hello.rps} req/s p99 ${report.median.hello.p99} ms, webhook ${report.median.webhook.rps} deliveries/s ` +
      `p50 ${report.median.webhook.p50} ms p99 ${report.median.webhook.p99} ms: ${(throughputRatio * 100).toFixed(0)}% of hello, p99 ${p99Ratio.toFixed(2)}x; ` +
      `webhook errors ${errors}; mean commit group ${meanGroup.toFixed(1)}`,
  )
  console.log(`one fsync'd SQLite commit on this disk: p50 ${fsyncBefore.p50} / ${fsyncAfter.p50} ms, p99 ${fsyncBefore.p99} / ${fsyncAfter.p99} ms (before / after the pairs)`)
  console.log(`distinct bodies (every request compiles): ${d.rps} deliveries/s p50 ${d.p50} ms p99 ${d.p99} ms, errors ${d.errors}, non-2xx ${d.non2xx}`)
  const m = report.median
  console.log(
    `median CPU per request: server ${m.serverCpuUs.hello} µs (hello) / ${m.serverCpuUs.webhook} µs (webhook), ` +
      `load generator ${m.loadGeneratorCpuUs.hello} / ${m.loadGeneratorCpuUs.webhook} µs`,
  )
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}${values.pin ? ' (pinned: load generator CPU 0, servers CPU 1)' : ''}`)
  console.log(`inbox after the run: ${stored} rows; ${answeredIds.length} deliveries answered 202, ${missing} of them missing`)
}
console.log(pass ? 'target met: >= 50% of hello throughput, p99 <= 1.5x, 0 errors, every 202 stored' : 'target NOT met')
process.exitCode = pass ? 0 : 1
