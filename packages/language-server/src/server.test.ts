import { readFile, writeFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { compileSpec } from '@scanplan/core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { DiagnosticSeverity, type TextEdit } from 'vscode-languageserver-protocol'
import { LspClient, positionOf } from './test-fixtures/lsp-client.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

const NOW = '2026-12-03T10:00:00Z'
const seedPath = new URL('../../../examples/seed-azure-org.yaml', import.meta.url)
const uuid = '6f1c2b8e-0d1a-4c55-9a0e-3b7d2c1e9f40'

/** A small valid spec; `scan` replaces the whole `perimeterScan` block (its lines indented by 6). */
function spec(scan = 'schedule: daily at 12:00 Asia/Colombo starting 2027-01-04\n      prefix: custom-scan\n      optionProfile: 240981', source = 'password: { env: QUALYS_PASSWORD }'): string {
  return `source:
  site: acme-prod
  username: acme3ab1
  auth: session
  ${source}
  contactEmail: secops@acme.example
connectors:
  - kind: azure-org
    name: Acme production tenant
    tenant: { id: ${uuid} }
    application: { id: ${uuid}, secret: { env: AZURE_APP_SECRET } }
    apps: [{ name: AI, identifier: ${uuid} }]
    autoActivate: [VM]
    perimeterScan:
      ${scan}
`
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), edits)
}

let client: LspClient
test.before(async () => {
  client = await LspClient.start({ now: NOW })
})
test.after(async () => {
  assert.is(await client.stop(), 0, 'the server exits 0 after shutdown + exit')
})

test('the seed example opens with the same diagnostics `scanplan compile` reports, codes linked to their docs', async () => {
  const text = await readFile(seedPath, 'utf8')
  const uri = 'file:///work/examples/seed-azure-org.yaml'
  const diagnostics = await client.open(uri, text)
  const expected = compileSpec(text, { now: new Date(NOW), file: '/work/examples/seed-azure-org.yaml' }).diagnostics
  assert.equal(diagnostics.map((d) => d.code), expected.map((d) => d.code))
  const placeholder = diagnostics.find((d) => d.code === 'SPEC060')
  assert.ok(placeholder, 'the placeholder ids are reported')
  assert.is(placeholder.severity, DiagnosticSeverity.Warning)
  assert.match(placeholder.codeDescription?.href ?? '', /docs\/spec\.md#spec060$/)
  assert.is(placeholder.source, 'scanplan')
})

test('a file named *.scanplan.yaml is checked without a modeline; another YAML file is not', async () => {
  const broken = spec('schedule: daily at 25:00 UTC\n      prefix: custom-scan\n      optionProfile: 240981')
  const diagnostics = await client.open('file:///work/acme.scanplan.yaml', broken)
  assert.equal(diagnostics.map((d) => d.code), ['DSL020'])
  const other = client.nextDiagnostics('file:///work/docker-compose.yaml')
  const sentinel = client.open('file:///work/sentinel.scanplan.yaml', spec())
  await sentinel
  const raced = await Promise.race([other.then(() => 'published'), new Promise((r) => setTimeout(() => r('silent'), 300))])
  assert.is(raced, 'silent', 'a YAML file that is no spec gets no diagnostics')
})

test('ranges count UTF-16 code units, inside flow mappings after astral characters and inside folded scalars', async () => {
  const flow = spec('{ prefix: "scan-😀é", schedule: "daily at 25:00 UTC", optionProfile: 240981 }').replace('    perimeterScan:\n      {', '    perimeterScan: {')
  const d1 = await client.open('file:///work/flow.scanplan.yaml', flow)
  const error = d1.find((d) => d.code === 'DSL020')
  assert.ok(error, JSON.stringify(d1))
  assert.equal(error.range.start, positionOf(flow, '25:00'))
  assert.equal(error.range.end, positionOf(flow, '25:00', 5))

  const folded = spec('schedule: >-\n        daily at 12:00\n        Mars/Base\n      prefix: custom-scan\n      optionProfile: 240981')
  const d2 = await client.open('file:///work/folded.scanplan.yaml', folded)
  const zone = d2.find((d) => d.code === 'DSL040')
  assert.ok(zone, JSON.stringify(d2))
  assert.equal(zone.range.start, positionOf(folded, 'Mars/Base'))
  assert.equal(zone.range.end, positionOf(folded, 'Mars/Base', 'Mars/Base'.length))
})

test('a conflict carries its second place as related information', async () => {
  const text = spec('schedule: daily at 09:00 at 10:00 UTC\n      prefix: custom-scan\n      optionProfile: 240981')
  const [d] = await client.open('file:///work/twice.scanplan.yaml', text)
  assert.ok(d)
  assert.ok((d.relatedInformation ?? []).length >= 1, JSON.stringify(d))
  const related = d.relatedInformation![0]!
  assert.is(related.location.uri, 'file:///work/twice.scanplan.yaml')
  const both = [d.range.start, related.location.range.start].map((p) => p.character).sort((a, b) => a - b)
  assert.equal(both, [positionOf(text, 'at 09:00').character, positionOf(text, 'at 10:00').character])
})

test('a secret pasted into the spec never appears in any message', async () => {
  const text = spec(undefined, 'password: hunter2-Sup3rSecret')
  const diagnostics = await client.open('file:///work/pasted.scanplan.yaml', text)
  assert.ok(diagnostics.some((d) => d.severity === DiagnosticSeverity.Error), 'the inline password is an error')
  const words = JSON.stringify(diagnostics)
  assert.not.match(words, /hunter2|Sup3rSecret/)
})

test('typing is debounced: a burst of edits is checked once, at its last version', async () => {
  const uri = 'file:///work/burst.scanplan.yaml'
  const slow = await LspClient.start({ now: NOW, debounceMs: 400 })
  try {
    const text = spec()
    await slow.open(uri, text)
    const line = positionOf(text, '12:00').line
    const final = slow.nextDiagnostics(uri, 6)
    for (let version = 2; version <= 6; version++) {
      const hour = version === 6 ? '26' : String(10 + version)
      await slow.change(uri, version, [{ range: { start: { line, character: positionOf(text, '12:00').character }, end: { line, character: positionOf(text, '12:00').character + 2 } }, text: hour }])
    }
    const published = await final
    assert.equal(published.diagnostics.map((d) => d.code), ['DSL020'], 'the last text (26:00) is what was checked')
    assert.equal(slow.publishedFor(uri).map((p) => p.version), [1, 6], 'versions 2-5 were never checked')
  } finally {
    await slow.stop()
  }
})

test('hover on a schedule: the sentence, the next runs in its zone and in UTC, and the clock changes that move a run', async () => {
  const text = spec('schedule: weekly on MON,WED at 12:00 Europe/Berlin\n      prefix: custom-scan\n      optionProfile: 240981')
  const uri = 'file:///work/hover.scanplan.yaml'
  await client.open(uri, text)
  const hover = await client.hover(uri, positionOf(text, 'weekly on').line, positionOf(text, 'weekly on').character + 3)
  const value = (hover?.contents as { value: string }).value
  assert.match(value, /Weekly on Monday and Wednesday at 12:00 in Europe\/Berlin/)
  assert.match(value, /next 5 runs \(Europe\/Berlin \| UTC\)/)
  assert.match(value, /Mon 2026-12-07 12:00 \+01:00 +\| Mon 2026-12-07 11:00 UTC/)
  assert.match(value, /from 2027-03-29 the run is at 10:00 UTC, not 11:00 UTC \(Europe\/Berlin changes its clocks\)/)
  assert.match(value, /from 2027-11-01 the run is at 11:00 UTC, not 10:00 UTC/)
})

test('hover on username names the platform and its URLs; on a key, the schema description', async () => {
  const text = spec()
  const uri = 'file:///work/hover2.scanplan.yaml'
  await client.open(uri, text)
  const user = await client.hover(uri, positionOf(text, 'acme3ab1').line, positionOf(text, 'acme3ab1').character + 2)
  const userText = (user?.contents as { value: string }).value
  assert.match(userText, /Platform US3/)
  assert.match(userText, /qualysapi\.qg3\.apps\.qualys\.com/)
  assert.match(userText, /gateway\.qg3\.apps\.qualys\.com/)
  const key = await client.hover(uri, positionOf(text, 'contactEmail').line, positionOf(text, 'contactEmail').character + 1)
  const schema = JSON.parse(await readFile(new URL('../../core/schema.json', import.meta.url), 'utf8'))
  const expected: string = schema.definitions.SourceInput.properties.contactEmail.markdownDescription ?? schema.definitions.SourceInput.properties.contactEmail.description
  assert.is((key?.contents as { value: string }).value, expected)
})

test('hover on an option profile title shows the id a configured profiles mapping gives it', async () => {
  const dir = tempDir('lsp')
  try {
    const profiles = join(dir, 'profiles.yaml')
    await writeFile(profiles, '"Initial Options": 240981\n')
    const withProfiles = await LspClient.start({ now: NOW, initializationOptions: { scanplan: { profiles } } })
    try {
      const text = spec('schedule: daily at 12:00 UTC\n      prefix: custom-scan\n      optionProfile: Initial Options')
      const uri = 'file:///work/profiles.scanplan.yaml'
      const diagnostics = await withProfiles.open(uri, text)
      assert.equal(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error), [], 'the mapping resolves the title')
      const at = positionOf(text, 'Initial Options')
      const hover = await withProfiles.hover(uri, at.line, at.character + 2)
      assert.match((hover?.contents as { value: string }).value, /"Initial Options" -> id 240981/)
    } finally {
      await withProfiles.stop()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('completion inside a schedule phrase: zones by prefix, day names, dates after `starting`', async () => {
  const uri = 'file:///work/complete.scanplan.yaml'
  const text = spec('schedule: weekly on mo at 12:00 Asia/Col starting \n      prefix: custom-scan\n      optionProfile: 240981')
  await client.open(uri, text)
  const zone = await client.completion(uri, positionOf(text, 'Asia/Col').line, positionOf(text, 'Asia/Col').character + 'Asia/Col'.length)
  assert.ok(zone.some((i) => i.label === 'Asia/Colombo'), JSON.stringify(zone.map((i) => i.label)))
  assert.ok(zone.every((i) => i.label.toLowerCase().startsWith('asia/col')), 'only names with that prefix')
  const day = await client.completion(uri, positionOf(text, 'on mo').line, positionOf(text, 'on mo').character + 5)
  assert.ok(day.some((i) => i.label === 'monday'))
  assert.ok(!day.some((i) => i.label === 'friday'))
  const date = await client.completion(uri, positionOf(text, 'starting ').line, positionOf(text, 'starting ').character + 'starting '.length)
  assert.ok(date.some((i) => i.label === '2026-12-04'), 'the next days as absolute dates')
  assert.ok(date.some((i) => i.label === 'next monday'))
  // Each offered word replaces exactly the word being typed, and the result reads.
  const colombo = zone.find((i) => i.label === 'Asia/Colombo')!
  const edited = applyEdits(text, [colombo.textEdit as TextEdit])
  assert.match(edited, /at 12:00 Asia\/Colombo starting/)
})

test('completion of enum values and of the keys a mapping still lacks', async () => {
  const uri = 'file:///work/keys.scanplan.yaml'
  const text = spec().replace('auth: session', 'auth: ').replace('      prefix: custom-scan\n', '      \n')
  await client.open(uri, text)
  const auth = await client.completion(uri, positionOf(text, 'auth: ').line, positionOf(text, 'auth: ').character + 6)
  assert.equal(auth.map((i) => i.label).sort(), ['basic', 'oidc', 'session'])
  const blank = positionOf(text, 'optionProfile') // the blank line sits right above it
  const keys = (await client.completion(uri, blank.line - 1, 6)).map((i) => i.label)
  assert.ok(keys.includes('prefix'), JSON.stringify(keys))
  assert.ok(!keys.includes('schedule') && !keys.includes('optionProfile'), 'keys already written are not offered again')
  assert.ok(!keys.includes('tenant'), 'only keys of perimeterScan')
})

test('quick fixes are the machine-applicable suggestions only, and applying one gives a spec that compiles', async () => {
  const uri = 'file:///work/fix.scanplan.yaml'
  const text = spec('schedule: daily at 12:00 Asia/Calcutta\n      prefix: custom-scan\n      optionProfile: 240981')
  const diagnostics = await client.open(uri, text)
  const core = compileSpec(text, { now: new Date(NOW) }).diagnostics
  const applicable = core.flatMap((d) => d.suggestions.filter((s) => s.applicability === 'machine-applicable'))
  assert.ok(applicable.length > 0, `the test needs a machine-applicable fix: ${JSON.stringify(core)}`)
  const whole = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } }
  const actions = (await client.codeActions(uri, whole, diagnostics)).filter((a) => a.kind === 'quickfix')
  assert.is(actions.length, applicable.length)
  for (const action of actions) {
    const fixed = applyEdits(text, action.edit!.changes![uri]!)
    const result = compileSpec(fixed, { now: new Date(NOW) })
    assert.ok(result.ok, `${action.title} gives a spec that compiles`)
    assert.ok(result.diagnostics.length < core.length, `${action.title} removes its finding`)
  }
  const guess = spec('schedule: daily at 12:00 IST\n      prefix: custom-scan\n      optionProfile: 240981')
  const d2 = await client.open('file:///work/guess.scanplan.yaml', guess)
  const guessCore = compileSpec(guess, { now: new Date(NOW) }).diagnostics
  const guessed = guessCore.flatMap((d) => d.suggestions).filter((s) => s.applicability !== 'machine-applicable').length
  assert.ok(guessed > 0, 'an abbreviation gets zones the user must choose from')
  const offered = (await client.codeActions('file:///work/guess.scanplan.yaml', whole, d2)).filter((a) => a.kind === 'quickfix')
  assert.is(offered.length, guessCore.flatMap((d) => d.suggestions).length - guessed, 'maybe-incorrect suggestions are no quick fix')
})

test('a compiled schedule can be rewritten in its canonical form, which compiles to the same body', async () => {
  const uri = 'file:///work/canonical.scanplan.yaml'
  const text = spec('schedule: "every Monday and Wednesday at noon Asia/Colombo"\n      prefix: custom-scan\n      optionProfile: 240981')
  await client.open(uri, text)
  const at = positionOf(text, 'every Monday')
  const actions = (await client.codeActions(uri, { start: at, end: at })).filter((a) => a.kind === 'refactor.rewrite')
  assert.is(actions.length, 1)
  const rewritten = applyEdits(text, actions[0]!.edit!.changes![uri]!)
  assert.match(rewritten, /schedule: "weekly on mon,wed at 12:00 Asia\/Colombo"/)
  const before = compileSpec(text, { now: new Date(NOW) })
  const after = compileSpec(rewritten, { now: new Date(NOW) })
  assert.equal(after.requests.map((r) => r.body), before.requests.map((r) => r.body))
})

test('a large spec: each connector checked at once, then the whole file on a worker adds what spans connectors', async () => {
  const large = await LspClient.start({ now: NOW, largeSpecChars: 0 })
  try {
    const uri = 'file:///work/large.scanplan.yaml'
    const one = spec('schedule: daily at 25:00 UTC\n      prefix: custom-scan\n      optionProfile: 240981')
    const item = one.slice(one.indexOf('  - kind'))
    const text = one + item.replace('daily at 25:00 UTC', 'daily at 12:00 UTC') + item.replace('Acme production tenant', 'Acme staging tenant').replace('daily at 25:00 UTC', 'daily at 12:00 Mars/Base')
    const whole = large.nextDiagnostics(uri, 1).then(() => large.nextDiagnostics(uri, 1))
    const quick = await large.open(uri, text)
    assert.equal(quick.map((d) => d.code).sort(), ['DSL020', 'DSL040'], 'each connector\'s own findings come first')
    const full = (await whole).diagnostics
    assert.equal(full.map((d) => d.code).sort(), ['DSL020', 'DSL040', 'SPEC005'], 'the duplicate name follows from the whole-file check')
    const expected = compileSpec(text, { now: new Date(NOW) }).diagnostics
    assert.ok(expected.every((d) => full.some((f) => f.code === d.code)), 'nothing compile reports is missing')
  } finally {
    await large.stop()
  }
})

test.run()
