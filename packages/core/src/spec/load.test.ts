import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Diagnostic } from '../diagnostics/index.js'
import { loadSpec } from './load.js'
import { maskInlineSecrets } from './secrets.js'
import { minimalSpec as valid } from './test-fixtures/minimal-spec.js'

const at = (text: string, d: Diagnostic | undefined) => (d ? text.slice(d.span.start, d.span.end) : undefined)
const errorsOf = (text: string) => {
  const result = loadSpec(text, { file: 'spec.yaml' })
  assert.not.ok(result.ok, 'expected the spec to fail')
  return result.diagnostics
}

test('a valid spec decodes', () => {
  const result = loadSpec(valid)
  assert.ok(result.ok)
  if (result.ok) assert.is(result.spec.connectors[0]!.name, 'Tenant A')
})

test('an unknown key is an error with did-you-mean, the key under the caret, file and path', () => {
  const text = valid.replace('    tenant:', '    tenat:')
  const [d, ...rest] = errorsOf(text)
  assert.is(d?.code, 'SPEC002')
  assert.is(d?.path, 'connectors[0].tenat')
  assert.is(d?.file, 'spec.yaml')
  assert.is(at(text, d), 'tenat')
  assert.is(d?.help, 'did you mean `tenant`?')
  assert.equal(d?.suggestions[0]?.replacement, 'tenant')
  // The did-you-mean already says `tenant` is missing: no second error for it.
  assert.equal(rest, [])
  const far = valid.replace('    tenant:', '    zzz:')
  assert.ok(errorsOf(far).some((r) => r.code === 'SPEC003' && r.path === 'connectors[0].tenant' && r.help === 'add `tenant:` with a mapping with `id`'))
})

test('a missing key names the key and points at the mapping that lacks it', () => {
  const text = valid.replace('  auth: session\n', '')
  const [d] = errorsOf(text)
  assert.is(d?.code, 'SPEC003')
  assert.is(d?.message, 'missing key `auth` at `source.auth`')
  assert.is(at(text, d), 'source')
  assert.match(d!.help!, /add `auth:` with one of `session`, `basic`, `oidc`/)
})

test('a wrong enum value suggests the closest', () => {
  const text = valid.replace('auth: session', 'auth: sesion')
  const [d] = errorsOf(text)
  assert.is(d?.path, 'source.auth')
  assert.is(at(text, d), 'sesion')
  assert.is(d?.help, 'did you mean `session`?')
})

test('an inline secret is an error that says how to move it, and masking hides it from rendering', () => {
  const text = valid.replace('password: { env: QUALYS_PASSWORD }', 'password: hunter2-very-secret')
  const [d] = errorsOf(text)
  assert.is(d?.code, 'SPEC010')
  assert.is(d?.path, 'source.password')
  assert.is(at(text, d), 'hunter2-very-secret')
  assert.not.match(d!.message + d!.help, /hunter2/)
  assert.match(d!.help!, /password: \{ env: NAME \}/)
  const masked = maskInlineSecrets(text, [d!])
  assert.is(masked.length, text.length)
  assert.not.match(masked, /hunter2/)
  assert.match(masked, /password: \*{19}\n/)
})

test('branded values: UUID, email, zone, date, env name', () => {
  const cases: [string, string, string, RegExp][] = [
    ['id: 11111111-2222-4333-8444-555555555555 }', 'id: not-a-uuid }', 'connectors[0].tenant.id', /not a UUID/],
    ['  password: { env: QUALYS_PASSWORD }\n', '  password: { env: QUALYS_PASSWORD }\n  contactEmail: nobody\n', 'source.contactEmail', /not an email address/],
    ['  password: { env: QUALYS_PASSWORD }\n', '  password: { env: QUALYS_PASSWORD }\n  passwordExpires: 2027-02-30\n', 'source.passwordExpires', /not a date `YYYY-MM-DD`/],
    ['{ env: AZURE_APP_SECRET }', '{ env: "AZURE APP SECRET" }', 'connectors[0].application.secret.env', /not an environment variable name/],
    ['    apps:', '    perimeterScan: { schedule: daily at 10:00, timezone: Mars/Olympus }\n    apps:', 'connectors[0].perimeterScan.timezone', /not a time zone of the IANA database/],
  ]
  for (const [from, to, path, message] of cases) {
    const text = valid.replace(from, to)
    const [d] = errorsOf(text)
    assert.is(d?.path, path)
    assert.match(d!.message, message)
    assert.is(d?.code, 'SPEC004')
  }
})

test('wrong types say what was expected and what was found', () => {
  const text = valid.replace("apps: [{ name: AI, identifier: bbbbbbbb-cccc-4ddd-8eee-ffffffffffff }]", 'apps: AI')
  const [d] = errorsOf(text)
  assert.is(d?.message, 'expected a list at `connectors[0].apps`, found the text `AI`')
  assert.is(at(text, d), 'AI')
})

test('YAML syntax errors and duplicate keys are positioned', () => {
  const broken = valid.replace('tenant: { id: 11111111-2222-4333-8444-555555555555 }', 'tenant: { id: 1111')
  const [d] = errorsOf(broken)
  assert.is(d?.code, 'SPEC001')
  assert.is(d?.path, '')
  const dup = valid.replace('  auth: session\n', '  auth: session\n  auth: basic\n')
  const [e] = errorsOf(dup)
  assert.is(e?.code, 'SPEC002')
  assert.is(at(dup, e), 'auth')
  assert.ok(e!.span.start > dup.indexOf('auth: session'))
})

test('two connectors with one name: the second use, with the first as related', () => {
  const second = valid.slice(valid.indexOf('  - kind'))
  const text = valid + second
  const [d] = errorsOf(text)
  assert.is(d?.code, 'SPEC005')
  assert.is(d?.path, 'connectors[1].name')
  assert.ok(d!.span.start > text.indexOf('Tenant A'))
  assert.is(d?.related?.[0]?.span.start, text.indexOf('Tenant A'))
})

test('JSON specs report positions in the JSON text', () => {
  const json = JSON.stringify({ source: { site: 's', username: 'acme3ab1', auth: 'session', password: { env: 'P' }, colour: 1 }, connectors: [] }, null, 2)
  const [d] = errorsOf(json)
  assert.is(d?.path, 'source.colour')
  assert.is(at(json, d), '"colour"')
})

test('empty documents and documents that are not mappings', () => {
  assert.match(errorsOf('')[0]!.message, /the spec is empty/)
  assert.match(errorsOf('- 1\n- 2\n')[0]!.message, /expected a mapping/)
  assert.match(errorsOf(valid.replace(/connectors:[\s\S]*/, 'connectors: []\n'))[0]!.message, /no connectors/)
})

test('allowNoConnectors: `connectors: []` is the source alone (`scanplan import` reads it), and compiles to it', async () => {
  const empty = valid.replace(/connectors:[\s\S]*/, 'connectors: []\n')
  const loaded = loadSpec(empty, { allowNoConnectors: true })
  assert.ok(loaded.ok, JSON.stringify(loaded.diagnostics))
  assert.equal(loaded.spec?.connectors, [])
  const { compileSpec } = await import('./compile.js')
  const compiled = compileSpec(empty, { now: new Date('2026-01-01T00:00:00Z'), allowNoConnectors: true })
  assert.equal([compiled.ok, compiled.requests, compiled.source?.username], [true, [], loaded.spec?.source.username])
  assert.is(compileSpec(empty, { now: new Date('2026-01-01T00:00:00Z') }).ok, false)
})

test.run()
