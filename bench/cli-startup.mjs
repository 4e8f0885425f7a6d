#!/usr/bin/env node
// `pnpm bench:cli`: wall time of the BUILT CLI (apps/cli/dist/bin.cjs) against `node -e 0`, measured in one run with
// the commands interleaved (a, b, c, a, b, c, ...) so that noise from the shared machine hits all of them alike.
// Targets are ratios of medians (issue 8): `--help` <= 1.3x and `schedule PHRASE` <= 2.0x of `node -e 0`.
// Usage: node bench/cli-startup.mjs [--runs N] [--json]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

// `pnpm bench:cli -- --runs 30` passes the `--` through; drop it.
const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { runs: { type: 'string', default: '15' }, json: { type: 'boolean', default: false } } })
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 10) {
  console.error('--runs must be an integer of at least 10 (medians of fewer runs are noise)')
  process.exit(2)
}
const bin = fileURLToPath(new URL('../apps/cli/dist/bin.cjs', import.meta.url))
if (!existsSync(bin)) {
  console.error(`${bin} is missing: build first (pnpm exec turbo run build --filter=scanplan...)`)
  process.exit(2)
}

const phrase = 'weekly on MON,WED at 12:00 Asia/Colombo'
// For context, not targets: any ESM program pays for Node's ES module loader, which `node -e 0` never starts, and
// any program that prints pays for setting up stdout (a pipe here). Together they are the floor of a CLI's --help.
const scratch = mkdtempSync(join(tmpdir(), 'scanplan-bench-'))
const emptyModule = join(scratch, 'empty.mjs')
writeFileSync(emptyModule, '')
const printingModule = join(scratch, 'print.mjs')
writeFileSync(printingModule, "process.stdout.write('scanplan\\n')\n")
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'node empty.mjs (ESM loader floor)', args: [emptyModule] },
  { name: 'node print.mjs (ESM + one line on stdout)', args: [printingModule] },
  { name: 'scanplan --help', args: [bin, '--help'], target: 1.3 },
  { name: `scanplan schedule "${phrase}"`, args: [bin, 'schedule', phrase], target: 2.0 },
  { name: `scanplan explain "${phrase}"`, args: [bin, 'explain', phrase] },
]
// The environment of a user's shell, minus what would change the work done (colour decisions, a forced zone).
const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', TZ: 'UTC' }

function once(c) {
  const start = process.hrtime.bigint()
  const r = spawnSync(process.execPath, c.args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  return { ms, status: r.status, stderr: r.stderr.toString() }
}

// Warm-up: the first runs fill the OS file cache (and, on Node >= 22.1, the compile cache).
for (const c of cases) {
  const r = once(c)
  c.status = r.status
  if (r.status !== 0) c.error = r.stderr.split('\n')[0]
  once(c)
}
const live = cases.filter((c) => c.status === 0)
for (const c of live) c.times = []
for (let i = 0; i < runs; i += 1) for (const c of live) c.times.push(once(c).ms)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const base = median(cases[0].times)
const rows = cases.map((c) => {
  if (!c.times) return { name: c.name, error: c.error ?? `exit ${c.status}` }
  const med = median(c.times)
  const ratio = med / base
  return { name: c.name, medianMs: Number(med.toFixed(1)), minMs: Number(Math.min(...c.times).toFixed(1)), ratio: Number(ratio.toFixed(2)), target: c.target ?? null, met: c.target ? ratio <= c.target : null }
})
const missed = rows.filter((r) => r.met === false || (r.error && cases.find((c) => c.name === r.name)?.target))

if (values.json) {
  console.log(JSON.stringify({ node: process.version, runs, rows }, null, 2))
} else {
  console.log(`CLI start-up, ${runs} interleaved runs each, Node ${process.version} (median / min, ratio to node -e 0)`)
  for (const r of rows) {
    if (r.error) console.log(`  ${r.name.padEnd(58)} did not run: ${r.error}`)
    else console.log(`  ${r.name.padEnd(58)} ${String(r.medianMs).padStart(7)} ms  ${String(r.minMs).padStart(7)} ms  ${r.ratio.toFixed(2)}x${r.target ? `  (target <= ${r.target}x: ${r.met ? 'met' : 'MISSED'})` : ''}`)
  }
}
process.exit(missed.length ? 1 : 0)
