import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Diagnostic } from '../diagnostics/index.js'
import { readdirSync } from 'node:fs'
import * as t from 'io-ts'
import { parse, stringify } from 'yaml'
import { Spec } from './codecs.js'
import { compileSpec } from './compile.js'
import { loadSpec } from './load.js'

/** Spec-file mistakes as a new user makes them (issue 22): one error each, at the place to edit, in plain words. */

const seed = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../../examples/seed-azure-org.yaml'), 'utf8')
const errorsOf = (text: string) => loadSpec(text).diagnostics.filter((d) => d.severity === 'error')
const at = (text: string, d: Diagnostic) => text.slice(d.span.start, d.span.end)
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length
/** The yaml package's own wording, which a user should not have to decode. */
const parserWords = /implicit key|compact mapping|flow map|block collection|mapping items must start|sequence item without/i

function only(text: string): Diagnostic {
  const errors = errorsOf(text)
  assert.is(errors.length, 1, errors.map((d) => `${d.code} ${d.message}`).join('\n'))
  assert.not.match(`${errors[0]!.message} ${errors[0]!.help ?? ''} ${errors[0]!.label ?? ''}`, parserWords)
  return errors[0]!
}

test('a key indented further than its siblings is one error under that key', () => {
  const text = seed.replace('    tenant:', '      tenant:')
  const d = only(text)
  assert.is(d.code, 'SPEC001')
  assert.is(at(text, d), 'tenant')
  assert.match(d.message, /`tenant:` is indented more than `prefixName:`/)
  assert.match(d.help!, /4 spaces/)
})

test('a key indented one space short is one error under that key, not one per following line', () => {
  for (const [from, to, key] of [['  username:', ' username:', 'username'], ['    name: "AAAA', '   name: "AAAA', 'name'], ['    application:', '     application:', 'application']] as const) {
    const text = seed.replace(from, to)
    const d = only(text)
    assert.is(at(text, d), key, from)
    assert.is(lineOf(text, d.span.start), lineOf(text, text.indexOf(to)), from)
  }
})

test('an unclosed `{` is reported at the brace itself', () => {
  const text = seed.replace('secret: { env: AZURE_APP_SECRET }', 'secret: { env: AZURE_APP_SECRET')
  const d = only(text)
  assert.is(at(text, d), '{')
  assert.is(d.span.start, text.indexOf('{ env: AZURE_APP_SECRET'))
  assert.match(d.message, /never closed/)
  assert.match(d.help!, /`}`/)
})

test('an unclosed `[` is reported at the bracket', () => {
  const text = seed.replace('autoActivate: [VM]', 'autoActivate: [VM')
  const d = only(text)
  assert.is(d.span.start, text.indexOf('[VM'))
})

test('a duplicate key still gets its own diagnostic', () => {
  const text = seed.replace('  auth: session', '  auth: session\n  auth: basic')
  const d = only(text)
  assert.is(d.code, 'SPEC002')
})

const typeCases: [string, string, string, RegExp][] = [
  ['autoActivate: VM', 'autoActivate: [VM]', 'autoActivate: VM', /\[VM\]/],
  ['remediation: "yes"', 'remediation: true', 'remediation: "yes"', /write `true` without quotes/],
  ['a malformed UUID', 'id: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\n      secret', 'id: 1234-abcd\n      secret', /8-4-4-4-12/],
  ['2027-02-30', 'passwordExpires: 2027-01-31', 'passwordExpires: 2027-02-30', /February 2027 has 28 days/],
  ['a bad email', 'contactEmail: secops@acme.example', 'contactEmail: secops', /secops@example\.com/],
  ['a bad duration', 'sync: { organization: 1h', 'sync: { organization: hourly', /`4h`/],
]

for (const [label, from, to, help] of typeCases) {
  test(`a wrong type has a help line: ${label}`, () => {
    assert.ok(seed.includes(from), from)
    const text = seed.replace(from, to)
    const d = only(text)
    assert.is(d.code, 'SPEC004')
    assert.ok(d.help, `${d.message} has no help`)
    assert.match(d.help!, help)
  })
}

test('`secret: { value: … }` is one error naming both valid keys', () => {
  const text = seed.replace('secret: { env: AZURE_APP_SECRET }', 'secret: { value: hunter2 }')
  const d = only(text)
  assert.match(`${d.message} ${d.help}`, /`env`/)
  assert.match(`${d.message} ${d.help}`, /`file`/)
  assert.not.match(JSON.stringify(d), /hunter2/)
})

test('`kind: aws-org` is one clear error, not a cascade', () => {
  const text = seed.replace('kind: azure-org', 'kind: aws-org')
  const d = only(text)
  assert.is(at(text, d), 'aws-org')
  assert.match(d.message, /azure-org/)
  assert.ok(d.help)
})

test('a connector of another kind is one error even when its keys differ from azure-org', () => {
  const text = 'source: { site: a, username: acme3ab1, auth: session, password: { env: P } }\nconnectors:\n  - kind: aws-org\n    name: x\n    arn: "arn:aws:iam::1:role/x"\n'
  const d = only(text)
  assert.match(d.message, /aws-org/)
})

/** Every codec name reachable from Spec (Spec, Source, EnvSecret, NonEmpty, EnvName, Uuid, Duration, ...). */
function codecNames(codec: unknown, names = new Set<string>()): Set<string> {
  const c = codec as { name?: string; required?: t.Props; optional?: t.Props; members?: unknown[]; types?: unknown[]; type?: unknown; _tag?: string }
  if (!c || typeof c !== 'object' || !c.name || names.has(c.name)) return names
  if (/^[A-Z][A-Za-z]+$/.test(c.name)) names.add(c.name)
  for (const child of [...Object.values(c.required ?? {}), ...Object.values(c.optional ?? {}), ...(c.members ?? []), ...(c.types ?? []), ...(c.type ? [c.type] : [])]) codecNames(child, names)
  return names
}

/** Broken variants of every example spec: each value replaced by each wrong kind, removed, or its key misspelt. */
function brokenVariants(): string[] {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples')
  const specs = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8')).filter((text) => text.includes('packages/core/schema.json'))
  const out: string[] = []
  for (const text of specs) {
    const root = parse(text) as unknown
    const visit = (node: unknown, path: (string | number)[]) => {
      if (node === null || typeof node !== 'object') return
      for (const [key, value] of Object.entries(node)) {
        const here = [...path, Array.isArray(node) ? Number(key) : key]
        for (const replacement of [42, -1, 'text', '', [1], { x: 1 }, null, true, '2027-02-30', 'yes', undefined, 'rename']) {
          const copy = structuredClone(root) as any
          let parent = copy
          for (const segment of here.slice(0, -1)) parent = parent[segment]
          const last = here[here.length - 1]!
          if (replacement === undefined) delete parent[last]
          else if (replacement === 'rename' && !Array.isArray(parent)) { parent[`${String(last)}x`] = parent[last]; delete parent[last] }
          else parent[last] = replacement
          out.push(stringify(copy))
        }
        visit(value, here)
      }
    }
    visit(root, [])
  }
  return out
}

test('no message, help or label names an internal codec or type', () => {
  const names = [...codecNames(Spec)]
  assert.ok(names.includes('NonEmpty') && names.includes('EnvName') && names.includes('Spec') && names.includes('Duration'), names.join(','))
  // Compound names (NonEmpty, EnvName) leak anywhere; one-word names (Spec, Duration, Application) only in the shapes
  // a leak takes (`(Spec)`, `expected Duration`), since "Application (client) ID" is the Azure portal's own wording.
  const compound = names.filter((n) => /[a-z][A-Z]/.test(n))
  const single = names.filter((n) => !/[a-z][A-Z]/.test(n))
  const internal = new RegExp(`\\b(${compound.join('|')})\\b|\\((${single.join('|')})\\)|expected (${single.join('|')})\\b`)
  const texts = [...brokenVariants(), 'hello', '[]', 'source: 1', seed.replace('    tenant:', '      tenant:'), seed.replace('secret: { env: AZURE_APP_SECRET }', 'secret: { value: x }')]
  assert.ok(texts.length > 500, String(texts.length))
  let seen = 0
  for (const text of texts) {
    const { diagnostics } = compileSpec(text, { now: new Date('2026-12-01T00:00:00Z') })
    for (const d of diagnostics) {
      seen++
      for (const part of [d.message, d.help ?? '', d.label ?? '']) assert.not.match(part, internal, `${d.code}: ${part}`)
      if (d.code === 'SPEC004') assert.ok(d.help, `a type error without help: ${d.message}`)
    }
  }
  assert.ok(seen > 500, String(seen))
})

test.run()
