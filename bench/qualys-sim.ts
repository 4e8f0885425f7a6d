// `pnpm bench:sim`: what the Qualys simulator costs per request, against a bare node:http server measured in the
// same run (the reference machine is shared and noisy, so only ratios are targets).
// Workloads, each driven by C keep-alive connections for N requests over loopback:
//   baseline  a bare node:http server answering a fixed 3 KB XML body
//   profiles  GET /api/2.0/fo/subscription/option_profile/vm/?action=list with Basic auth (limits raised for the run)
//   create    POST /connectors/v1.0/org/azure/ with a bearer token (validation, view, state kept in memory)
// Target: the simulator's option profile list serves at least 25% of the baseline's throughput.
// Usage: node --import tsx bench/qualys-sim.ts [--requests N] [--connections C] [--json]
import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { loadDefaultFixture, startSimulator } from '../packages/qualys-sim/src/index.ts'
import { seedBody } from '../packages/qualys-sim/src/test-support/http.ts'

const { values } = parseArgs({ options: { requests: { type: 'string', default: '4000' }, connections: { type: 'string', default: '4' }, json: { type: 'boolean', default: false } } })
const total = Number(values.requests)
const connections = Number(values.connections)
if (!Number.isInteger(total) || total < 500 || !Number.isInteger(connections) || connections < 1) {
  console.error('--requests must be an integer of at least 500 and --connections a positive integer')
  process.exit(2)
}

interface Call {
  method: string
  path: string
  headers: Record<string, string>
  body?: (i: number) => string
}

async function drive(baseUrl: string, call: Call) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const latencies: number[] = []
  let next = 0
  const statuses = new Map<number, number>()
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = call.body?.(i)
      const started = performance.now()
      const req = request(new URL(call.path, baseUrl), { method: call.method, agent, headers: { ...call.headers, ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
        res.resume()
        res.on('end', () => {
          latencies.push(performance.now() - started)
          statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1)
          resolve()
        })
      })
      req.on('error', reject)
      req.end(body)
    })
  const started = performance.now()
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < total; i = next++) await one(i)
    }),
  )
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  const sorted = latencies.sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
  return { rps: Math.round(total / seconds), p50Ms: +at(0.5).toFixed(2), p99Ms: +at(0.99).toFixed(2), statuses: Object.fromEntries(statuses) }
}

// Baseline: the same transport with no simulator logic.
const xml = `<?xml version="1.0" encoding="UTF-8" ?>\n${'<OPTION_PROFILE></OPTION_PROFILE>\n'.repeat(90)}`
const bare = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/xml;charset=UTF-8', 'Content-Length': Buffer.byteLength(xml) })
  res.end(xml)
})
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`

const fixture = loadDefaultFixture()
fixture.subscriptions[0]!.limits = { v2: { rate: 10_000_000, concurrency: 10_000 }, gateway: { rate: 10_000_000 } }
const sim = await startSimulator({ port: 0, fixture })
try {
  const auth = `Basic ${Buffer.from('acme3ab1:sim-acme3ab1-not-a-real-password').toString('base64')}`
  const tokenRes = await fetch(`${sim.url}/auth`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=acme3ab1&password=sim-acme3ab1-not-a-real-password&token=true' })
  const token = await tokenRes.text()
  // Warm-up, then measure; the baseline is measured again last to see drift on the shared machine.
  await drive(bareUrl, { method: 'GET', path: '/', headers: {} })
  const baseline = await drive(bareUrl, { method: 'GET', path: '/', headers: {} })
  const profiles = await drive(sim.url, { method: 'GET', path: '/api/2.0/fo/subscription/option_profile/vm/?action=list', headers: { Authorization: auth, 'X-Requested-With': 'bench' } })
  const create = await drive(sim.url, {
    method: 'POST',
    path: '/connectors/v1.0/org/azure/',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: (i) => JSON.stringify({ ...seedBody(), name: `bench tenant ${i}` }),
  })
  const baselineAgain = await drive(bareUrl, { method: 'GET', path: '/', headers: {} })
  const ratio = +(profiles.rps / Math.max(baseline.rps, baselineAgain.rps)).toFixed(2)
  const result = { node: process.version, requests: total, connections, baseline, profiles, create, baselineAgain, profilesToBaseline: ratio, target: 0.25, pass: ratio >= 0.25 }
  if (values.json) console.log(JSON.stringify(result, null, 2))
  else {
    for (const [name, r] of Object.entries({ baseline, profiles, create, baselineAgain })) console.log(`${name.padEnd(14)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  ${JSON.stringify(r.statuses)}`)
    console.log(`option profile list / bare server throughput: ${ratio} (target >= 0.25): ${result.pass ? 'pass' : 'FAIL'}`)
  }
  if (!result.pass) process.exitCode = 1
} finally {
  await sim.stop()
  bare.close()
}
