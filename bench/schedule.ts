// `pnpm bench:schedule`: how fast the schedule compiler is, against the libraries people would otherwise use and
// against a bare tokenizer, all measured in this one process (the reference machine is shared and noisy, so only
// ratios are targets):
//   compileSchedule  the full compiler, DST checks on (every phrase with a zone and a time runs them)
//   rrule            rrule's RRule.parseText on the comparable English phrase ("every week on Monday, Wednesday")
//   chrono           chrono-node's parse on the same phrase as ours
//   tokenizer        a bare regex tokenizer with a day-name Map: the floor for any reader of these phrases
//   compileSchedule (10 % fresh typos)
//                    the error-heavy corpus: every tenth phrase names a misspelt zone no earlier phrase used, so no
//                    memo cache can serve its suggestions (what an editor sees while a user types zone names)
// And the cost of one fresh misspelt zone: suggestZones with the zone typo index against a full scan of the names.
// Timing: many short windows, the contenders interleaved window by window, each window timed on this process's CPU
// clock (process.cpuUsage). The reference machine is shared (load average 10-15 on 2 cores while seven people build
// and test), so a window often loses its CPU caches or its core to another process: the best window of each
// contender is the least disturbed estimate (what `timeit` recommends); the median is printed beside it.
// Targets: compileSchedule >= 4x rrule, >= 5x chrono, >= 200,000 phrases/s, within 5x of the tokenizer; on the
// error-heavy corpus at least rrule's throughput; a fresh misspelt zone at most 25 µs.
// Usage: node --conditions=@scanplan/source --import tsx bench/schedule.ts [--ms N] [--rounds N] [--json]
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'
import { compileSchedule, suggestZones } from '@scanplan/core/schedule'
// Core's internals the zone-suggestion timing compares against (not exported: read from source by path).
import { zoneTable } from '../packages/core/src/schedule/zone-table.generated.ts'
import { editDistance, suggestionLimit } from '../packages/core/src/suggest/distance.ts'

const { values } = parseArgs({ options: { ms: { type: 'string', default: '25' }, rounds: { type: 'string', default: '60' }, json: { type: 'boolean', default: false } } })
const windowMs = Number(values.ms)
const rounds = Number(values.rounds)

// rrule and chrono-node are dependencies of @scanplan/core, so resolve them from there.
// rrule and chrono-node are CommonJS bundles: required, as their own documentation does.
const requireHere = createRequire(import.meta.url)
const { RRule } = requireHere('rrule') as typeof import('rrule')
const chrono = requireHere('chrono-node') as typeof import('chrono-node')

/** [our phrase, the comparable rrule text]. 60 phrases: weekly and daily forms, DST zones, warnings and errors. */
const CORPUS: [string, string][] = [
  ['scan weekly on MON,WED at 12:00 Asia/Colombo', 'every week on Monday, Wednesday at 12'],
  ['every tuesday and friday at 6:15pm Europe/Madrid', 'every week on Tuesday, Friday at 18'],
  ['weekdays at 07:45 in Asia/Singapore', 'every weekday at 7'],
  ['daily at midnight UTC prefix nightly-edge', 'every day at 0'],
  ['on sat,sun at 11am Africa/Nairobi using profile "PCI Scan"', 'every week on Saturday, Sunday at 11'],
  ['daily at 03:10 Asia/Saigon', 'every day at 3'],
  ['weekly on thu at 09:00 UTC starting 2024-07-04', 'every week on Thursday at 9'],
  ['weekly on thu at 09:00 UTC starting next thursday', 'every week on Thursday at 9'],
  ['daily at 02:20 Europe/Berlin', 'every day at 2'],
  ['every 3 weeks on mon at 10:00 UTC', 'every 3 weeks on Monday at 10'],
  ['weekly on wed at 12:00 Europe/Lisbn', 'every week on Wednesday at 12'],
  ['daily at 8 Asia/Tokyo', 'every day at 8'],
  ['scan weekly on MON,WED at 12:00 Asia/Colombo starting 2023-10-05 prefix custom-scan using profile "Initial Options"', 'every week on Monday, Wednesday at 12'],
  ['daily at 02:30 America/New_York', 'every day at 2'],
  ['daily at 00:30 America/Santiago', 'every day at 0'],
  ['daily at 02:15 Australia/Lord_Howe', 'every day at 2'],
  ['on mon-fri at 06:00 America/Chicago', 'every weekday at 6'],
  ['every monday at 9:30am America/Los_Angeles', 'every week on Monday at 9'],
  ['every friday at 23:00 Europe/London', 'every week on Friday at 23'],
  ['weekends at noon Australia/Sydney', 'every week on Saturday, Sunday at 12'],
  ['daily at 04:00 Asia/Kolkata prefix nightly', 'every day at 4'],
  ['daily at 04:00 Asia/Calcutta', 'every day at 4'],
  ['on tue,thu at 14:00 Europe/Paris using profile 240981', 'every week on Tuesday, Thursday at 14'],
  ['every day except sunday at 07:00 US/Eastern', 'every week on Monday, Tuesday, Wednesday, Thursday, Friday, Saturday at 7'],
  ['weekdays except wed at 18:30 Europe/Kyiv', 'every week on Monday, Tuesday, Thursday, Friday at 18'],
  ['weekly on sun at 01:30 America/New_York', 'every week on Sunday at 1'],
  ['daily at 12:00 Asia/Colombo starting tomorrow', 'every day at 12'],
  ['at 07:00 on mon,thu weekly in America/Sao_Paulo', 'every week on Monday, Thursday at 7'],
  ['every wednesday at 5pm Africa/Johannesburg', 'every week on Wednesday at 17'],
  ['on mon,wed,fri at 08:15 Asia/Dubai', 'every week on Monday, Wednesday, Friday at 8'],
  ['daily at 22:45 Pacific/Auckland', 'every day at 22'],
  ['daily at 02:45 Pacific/Chatham', 'every day at 2'],
  ['on sat at 03:00 America/Havana', 'every week on Saturday at 3'],
  ['every thursday at 10:00 Asia/Jerusalem', 'every week on Thursday at 10'],
  ['on mon at 09:00 UTC starting 10/05/2024', 'every week on Monday at 9'],
  ['daily at 09:00 UTC starting 13/05/2023', 'every day at 9'],
  ['weekly at 12:00 UTC', 'every week at 12'],
  ['monthly at 09:00 UTC', 'every month at 9'],
  ['biweekly on mon at 09:00 UTC', 'every 2 weeks on Monday at 9'],
  ['daily at 09:00 and 17:00 UTC', 'every day at 9, 17'],
  ['daily at 25:00 UTC', 'every day at 25'],
  ['daily at 09:00 IST', 'every day at 9'],
  ['daily at 09:00 UTC+05:30', 'every day at 9'],
  ['on fri-mon at 09:00 UTC', 'every week on Friday, Saturday, Sunday, Monday at 9'],
  ['on lunes at 09:00 UTC', 'every week on Monday at 9'],
  ['daily at 09:00', 'every day at 9'],
  ['wekly on mon at 09:00 UTC', 'every week on Monday at 9'],
  ['on mon,wed,mon at 09:00 UTC', 'every week on Monday, Wednesday at 9'],
  ['on mon-sun at 09:00 UTC', 'every day at 9'],
  ['on mon at midnight Europe/Rome', 'every week on Monday at 0'],
  ['daily at 1:00 Europe/Dublin', 'every day at 1'],
  ['every tuesday at 02:30 America/Denver starting 2025-03-11', 'every week on Tuesday at 2'],
  ['daily at 05:00 Asia/Shanghai named cn-edge', 'every day at 5'],
  ['on mon,tue at 21:00 America/Mexico_City', 'every week on Monday, Tuesday at 21'],
  ['daily at 06:30 Europe/Moscow', 'every day at 6'],
  ['every saturday at 4am Asia/Tehran', 'every week on Saturday at 4'],
  ['daily at 19:00 America/Toronto using profile "Full Audit"', 'every day at 19'],
  ['weekdays at 8:00 a.m. America/Halifax', 'every weekday at 8'],
  ['daily at 11:11 Asia/Kathmandu', 'every day at 11'],
  ['0 12 * * 1,3', 'every week on Monday, Wednesday at 12'],
]

const now = new Date('2024-06-12T09:00:00Z')
const ours = CORPUS.map(([p]) => p)
const rruleTexts = CORPUS.map(([, r]) => r)

const DAY_MAP = new Map(['sun', 'sunday', 'mon', 'monday', 'tue', 'tuesday', 'wed', 'wednesday', 'thu', 'thursday', 'fri', 'friday', 'sat', 'saturday'].map((d, i) => [d, i >> 1]))
const TOKEN = /[A-Za-z]+|\d+|\S/g
function bareTokenize(phrase: string): number {
  let days = 0
  for (const m of phrase.matchAll(TOKEN)) {
    const d = DAY_MAP.get(m[0].toLowerCase())
    if (d !== undefined) days |= 1 << d
  }
  return days
}

const zoneNames = zoneTable.names.map(([name]) => name)
const zoneNamesLower = new Set(zoneNames.map((n) => n.toLowerCase()))

/**
 * Misspelt zone names, no two alike and none a real zone: one to three random edits of a random zone name, from a
 * seeded generator so every run sees the same sequence. Made before timing, so the windows time only the compiler.
 */
function freshMisspellings(count: number, seed: number): string[] {
  let state = seed
  const random = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const seen = new Set<string>()
  const out: string[] = []
  while (out.length < count) {
    let word = zoneNames[Math.floor(random() * zoneNames.length)]!
    const edits = 1 + Math.floor(random() * 3)
    for (let e = 0; e < edits; e++) {
      const at = 1 + Math.floor(random() * (word.length - 1))
      const letter = letters[Math.floor(random() * letters.length)]!
      const kind = Math.floor(random() * 3)
      word = kind === 0 ? word.slice(0, at) + letter + word.slice(at) : kind === 1 ? word.slice(0, at) + letter + word.slice(at + 1) : word.slice(0, at) + word.slice(at + 1)
    }
    const key = word.toLowerCase()
    if (seen.has(key) || zoneNamesLower.has(key) || /\s/.test(word)) continue
    seen.add(key)
    out.push(word)
  }
  return out
}

// Enough for the warm-up and every window at several times the throughput seen here; running out is an error, never
// a wrap-around (a repeated typo would be served from the cache and flatter the figure).
const typos = freshMisspellings(Number(process.env.SCANPLAN_BENCH_TYPOS ?? 150_000), 22)
let nextTypo = 0
function takeTypo(): string {
  const typo = typos[nextTypo++]
  if (typo === undefined) throw new Error('bench/schedule.ts: the fresh misspellings ran out; raise SCANPLAN_BENCH_TYPOS')
  return typo
}

/** The suggestions over a full scan of the zone names, as core computed them before the typo index (the baseline). */
function scanClosestZones(written: string): string[] {
  const needle = written.toLowerCase()
  const limit = suggestionLimit(needle)
  let best = limit + 1
  let closest: string[] = []
  for (const name of zoneNames) {
    const d = editDistance(needle, name.toLowerCase(), Math.min(limit, best))
    if (d < best) {
      best = d
      closest = [name]
    } else if (d === best && d <= limit) closest.push(name)
  }
  return closest
}

let sink = 0
const contenders: Record<string, () => void> = {
  compileSchedule: () => {
    for (const p of ours) sink += compileSchedule(p, { now }).diagnostics.length
  },
  rrule: () => {
    for (const r of rruleTexts) {
      try {
        sink += RRule.parseText(r)?.freq ?? 0
      } catch {
        sink++
      }
    }
  },
  chrono: () => {
    for (const p of ours) sink += chrono.parse(p, now).length
  },
  tokenizer: () => {
    for (const p of ours) sink += bareTokenize(p)
  },
  'compileSchedule (10 % fresh typos)': () => {
    for (let i = 0; i < ours.length; i++) {
      const phrase = i % 10 === 9 ? `daily at 09:00 ${takeTypo()}` : ours[i]!
      sink += compileSchedule(phrase, { now }).diagnostics.length
    }
  },
}

/**
 * Phrases per CPU-second of this process (process.cpuUsage, user + system): on the shared reference machine the
 * wall clock also counts the time the scheduler gives to other people's processes, the CPU clock does not.
 */
function phrasesPerSecond(run: () => void): number {
  let batches = 0
  const cpu = process.cpuUsage()
  const start = performance.now()
  while (performance.now() - start < windowMs) {
    run()
    batches++
  }
  const used = process.cpuUsage(cpu)
  return (batches * CORPUS.length * 1e6) / (used.user + used.system)
}

// Warm-up: JIT, the zone index, caches; about a second each, so every contender runs optimized code.
for (const run of Object.values(contenders)) {
  const start = performance.now()
  while (performance.now() - start < 1000) run()
}

// Sanity: the corpus must exercise the DST checks (a benchmark that skips them would measure the wrong thing).
const dstWarnings = ours.filter((p) => compileSchedule(p, { now }).diagnostics.some((d) => d.code === 'W103' || d.code === 'W104' || d.code === 'DSL052')).length
const compiled = ours.filter((p) => compileSchedule(p, { now }).ok).length

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]))
for (let r = 0; r < rounds; r++) for (const [name, run] of Object.entries(contenders)) samples[name]!.push(phrasesPerSecond(run))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const result = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.max(...v)])) as Record<keyof typeof contenders, number>
const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<keyof typeof contenders, number>

/** Microseconds per fresh misspelling, CPU clock, over `count` typos no call has seen. */
function microsPerTypo(suggest: (typo: string) => string[], count: number): number {
  const batch = Array.from({ length: count }, takeTypo)
  const cpu = process.cpuUsage()
  for (const typo of batch) sink += suggest(typo).length
  const used = process.cpuUsage(cpu)
  return (used.user + used.system) / count
}
const typoSamples = { index: [] as number[], scan: [] as number[] }
for (let r = 0; r < 15; r++) {
  typoSamples.index.push(microsPerTypo((t) => suggestZones(t), 300))
  typoSamples.scan.push(microsPerTypo(scanClosestZones, 300))
}
const typoCost = { index: median(typoSamples.index), scan: median(typoSamples.scan) }

const ratios = {
  'compileSchedule / rrule': result.compileSchedule! / result.rrule!,
  'compileSchedule / chrono': result.compileSchedule! / result.chrono!,
  'tokenizer / compileSchedule': result.tokenizer! / result.compileSchedule!,
  'typos corpus / rrule': result['compileSchedule (10 % fresh typos)']! / result.rrule!,
  'typo: full scan / index': typoCost.scan / typoCost.index,
}
const targets = [
  { what: 'compileSchedule >= 4x rrule.parseText', ok: ratios['compileSchedule / rrule'] >= 4 },
  { what: 'compileSchedule >= 5x chrono.parse', ok: ratios['compileSchedule / chrono'] >= 5 },
  { what: 'compileSchedule >= 200,000 phrases/s (DST checks on)', ok: result.compileSchedule! >= 200_000 },
  { what: 'compileSchedule within 5x of the bare tokenizer', ok: ratios['tokenizer / compileSchedule'] <= 5 },
  { what: 'error-heavy corpus (10 % fresh typos) >= rrule.parseText', ok: ratios['typos corpus / rrule'] >= 1 },
  { what: 'a fresh misspelt zone costs <= 25 µs (median)', ok: typoCost.index <= 25 },
]

if (values.json) {
  console.log(JSON.stringify({ phrases: CORPUS.length, compiled, dstWarnings, opsPerSecond: result, medianOpsPerSecond: medians, typoMicros: typoCost, freshTyposUsed: nextTypo, ratios, targets, sink: sink > 0 }))
} else {
  console.log(`corpus: ${CORPUS.length} phrases (${compiled} compile, ${dstWarnings} with DST findings); ${rounds} windows of ${windowMs} ms each, phrases per CPU-second`)
  console.log(`  ${''.padEnd(36)} ${'best'.padStart(10)} ${'median'.padStart(10)}`)
  for (const [name, ops] of Object.entries(result)) console.log(`  ${name.padEnd(36)} ${Math.round(ops).toLocaleString('en-US').padStart(10)} ${Math.round(medians[name]!).toLocaleString('en-US').padStart(10)}`)
  console.log(`  fresh misspelt zone: ${typoCost.index.toFixed(1)} µs with the typo index, ${typoCost.scan.toFixed(1)} µs by full scan (medians of 15 x 300; ${nextTypo.toLocaleString('en-US')} fresh typos used)`)
  for (const [name, ratio] of Object.entries(ratios)) console.log(`  ${name.padEnd(28)} ${ratio.toFixed(2)}x (best windows)`)
  for (const t of targets) console.log(`  ${t.ok ? 'PASS' : 'MISS'} ${t.what}`)
}
process.exitCode = targets.every((t) => t.ok) ? 0 : 1
