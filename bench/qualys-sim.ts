// `pnpm bench:sim`: what the Qualys simulator costs per request, against a bare node:http server measured in the
// same run (the reference machine is shared and noisy, so only ratios are targets).
// Workloads, each driven by C keep-alive connections for N requests over loopback:
//   baseline  a bare node:http server answering a fixed 3 KB XML body
//   profiles  GET /api/2.0/fo/subscription/option_profile/vm/?action=list with Basic auth (limits raised for the run)
//   create    POST /connectors/v1.0/org/azure/ with a bearer token (validation, view, state kept in memory)
//   scale     creates into a subscription already holding --stored connectors (36,000 by default) against creates
//             into an empty one, in interleaved rounds of 500 (the name uniqueness check must not scan them all)
// Targets: the simulator's option profile list serves at least 25% of the baseline's throughput; a create into the
// full subscription keeps at least 2/3 of the empty one's throughput.
// Usage: node --conditions=@scanplan/source --import tsx bench/qualys-sim.ts [--requests N] [--connections C] [--stored N] [--json]
import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { loadDefaultFixture, startSimulator } from '@scanplan/qualys-sim'
import { seedCreateRequest } from '@scanplan/test-support/seed-request'
import { acme, globex as globexUser } from '@scanplan/test-support/simulator-credentials'

const { values } = parseArgs({ options: { requests: { type: 'string', default: '4000' }, connections: { type: 'string', default: '4' }, stored: { type: 'string', default: '36000' }, json: { type: 'boolean', default: false } } })
const total = Number(values.requests)
const connections = Number(values.connections)
const stored = Number(values.stored)
if (!Number.isInteger(total) || total < 500 || !Number.isInteger(connections) || connections < 1 || !Number.isInteger(stored) || stored < 1000) {
  console.error('--requests must be an integer of at least 500, --connections a positive integer and --stored an integer of at least 1000')
  process.exit(2)
}

interface Call {
  method: string
  path: string
  headers: Record<string, string>
  body?: (i: number) => string
}

async function drive(baseUrl: string, call: Call, count = total) {
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
      for (let i = next++; i < count; i = next++) await one(i)
    }),
  )
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  const sorted = latencies.sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
  return { rps: Math.round(count / seconds), p50Ms: +at(0.5).toFixed(2), p99Ms: +at(0.99).toFixed(2), statuses: Object.fromEntries(statuses) }
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
for (const s of fixture.subscriptions) s.limits = { v2: { rate: 10_000_000, concurrency: 10_000 }, gateway: { rate: 10_000_000 } }
const sim = await startSimulator({ port: 0, fixture })
try {
  const auth = `Basic ${Buffer.from(`${acme.username}:${acme.password}`).toString('base64')}`
  const tokenRes = await fetch(`${sim.url}/auth`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: acme.username, password: acme.password, token: 'true' }).toString() })
  const token = await tokenRes.text()
  // Warm-up, then measure; the baseline is measured again last to see drift on the shared machine.
  await drive(bareUrl, { method: 'GET', path: '/', headers: {} })
  const baseline = await drive(bareUrl, { method: 'GET', path: '/', headers: {} })
  const profiles = await drive(sim.url, { method: 'GET', path: '/api/2.0/fo/subscription/option_profile/vm/?action=list', headers: { Authorization: auth, 'X-Requested-With': 'bench' } })
  const create = await drive(sim.url, {
    method: 'POST',
    path: '/connectors/v1.0/org/azure/',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: (i) => JSON.stringify({ ...seedCreateRequest(), name: `bench tenant ${i}` }),
  })
  const baselineAgain = await drive(bareUrl, { method: 'GET', path: '/', headers: {} })
  const ratio = +(profiles.rps / Math.max(baseline.rps, baselineAgain.rps)).toFixed(2)

  // Scale: fill acme up to --stored connectors, then alternate rounds of creates into acme (full) and globex (empty
  // at the start; it stays small), so both sides see the same machine load.
  const createCall = (bearer: string, prefix: string, profileId?: number): Call => ({
    method: 'POST',
    path: '/connectors/v1.0/org/azure/',
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    body: (i) => {
      const body = seedCreateRequest() as Record<string, any>
      if (profileId !== undefined) body.connectorScanConfig.optionProfileId = profileId
      return JSON.stringify({ ...body, name: `${prefix} ${i}` })
    },
  })
  const fill = await drive(sim.url, createCall(token, 'fill'), Math.max(0, stored - total))
  const globex = await (await fetch(`${sim.url}/auth`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: globexUser.username, password: globexUser.password, token: 'true' }).toString() })).text()
  const full: number[] = []
  const empty: number[] = []
  for (let round = 0; round < 4; round++) {
    full.push((await drive(sim.url, createCall(token, `full ${round}`), 500)).rps)
    empty.push((await drive(sim.url, createCall(globex, `empty ${round}`, 51451402), 500)).rps)
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const storedAtEnd = sim.admin.state().subscriptions[0]!.connectors.length
  const scaleRatio = +(median(full) / median(empty)).toFixed(2)
  const scale = { storedInFull: storedAtEnd, fillRps: fill.rps, fullRps: median(full), emptyRps: median(empty), fullToEmpty: scaleRatio, target: 0.67 }
  const pass = ratio >= 0.25 && scaleRatio >= 0.67
  const result = { node: process.version, requests: total, connections, baseline, profiles, create, baselineAgain, profilesToBaseline: ratio, target: 0.25, scale, pass }
  if (values.json) console.log(JSON.stringify(result, null, 2))
  else {
    for (const [name, r] of Object.entries({ baseline, profiles, create, baselineAgain })) console.log(`${name.padEnd(14)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  ${JSON.stringify(r.statuses)}`)
    console.log(`option profile list / bare server throughput: ${ratio} (target >= 0.25): ${ratio >= 0.25 ? 'pass' : 'FAIL'}`)
    console.log(`creates with ${storedAtEnd} stored: ${scale.fullRps} req/s; into a small subscription: ${scale.emptyRps} req/s (medians of 4 interleaved rounds of 500)`)
    console.log(`full / empty create throughput: ${scaleRatio} (target >= 0.67): ${scaleRatio >= 0.67 ? 'pass' : 'FAIL'}`)
  }
  if (!pass) process.exitCode = 1
} finally {
  await sim.stop()
  bare.close()
}
