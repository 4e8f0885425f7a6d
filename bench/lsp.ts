// `pnpm bench:lsp`: how soon the language server shows diagnostics after an edit of a 1,000-connector spec, as an
// editor sees it: a real LSP client over stdio sends `didChange`, the clock stops when `publishDiagnostics` for
// that version arrives (the server's debounce included). Every edit writes a schedule time no earlier edit wrote,
// so no cache can serve it. Interleaved with each edit, the same text is compiled whole in this process
// (`compileSpec`, what a naive server would run per edit): the baseline of the same moment on the same machine.
// Target: median edit -> diagnostics within 150 ms. Usage: node --conditions=@scanplan/source --import tsx bench/lsp.ts [--edits N] [--json]
import { parseArgs } from 'node:util'
import { compileSpec } from '@scanplan/core'
import { LspClient } from '../packages/language-server/src/test-fixtures/lsp-client.ts'

const { values } = parseArgs({ options: { edits: { type: 'string', default: '30' }, connectors: { type: 'string', default: '1000' }, json: { type: 'boolean', default: false } } })
const edits = Number(values.edits)
const connectors = Number(values.connectors)
const NOW = '2026-12-03T10:00:00Z'
const uuid = (i: number) => `6f1c2b8e-0d1a-4c55-9a0e-${i.toString(16).padStart(12, '0')}`
const zones = ['Asia/Colombo', 'Europe/Berlin', 'America/New_York', 'UTC', 'Australia/Sydney']

let text = '# yaml-language-server: $schema=../packages/core/schema.json\nsource:\n  site: acme-prod\n  username: acme3ab1\n  auth: session\n  password: { env: QUALYS_PASSWORD }\nconnectors:\n'
const scheduleLines: number[] = []
for (let i = 0; i < connectors; i++) {
  text += `  - kind: azure-org\n    name: Tenant ${i}\n    tenant: { id: ${uuid(i)} }\n    application: { id: ${uuid(i + 5000)}, secret: { env: AZURE_APP_SECRET_${i} } }\n    apps: [{ name: AI, identifier: ${uuid(i + 9000)} }]\n    autoActivate: [VM]\n    perimeterScan:\n`
  scheduleLines.push(text.split('\n').length - 1)
  text += `      schedule: weekly on mon,wed at 12:00 ${zones[i % zones.length]}\n      prefix: custom-scan\n      optionProfile: 240981\n`
}
const lines = text.split('\n')

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!
const uri = 'file:///bench/fleet.scanplan.yaml'
const client = await LspClient.start({ now: NOW, debounceMs: 50 })
const openedAt = performance.now()
const first = await client.open(uri, text)
const openMs = performance.now() - openedAt
if (first.length !== 0) throw new Error(`the generated spec should compile clean: ${JSON.stringify(first.slice(0, 3))}`)

const latencies: number[] = []
const wholeCompiles: number[] = []
let current = lines
for (let n = 0; n < edits; n++) {
  // A fresh time for a connector no earlier edit touched: minutes n, hours by connector, never seen by any cache.
  const target = (n * 37) % connectors
  const line = scheduleLines[target]!
  const hh = String((n * 7) % 24).padStart(2, '0')
  const mm = String((n * 13 + 1) % 60).padStart(2, '0')
  const next = current.slice()
  next[line] = `      schedule: weekly on mon,wed at ${hh}:${mm} ${zones[target % zones.length]}`
  const version = n + 2
  const published = client.nextDiagnostics(uri, version)
  const t0 = performance.now()
  await client.change(uri, version, [{ range: { start: { line, character: 0 }, end: { line, character: current[line]!.length } }, text: next[line]! }])
  const result = await published
  latencies.push(performance.now() - t0)
  if (result.diagnostics.length !== 0) throw new Error(`edit ${n} should compile clean: ${JSON.stringify(result.diagnostics[0])}`)
  current = next
  const c0 = performance.now()
  compileSpec(current.join('\n'), { now: new Date(NOW) })
  wholeCompiles.push(performance.now() - c0)
}

// An edit that breaks one schedule must show its error just as fast.
const line = scheduleLines[connectors >> 1]!
const brokenAt = performance.now()
const broken = client.nextDiagnostics(uri, edits + 2)
await client.change(uri, edits + 2, [{ range: { start: { line, character: 0 }, end: { line, character: current[line]!.length } }, text: '      schedule: weekly on mon,wed at 25:00 UTC' }])
const errors = (await broken).diagnostics
const brokenMs = performance.now() - brokenAt
if (errors.length !== 1 || errors[0]!.code !== 'DSL020' || errors[0]!.range.start.line !== line) throw new Error(`expected one DSL020 on line ${line}: ${JSON.stringify(errors)}`)
await client.stop()

const report = {
  connectors,
  specKB: Math.round(text.length / 1024),
  edits,
  openMs: Math.round(openMs),
  editToDiagnosticsMs: { median: +quantile(latencies, 0.5).toFixed(1), p95: +quantile(latencies, 0.95).toFixed(1), max: +Math.max(...latencies).toFixed(1) },
  wholeCompileMs: { median: +quantile(wholeCompiles, 0.5).toFixed(1), p95: +quantile(wholeCompiles, 0.95).toFixed(1) },
  brokenEditToErrorMs: +brokenMs.toFixed(1),
  debounceMs: 50,
}
if (values.json) console.log(JSON.stringify(report))
else {
  console.log(`${connectors} connectors (${report.specKB} KB), ${edits} edits, debounce ${report.debounceMs} ms; open -> first diagnostics ${report.openMs} ms`)
  console.log(`edit -> diagnostics: median ${report.editToDiagnosticsMs.median} ms, p95 ${report.editToDiagnosticsMs.p95} ms, max ${report.editToDiagnosticsMs.max} ms (target: median <= 150 ms)`)
  console.log(`whole-file compileSpec, same moments: median ${report.wholeCompileMs.median} ms, p95 ${report.wholeCompileMs.p95} ms`)
  console.log(`an edit that breaks a schedule -> its DSL020: ${report.brokenEditToErrorMs} ms`)
}
process.exit(report.editToDiagnosticsMs.median <= 150 ? 0 : 1)
