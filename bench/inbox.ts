// `pnpm bench:inbox` (issue 19): what the inbox costs as its backlog grows, on both stores, and the door beside it.
//   claim    claim + finish of one delivery with 1,000 and with 100,000 queued, on SQLite (commit thread, WAL,
//            synchronous=FULL) and on PostgreSQL (a throwaway cluster), in interleaved rounds: each round tops both
//            backlogs up to their size (not timed), then times --ops claim+finish pairs on the small one, then on the
//            large one. Target: the large backlog's median within 2x of the small one's, on each store.
//   door     the webhook service (SQLite inbox, its worker running) under a fixed rate of signed deliveries, once with
//            an empty inbox and once with --backlog deliveries queued that no longer compile (the worker rejects
//            them without any I/O, the case that used to starve the door), alternating. Target: p99 with the
//            backlog within 1.5x of the empty inbox's (medians over the pairs).
// Usage: node --conditions=@scanplan/source --import tsx bench/inbox.ts [--ops N] [--rounds N] [--backlog N]
//        [--rate R] [--duration S] [--pairs N] [--skip-door] [--json]
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createTestDatabase, startTestPostgres } from '@scanplan/test-support/postgres-cluster'
import { openPostgresInbox, openSqliteInbox, type InboxStore, type NewDelivery } from '@scanplan/webhook-inbox'
import { tempDir } from '@scanplan/test-support/temp-dir'
// autocannon ships no types and is CommonJS: loaded with require (a plain import would be untyped).
const require = createRequire(import.meta.url)

const here = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    backlog: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '8' },
    pairs: { type: 'string', default: '2' },
    'skip-door': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
})
const ops = Number(values.ops)
const rounds = Number(values.rounds)
const large = Number(values.backlog)
const rate = Number(values.rate)
const duration = Number(values.duration)
const pairs = Number(values.pairs)
if (![ops, rounds, large, rate, duration, pairs].every((n) => Number.isInteger(n) && n > 0) || large < 10_000 || duration > 60) {
  console.error('--ops, --rounds, --rate, --pairs must be positive integers, --backlog at least 10000, --duration 1-60 s')
  process.exit(2)
}
const small = 1000
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
let serial = 0
const fresh = (n: number, receivedAt: number, body = '{"n":1}'): NewDelivery[] =>
  Array.from({ length: n }, () => ({ id: `bench-${++serial}`, endpoint: '/hooks/spec', body, receivedAt }))

async function fill(store: InboxStore, target: number, receivedAt: number) {
  for (let queued = (await store.countByStatus()).queued; queued < target; queued += 1000) {
    await store.acceptBatch(fresh(Math.min(1000, target - queued), receivedAt))
  }
}

/** Median milliseconds of one claim + finish, over `ops` pairs. */
async function claimFinish(store: InboxStore, now: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < ops; i++) {
    const started = performance.now()
    const delivery = await store.claim('bench', now, 60_000)
    if (!delivery) throw new Error('the backlog ran dry')
    await store.finish(delivery.id, 'bench', 'applied', { startedAt: now, finishedAt: now }, now)
    times.push(performance.now() - started)
  }
  return median(times)
}

async function claimRun(name: string, open: () => Promise<InboxStore>) {
  const [smallStore, largeStore] = [await open(), await open()]
  try {
    // Deliveries received over the last hour, all due: the claim order puts the oldest first.
    const now = Date.now()
    await fill(smallStore, small, now - 3_600_000)
    await fill(largeStore, large, now - 3_600_000)
    const smallMs: number[] = []
    const largeMs: number[] = []
    for (let round = 0; round < rounds; round++) {
      await fill(smallStore, small, now)
      await fill(largeStore, large, now)
      smallMs.push(await claimFinish(smallStore, now + 1))
      largeMs.push(await claimFinish(largeStore, now + 1))
    }
    const ratio = +(median(largeMs) / median(smallMs)).toFixed(2)
    return { store: name, smallQueued: small, largeQueued: large, smallMs: +median(smallMs).toFixed(3), largeMs: +median(largeMs).toFixed(3), ratio, target: 2, pass: ratio <= 2 }
  } finally {
    await smallStore.close()
    await largeStore.close()
  }
}

const dir = tempDir('bench-inbox')
const claims = []
let dbCount = 0
claims.push(await claimRun('SQLite', async () => openSqliteInbox({ path: join(dir, `claims-${++dbCount}.db`) })))
const postgres = await startTestPostgres()
if (postgres) {
  try {
    const databases: Array<{ drop(): Promise<void> }> = []
    claims.push(
      await claimRun('PostgreSQL', async () => {
        const database = await createTestDatabase(postgres)
        databases.push(database)
        return openPostgresInbox({ connectionString: database.url })
      }),
    )
    for (const database of databases) await database.drop()
  } finally {
    await postgres.stop()
  }
} else console.error('PostgreSQL is not installed here: its claim run is skipped')

// The door: the service with its worker, empty inbox against a backlog of deliveries that no longer compile.
interface Result {
  latency: { p50: number; p99: number }
  errors: number
  non2xx: number
  '2xx': number
}
const door: Array<{ empty: Result; backlog: Result; processedDuringRun: number }> = []
if (!values['skip-door']) {
  const autocannon = require('autocannon') as (options: object) => Promise<Result>
  const secret = 'whsec_' + Buffer.from('the bench signing secret, 32 b!!').toString('base64')
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const body = readFileSync(join(here, '../examples/webhook-delivery.json'), 'utf8')
  const config = `listen: { host: 127.0.0.1, port: 0 }
store: { sqlite: ./inbox.db }
adminToken: { env: BENCH_ADMIN_TOKEN }
endpoints: [{ path: /hooks/spec, scheme: standard-webhooks, secrets: [{ env: BENCH_HOOK_SECRET }] }]
sources:
  - { site: acme-prod, username: acme3ab1, auth: session, password: { env: QUALYS_PASSWORD }, connectorSecrets: [AZURE_APP_SECRET] }
logLevel: error
`
  // The backlog, written once and copied for each run: deliveries whose spec names a site the service does not have.
  const template = join(dir, 'backlog-template.db')
  {
    const store = openSqliteInbox({ path: template })
    const at = Date.now() - 3_600_000
    for (let n = 0; n < large; n += 5000) await store.acceptBatch(fresh(5000, at, '{"source":"no-such-site","connectors":[]}'))
    await store.close()
  }
  const env = {
    PATH: process.env.PATH,
    BENCH_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    BENCH_HOOK_SECRET: secret,
    QUALYS_PASSWORD: 'not-a-real-password',
    AZURE_APP_SECRET: 'not-a-real-secret',
  }
  const start = async (runDir: string): Promise<{ child: ChildProcess; url: string }> => {
    writeFileSync(join(runDir, 'webhook.yaml'), config)
    const child = spawn(process.execPath, ['--conditions=@scanplan/source', '--import', 'tsx', join(here, 'webhook-server.ts'), 'worker', join(runDir, 'webhook.yaml')], { env: env as Record<string, string>, stdio: ['ignore', 'pipe', 'inherit'] })
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
  const stop = async (child: ChildProcess) => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  const load = (url: string) =>
    autocannon({
      url,
      connections: 10,
      duration,
      overallRate: rate,
      requests: [
        {
          method: 'POST',
          path: '/hooks/spec',
          setupRequest: (request: { headers: Record<string, string>; body?: string }) => {
            const id = `msg_inbox_${process.pid}_${++serial}`
            const timestamp = Math.floor(Date.now() / 1000)
            const signature = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
            request.headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }
            request.body = body
            return request
          },
        },
      ],
    })
  for (let pair = 0; pair < pairs; pair++) {
    const results: Partial<Record<'empty' | 'backlog', Result>> = {}
    let processedDuringRun = 0
    for (const kind of ['empty', 'backlog'] as const) {
      const runDir = mkdtempSync(join(dir, `${kind}-`))
      if (kind === 'backlog') copyFileSync(template, join(runDir, 'inbox.db'))
      const server = await start(runDir)
      try {
        await load(server.url) // warm-up (the compile cache, the JIT), then the measured run
        results[kind] = await load(server.url)
      } finally {
        await stop(server.child)
      }
      if (kind === 'backlog') {
        const store = openSqliteInbox({ path: join(runDir, 'inbox.db'), commitThread: false })
        processedDuringRun = (await store.countByStatus()).failed
        await store.close()
      }
    }
    door.push({ empty: results.empty!, backlog: results.backlog!, processedDuringRun })
  }
}
rmSync(dir, { recursive: true, force: true })

const doorSummary =
  door.length === 0
    ? undefined
    : (() => {
        const emptyP99 = median(door.map((d) => d.empty.latency.p99))
        const backlogP99 = median(door.map((d) => d.backlog.latency.p99))
        const ratio = +(backlogP99 / emptyP99).toFixed(2)
        return { rate, durationSec: duration, backlog: large, emptyP99Ms: emptyP99, backlogP99Ms: backlogP99, ratio, target: 1.5, pass: ratio <= 1.5, pairs: door.map((d) => ({ emptyP99: d.empty.latency.p99, backlogP99: d.backlog.latency.p99, non2xx: d.empty.non2xx + d.backlog.non2xx, errors: d.empty.errors + d.backlog.errors, rejectedByWorker: d.processedDuringRun })) }
      })()
const pass = claims.every((c) => c.pass) && (doorSummary?.pass ?? true)
if (values.json) console.log(JSON.stringify({ node: process.version, loadavg: loadavg()[0], claims, door: doorSummary, pass }, null, 2))
else {
  for (const c of claims) console.log(`${c.store.padEnd(10)} claim+finish: ${c.smallMs} ms with ${c.smallQueued} queued, ${c.largeMs} ms with ${c.largeQueued} queued: ${c.ratio}x (target <= 2): ${c.pass ? 'pass' : 'FAIL'}`)
  if (doorSummary) {
    for (const p of doorSummary.pairs) console.log(`door p99 at ${rate} req/s: empty ${p.emptyP99} ms, ${large} queued ${p.backlogP99} ms (worker rejected ${p.rejectedByWorker} meanwhile; non-2xx ${p.non2xx}, errors ${p.errors})`)
    console.log(`door p99 backlog / empty: ${doorSummary.ratio} (target <= 1.5): ${doorSummary.pass ? 'pass' : 'FAIL'}`)
  }
}
if (!pass) process.exitCode = 1
