#!/usr/bin/env node
// Runs every package's type check, lint and tests, and the workspace's import-cycle and dead-code checks, through turbo, streams the output, and ends with one
// line `N passed, N failed` summed over every uvu run (uvu itself prints only per-process totals).
// The exit code is non-zero when any task failed, even one that crashed before uvu could count it.
import { spawn } from 'node:child_process'

const args = ['run', 'typecheck', 'lint', 'test', 'check:cycles', 'check:dead-code', '--log-order=grouped', ...process.argv.slice(2).filter((a) => a !== '--')]
const child = spawn('turbo', args, {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  shell: process.platform === 'win32',
})

const totals = { total: 0, passed: 0, skipped: 0 }
let pending = ''
const ansi = /\u001b\[[0-9;]*m/g
function scan(line) {
  const plain = line.replace(ansi, '')
  const m = /(Total|Passed|Skipped):\s+(\d+)\s*$/.exec(plain)
  if (m) totals[m[1].toLowerCase()] += Number(m[2])
}
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  pending += chunk.toString('utf8')
  const lines = pending.split('\n')
  pending = lines.pop() ?? ''
  lines.forEach(scan)
})
child.on('close', (code, signal) => {
  if (pending) scan(pending)
  let failed = totals.total - totals.passed - totals.skipped
  const exitCode = code ?? (signal ? 1 : 0)
  // A task that failed without a failing test (a crash, a type error, a lint error) still counts once.
  if (exitCode !== 0 && failed === 0) failed = 1
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : ''
  process.stdout.write(`\n${totals.passed} passed, ${failed} failed${skipped}\n`)
  process.exit(exitCode !== 0 ? exitCode : failed > 0 ? 1 : 0)
})
