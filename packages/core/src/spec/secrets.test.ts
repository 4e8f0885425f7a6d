import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSpec } from './compile.js'
import { loadSpec } from './load.js'
import schema from '../../schema.json' with { type: 'json' }
import { maskInlineSecrets, renderSpecDiagnostics, SECRET_KEYS } from './secrets.js'
import { minimalSpec as valid } from './test-fixtures/minimal-spec.js'

const SECRET = 'hunter2-inline-secret'
const now = new Date('2026-11-01T00:00:00Z')

/** Every way of writing a secret where a reference belongs, each reported by a different decoder rule. */
const pasted: [string, string, string][] = [
  ['plain password', 'password: { env: QUALYS_PASSWORD }', `password: ${SECRET}`],
  ['quoted password', 'password: { env: QUALYS_PASSWORD }', `password: "${SECRET}"`],
  ['password in a list', 'password: { env: QUALYS_PASSWORD }', `password: [${SECRET}]`],
  ['secret pasted as the env name', 'password: { env: QUALYS_PASSWORD }', `password: { env: ${SECRET} }`],
  ['secret under an unknown key', 'secret: { env: AZURE_APP_SECRET }', `secret: { value: ${SECRET} }`],
  ['plain application secret', 'secret: { env: AZURE_APP_SECRET }', `secret: ${SECRET}`],
  ['inline secret next to a YAML syntax error', 'password: { env: QUALYS_PASSWORD }', `password: ${SECRET}\n  auth: basic`],
  ['inline OIDC client secret', 'password: { env: QUALYS_PASSWORD }', `clientSecret: ${SECRET}`],
]

for (const [what, from, to] of pasted) {
  test(`${what}: an error, and neither the rendering nor the diagnostics carry the value`, () => {
    const text = valid.replace(from, to)
    assert.ok(text.includes(SECRET))
    const result = compileSpec(text, { file: 'spec.yaml', now })
    assert.not.ok(result.ok)
    const rendered = renderSpecDiagnostics(text, result.diagnostics, { file: 'spec.yaml' })
    assert.match(rendered, /^error\[SPEC\d+\]/m)
    assert.not.ok(rendered.includes(SECRET), rendered)
    assert.not.ok(JSON.stringify(result.diagnostics).includes(SECRET), JSON.stringify(result.diagnostics))
    assert.not.ok(JSON.stringify(loadSpec(text).diagnostics).includes(SECRET))
  })
}

test('a quoted pasted env name keeps its message, with the value replaced', () => {
  const text = valid.replace('password: { env: QUALYS_PASSWORD }', `password: { env: ${SECRET} }`)
  const d = loadSpec(text).diagnostics.find((x) => x.path === 'source.password.env')!
  assert.is(d.message, 'the text `***` at `source.password.env` is not an environment variable name (letters, digits, `_`)')
})

test('masking keeps lengths and lines, and leaves references and keys readable', () => {
  const text = valid.replace('password: { env: QUALYS_PASSWORD }', `password: { evn: ${SECRET} }`)
  const masked = maskInlineSecrets(text)
  assert.is(masked.length, text.length)
  assert.is(masked.split('\n').length, text.split('\n').length)
  assert.match(masked, /password: \{ evn: \*{21} \}/)
  assert.match(masked, /secret: \{ env: AZURE_APP_SECRET \}/)
  const d = loadSpec(text).diagnostics[0]!
  assert.is(d.help, 'did you mean `env`?')
})

test('a valid spec is not masked at all', () => {
  assert.is(maskInlineSecrets(valid), valid)
  assert.equal(loadSpec(valid).diagnostics, [])
})

test('SECRET_KEYS names every property the JSON Schema types as a secret reference, and nothing else', () => {
  const secretDefinitions = /^#\/definitions\/(SecretRefInput|EnvSecretInput|FileSecretInput)$/
  const refersToSecret = (node: unknown): boolean => {
    if (typeof node !== 'object' || node === null) return false
    const n = node as { $ref?: string; anyOf?: unknown[]; oneOf?: unknown[] }
    return (typeof n.$ref === 'string' && secretDefinitions.test(n.$ref)) || [...(n.anyOf ?? []), ...(n.oneOf ?? [])].some(refersToSecret)
  }
  const found = new Set<string>()
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (typeof node !== 'object' || node === null) return
    const properties = (node as { properties?: Record<string, unknown> }).properties
    for (const [key, value] of Object.entries(properties ?? {})) if (refersToSecret(value)) found.add(key)
    Object.values(node).forEach(walk)
  }
  walk(schema)
  assert.equal([...found].sort(), [...SECRET_KEYS].sort())
})

test.run()
