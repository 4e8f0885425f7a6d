// The simulator of `pnpm bench:apply`'s fleet run, in its own process so that the bench's CPU figures are the
// client's alone: `fleet-sim.ts ACCOUNTS LATENCY_MS` serves the fleet's subscriptions with a fixed service time per
// call, prints its URL on stdout and serves until SIGTERM (the admin token comes from the bench in
// SCANPLAN_FLEET_SIM_ADMIN_TOKEN, so that no token is ever written to a pipe or a log); on
// SIGUSR2 it prints the CPU time it has spent so far (ms).
import { startSimulator } from '@scanplan/qualys-sim'
import { fleetFixture } from './fleet-fixture.ts'

const [accounts, latencyMs] = process.argv.slice(2).map(Number)
if (!Number.isInteger(accounts) || !Number.isInteger(latencyMs)) {
  process.stderr.write('usage: fleet-sim.ts ACCOUNTS LATENCY_MS\n')
  process.exit(2)
}
const adminToken = process.env.SCANPLAN_FLEET_SIM_ADMIN_TOKEN
if (!adminToken) {
  process.stderr.write('fleet-sim.ts: SCANPLAN_FLEET_SIM_ADMIN_TOKEN is not set (bench/apply-fleet.ts sets it)\n')
  process.exit(2)
}
const sim = await startSimulator({ port: 0, fixture: fleetFixture(accounts!), faults: { latencyMs: latencyMs! }, adminToken })
// SIGUSR2: a line with the CPU time this process has spent so far (ms), so the bench can take the run's share.
process.on('SIGUSR2', () => {
  const cpu = process.cpuUsage()
  process.stdout.write(`${Math.round((cpu.user + cpu.system) / 1000)}\n`)
})
// The URL last: the bench may signal as soon as it reads it.
process.stdout.write(`${sim.url}\n`)
process.once('SIGTERM', () => void sim.stop().then(() => process.exit(0)))
