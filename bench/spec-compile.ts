// `pnpm bench:spec`: what compiling a spec file costs, against parsing the same text with the `yaml` package alone
// (the floor: every compile parses with positions first). The reference machine is shared and noisy, so only the
// ratios within one run are targets.
// Workloads, each repeated R times per round, median of the rounds:
//   yaml.parse     the seed spec parsed to plain data (no positions kept)
//   loadSpec       parse with positions + io-ts decode with excess-key checks
//   compileSpec    the seed spec: load, platform, schedule, rules, request body
//   compile multi  examples/multi-connector.json (three connectors)
// Target: compileSpec of the seed costs at most 4x yaml.parse of the same text.
// Usage: node --conditions=@scanplan/source --import tsx bench/spec-compile.ts [--rounds N] [--repeat R] [--json]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
// The same `yaml` version core parses with (bench's package.json pins it alike).
import { parse } from 'yaml'
import { compileSpec, loadSpec } from '@scanplan/core'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, repeat: { type: 'string', default: '300' }, json: { type: 'boolean', default: false } } })
const rounds = Number(values.rounds)
const repeat = Number(values.repeat)
if (!Number.isInteger(rounds) || rounds < 3 || !Number.isInteger(repeat) || repeat < 50) {
  console.error('--rounds must be an integer of at least 3 and --repeat at least 50')
  process.exit(2)
}

const seed = readFileSync(new URL('../examples/seed-azure-org.yaml', import.meta.url), 'utf8')
const multi = readFileSync(new URL('../examples/multi-connector.json', import.meta.url), 'utf8')
const now = new Date('2026-11-22T12:00:00Z')
const profiles = { 'PCI Scan': 240982 }

const workloads: [string, () => unknown][] = [
  ['yaml.parse', () => parse(seed)],
  ['loadSpec', () => loadSpec(seed)],
  ['compileSpec', () => compileSpec(seed, { now })],
  ['compile multi', () => compileSpec(multi, { now, profiles })],
]

// Results are checked once, so the benchmark measures working compiles.
if (!compileSpec(seed, { now }).ok || !compileSpec(multi, { now, profiles }).ok) throw new Error('the example specs do not compile')

// Warm-up: let the JIT settle before anything is timed.
for (const [, run] of workloads) for (let i = 0; i < repeat; i++) run()
const perCall = new Map<string, number[]>()
for (let round = 0; round < rounds; round++) {
  // Interleaved rounds: a burst of load from a neighbour hits every workload alike.
  for (const [name, run] of workloads) {
    const started = performance.now()
    for (let i = 0; i < repeat; i++) run()
    const ms = (performance.now() - started) / repeat
    perCall.set(name, [...(perCall.get(name) ?? []), ms])
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const results = workloads.map(([name]) => ({ name, msPerCall: median(perCall.get(name)!) }))
const floor = results[0]!.msPerCall
const ratio = results[2]!.msPerCall / floor
const target = 4
if (values.json) console.log(JSON.stringify({ rounds, repeat, results: results.map((r) => ({ ...r, ratio: r.msPerCall / floor })), target: { compileOverParse: target, ratio, met: ratio <= target } }))
else {
  for (const r of results) console.log(`${r.name.padEnd(14)} ${r.msPerCall.toFixed(3).padStart(8)} ms/call  ${(r.msPerCall / floor).toFixed(2)}x yaml.parse`)
  console.log(`target: compileSpec <= ${target}x yaml.parse of the same text: ${ratio.toFixed(2)}x ${ratio <= target ? 'met' : 'NOT met'}`)
}
process.exit(ratio <= target ? 0 : 1)
