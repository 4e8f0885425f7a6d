import { compileSpec } from '@scanplan/core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ChunkedCompiler, splitConnectors } from './connector-chunks.js'

const now = new Date('2026-12-03T10:00:00Z')
const uuid = (i: number) => `6f1c2b8e-0d1a-4c55-9a0e-${i.toString(16).padStart(12, '0')}`

function connector(i: number, schedule: string, extra = ''): string {
  return `  - kind: azure-org\n    name: Tenant ${i}\n    tenant: { id: ${uuid(i)} }\n    application: { id: ${uuid(i + 500)}, secret: { env: AZURE_APP_SECRET } }\n    apps: [{ name: AI, identifier: ${uuid(i + 900)} }]\n    autoActivate: [VM]${extra}\n    perimeterScan:\n      schedule: ${schedule}\n      prefix: custom-scan\n      optionProfile: 240981\n`
}
const header = (extra = '') => `# a comment\nsource:\n  site: acme-prod\n  username: acme3ab1\n  auth: session\n  password: { env: QUALYS_PASSWORD }${extra}\nconnectors:\n`

test('a block-style spec splits into one slice per connector, the header before them', () => {
  const text = header() + connector(0, 'daily at 12:00 UTC') + '  # between items\n' + connector(1, 'daily at 13:00 UTC')
  const chunks = splitConnectors(text)
  assert.ok(chunks)
  assert.is(chunks.header, header())
  assert.is(chunks.items.length, 2)
  assert.is(chunks.header + chunks.items.map((i) => i.text).join(''), text, 'nothing is lost or repeated')
  assert.is(text.slice(chunks.items[1]!.start, chunks.items[1]!.start + 4), '  - ')
})

test('layouts the splitter does not read are refused, so the caller compiles the whole file', () => {
  assert.is(splitConnectors('{"source": {}, "connectors": [{"kind": "azure-org"}]}'), undefined, 'JSON')
  assert.is(splitConnectors(`${header()}${connector(0, 'daily at 12:00 UTC')}extra: 1\n`), undefined, 'a top-level key after the connectors')
  assert.is(splitConnectors(`${header()}  []\n`), undefined, 'a flow sequence')
  assert.is(splitConnectors(`${header()}\t- kind: azure-org\n`), undefined, 'tabs')
})

test('connector by connector gives exactly the whole-file diagnostics (spans, paths, related, suggestions)', () => {
  const text = header('\n  passwordExpires: 2026-12-10') +
    connector(0, 'daily at 12:00 UTC') +
    connector(1, 'daily at 25:00 UTC') +
    connector(2, 'weekly on mon at 09:00 at 10:00 Asia/Calcutta') +
    connector(3, '"daily at 02:30 America/New_York"') +
    connector(4, '>-\n        daily at 12:00\n        Mars/Base')
  const whole = compileSpec(text, { now }).diagnostics
  assert.ok(whole.length >= 4, JSON.stringify(whole.map((d) => d.code)))
  const chunked = new ChunkedCompiler().compile(text, { now }, 'k')
  assert.ok(chunked)
  const order = (ds: typeof whole) => [...ds].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code))
  assert.equal(order(chunked), order(whole))
})

test('where a type error stops the whole-file compile, each connector still reports its own findings', () => {
  // `scanplan compile` stops at decoding when any value has the wrong type; connector by connector, the others'
  // schedule errors still show. The server publishes both (the whole-file result adds what spans connectors).
  const text = header() + connector(0, 'daily at 25:00 UTC') + connector(1, 'daily at 12:00 UTC', '\n    remediation: "yes"')
  const whole = compileSpec(text, { now }).diagnostics
  const chunked = new ChunkedCompiler().compile(text, { now }, 'k')!
  const key = (d: (typeof whole)[number]) => `${d.code}@${d.span.start}`
  assert.ok(whole.every((d) => chunked.map(key).includes(key(d))), 'every whole-file finding is there')
  assert.ok(chunked.some((d) => d.code === 'DSL020'), 'and the schedule error the decode error hid')
})

test('an edit compiles only the edited connector again and still equals the whole-file result', () => {
  let text = header()
  for (let i = 0; i < 40; i++) text += connector(i, `daily at ${String(i % 24).padStart(2, '0')}:00 UTC`)
  const compiler = new ChunkedCompiler()
  assert.equal(compiler.compile(text, { now }, 'k'), [])
  assert.is(compiler.compiles, 40)
  assert.equal(compiler.compile(text, { now }, 'k'), [], 'the same text again')
  assert.is(compiler.compiles, 40, 'is served from the cache')
  const edited = text.replace('name: Tenant 17\n', 'name: Tenant 17 renamed\n').replace('daily at 17:00 UTC', 'daily at 17:00 Mars/Base')
  assert.equal(compiler.compile(edited, { now }, 'k'), compileSpec(edited, { now }).diagnostics)
  assert.is(compiler.compiles, 41, 'one edited connector, one compile')
  compiler.compile(edited.replace('site: acme-prod', 'site: acme-test'), { now }, 'k')
  assert.is(compiler.compiles, 81, 'an edit of the source block compiles every connector again')
  compiler.compile(edited.replace('site: acme-prod', 'site: acme-test'), { now }, 'next day')
  assert.is(compiler.compiles, 121, 'so does a new day (password expiry, relative dates)')
})

test.run()
