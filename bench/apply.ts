// `pnpm bench:apply`: how long `apply` takes for 50 connectors over 5 subscriptions against the simulator, with a
// fixed simulated service time per call, scheduled two ways in the same run:
//   sequential  one call at a time, one subscription after another (the baseline)
//   scanplan    the client's schedule: at most 2 calls at once per subscription (Qualys' default limit), the
//               subscriptions in parallel
// Also checks that no subscription ever had more than 2 calls in flight (counted at the transport).
// Target: scanplan at least 4x faster than sequential (ideal: 10x with 5 subscriptions x 2 slots).
// Then the hourly budget (issue 15): 30 creates in one subscription, unpaced (the default 300 calls per hour: no
// wait) beside paced (a fixture budget of 20 calls per 10 s): the wall time, the budget waits and the 429s.
// Then the fleet run (issue 19, bench/apply-fleet.ts): one spec per customer account, --fleet-accounts of them (500)
// with 4 connectors each, planned and applied as `scanplan apply` does: the wall time against the concurrency model's
// ideal and the CPU per spec. Target: wall time within 1.5x of the ideal (reported; the command does not fail on it,
// since on a shared machine the CPU, not the model, sets the time).
// Usage: node --conditions=@scanplan/source --import tsx bench/apply.ts [--latency MS] [--fleet-accounts N]
//        [--fleet-only] [--json]
import { parseArgs } from 'node:util'
import type { HttpRequest, Transport } from '@scanplan/core/adapters'
import { createJwtAuth } from '@scanplan/auth-jwt'
import { createSessionAuth } from '@scanplan/auth-session'
import { createConcurrencyLimit, createQualysClient, createRateBudget, type BudgetWait } from '@scanplan/qualys'
import { companies, companyPassword, fiveSubscriptionsFixture } from '../packages/qualys/src/test-fixtures/five-subscriptions.ts'
import { seedBody } from '../packages/qualys/src/test-fixtures/org-connector.ts'
import { startSimulator, type Fixture } from '@scanplan/qualys-sim'
import { createFetchTransport } from '@scanplan/transport-fetch'
import { azureAppSecret } from '@scanplan/test-support/simulator-credentials'
import { fleetRun } from './apply-fleet.ts'

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '100' },
    'fleet-accounts': { type: 'string', default: '500' },
    'fleet-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
})
const latencyMs = Number(values.latency)
if (!Number.isInteger(latencyMs) || latencyMs < 1) {
  console.error('--latency must be a positive integer (milliseconds)')
  process.exit(2)
}
const fleetAccounts = Number(values['fleet-accounts'])
if (!Number.isInteger(fleetAccounts) || fleetAccounts < 1 || fleetAccounts > 17_576) {
  console.error('--fleet-accounts must be an integer from 1 to 17576')
  process.exit(2)
}

const fixture = fiveSubscriptionsFixture()

/** In-flight calls per gateway user (the `sub` of the simulator's tokens). */
function counting(inner: Transport) {
  const running = new Map<string, number>()
  let max = 0
  const userOf = (r: HttpRequest) => {
    const token = /^Bearer (.+)$/.exec(r.headers.Authorization ?? '')?.[1]
    return token ? (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub : undefined
  }
  return {
    max: () => max,
    transport: {
      async send(request: HttpRequest) {
        const user = userOf(request)
        if (user) max = Math.max(max, running.set(user, (running.get(user) ?? 0) + 1).get(user)!)
        try {
          return await inner.send(request)
        } finally {
          if (user) running.set(user, running.get(user)! - 1)
        }
      },
    } satisfies Transport,
  }
}

async function run(mode: 'sequential' | 'scanplan') {
  const sim = await startSimulator({ port: 0, fixture, faults: { latencyMs } })
  const count = counting(createFetchTransport())
  const clients = companies.map((company) => {
    const credentials = { username: `${company}3ab1`, password: companyPassword(company) }
    return createQualysClient({
      urls: { apiServer: sim.url, gateway: sim.url },
      transport: count.transport,
      auth: { v2: createSessionAuth(credentials), gateway: createJwtAuth(credentials) },
      concurrencyLimit: createConcurrencyLimit(mode === 'sequential' ? 1 : 2),
    })
  })
  const desired = (i: number) => Array.from({ length: 10 }, (_, n) => ({ connector: `c${n}`, body: seedBody(`${companies[i]} tenant ${n}`) }))
  const secretValue = async () => azureAppSecret
  const started = performance.now()
  try {
    if (mode === 'sequential') {
      for (const [i, client] of clients.entries()) await client.apply(await client.plan(desired(i)), { secretValue })
    } else {
      await Promise.all(clients.map(async (client, i) => client.apply(await client.plan(desired(i)), { secretValue })))
    }
    const ms = performance.now() - started
    const creates = Object.values(sim.admin.counters().subscriptions).reduce((n, c) => n + c.connectorCreates, 0)
    if (creates !== 50) throw new Error(`expected 50 creates, the simulator counted ${creates}`)
    return { mode, ms: Math.round(ms), maxPerSubscription: count.max() }
  } finally {
    await Promise.all(clients.map((c) => c.close()))
    await sim.stop()
  }
}

/** 30 creates in the first subscription with a gateway budget of `rate` calls per `windowSec`. */
async function budgetRun(mode: 'unpaced' | 'paced') {
  const f: Fixture = structuredClone(fixture)
  if (mode === 'paced') f.subscriptions[0]!.limits = { ...f.subscriptions[0]!.limits, gateway: { rate: 20, windowSec: 10 } }
  const sim = await startSimulator({ port: 0, fixture: f, faults: { latencyMs } })
  const waits: BudgetWait[] = []
  const credentials = { username: `${companies[0]}3ab1`, password: companyPassword(companies[0]!) }
  const client = createQualysClient({
    urls: { apiServer: sim.url, gateway: sim.url },
    transport: createFetchTransport(),
    auth: { v2: createSessionAuth(credentials), gateway: createJwtAuth(credentials) },
    gatewayBudget: createRateBudget({ onWait: (w) => waits.push(w) }),
  })
  const desired = Array.from({ length: 30 }, (_, n) => ({ connector: `c${n}`, body: seedBody(`${companies[0]} paced ${n}`) }))
  const started = performance.now()
  try {
    const applied = await client.apply(await client.plan(desired), { secretValue: async () => azureAppSecret })
    const ms = Math.round(performance.now() - started)
    const counters = Object.values(sim.admin.counters().subscriptions).reduce((a, c) => ({ creates: a.creates + c.connectorCreates, refused429: a.refused429 + c.gatewayRejected429 }), { creates: 0, refused429: 0 })
    const created = applied.filter((c) => c.result.status === 'created').length
    if (created !== 30 || counters.creates !== 30) throw new Error(`${mode}: ${created} created, the simulator counted ${counters.creates}`)
    return { mode, ms, waits: waits.length, waitedMs: waits.reduce((n, w) => n + w.waitMs, 0), refused429: counters.refused429 }
  } finally {
    await client.close()
    await sim.stop()
  }
}

/** One line per fleet figure, for the text output. */
function printFleet(fleet: Awaited<ReturnType<typeof fleetRun>>) {
  console.log(`fleet: ${fleet.accounts} accounts x ${fleet.connectors} connectors, ${fleet.latencyMs} ms per call (load average ${fleet.load.join(' ')})`)
  console.log(`  wall ${fleet.ms} ms (plan ${fleet.planMs}, apply ${fleet.applyMs}, logout ${fleet.logoutMs}); ideal ${fleet.idealMs} ms (${fleet.stepsPerAccount} steps per account); ${fleet.toIdeal}x the ideal (target <= 1.5x)`)
  console.log(`  calls ${JSON.stringify(fleet.calls)} (${fleet.recovered} creates sent again after a lost answer); at most ${fleet.mostInFlight} in flight, ${fleet.maxGatewayPerSubscription} gateway / ${fleet.maxV2PerSubscription} v2 per subscription`)
  console.log(`  client CPU ${fleet.cpuMs} ms (${fleet.cpuMsPerSpec} ms per spec); simulator CPU ${fleet.simulatorCpuMs} ms`)
}

if (values['fleet-only']) {
  const fleet = await fleetRun({ accounts: fleetAccounts, connectors: 4, latencyMs })
  if (values.json) console.log(JSON.stringify({ latencyMs, fleet }, null, 2))
  else printFleet(fleet)
  process.exit(fleet.maxGatewayPerSubscription > 2 ? 1 : 0)
}

const sequential = await run('sequential')
const scanplan = await run('scanplan')
const unpaced = await budgetRun('unpaced')
const paced = await budgetRun('paced')
const fleet = await fleetRun({ accounts: fleetAccounts, connectors: 4, latencyMs })
const speedup = sequential.ms / scanplan.ms
const result = { latencyMs, sequential, scanplan, speedup: Number(speedup.toFixed(2)), target: 4, budget: { unpaced, paced }, fleet }
if (values.json) console.log(JSON.stringify(result, null, 2))
else {
  console.log(`50 connectors, 5 subscriptions, ${latencyMs} ms simulated service time per call`)
  console.log(`sequential: ${sequential.ms} ms (max ${sequential.maxPerSubscription} in flight per subscription)`)
  console.log(`scanplan:   ${scanplan.ms} ms (max ${scanplan.maxPerSubscription} in flight per subscription)`)
  console.log(`speed-up:   ${speedup.toFixed(2)}x (target >= 4x)`)
  console.log(`30 creates in one subscription, ${latencyMs} ms per call:`)
  for (const r of [unpaced, paced]) {
    const budget = r.mode === 'paced' ? 'budget 20 calls / 10 s' : 'budget 300 calls / h'
    console.log(`${r.mode.padEnd(8)}: ${r.ms} ms (${budget}; ${r.waits} budget waits, ${(r.waitedMs / 1000).toFixed(1)} s waited; ${r.refused429} refused with 429)`)
  }
  printFleet(fleet)
}
if (paced.refused429 > Math.ceil(paced.ms / 10_000)) {
  console.error('the paced run met more than one 429 per window')
  process.exit(1)
}
if (scanplan.maxPerSubscription > 2 || fleet.maxGatewayPerSubscription > 2) {
  console.error('more than 2 calls in flight for one subscription')
  process.exit(1)
}
if (speedup < 4) process.exit(1)
