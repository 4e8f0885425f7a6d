import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { parse } from 'yaml'
import { Spec } from './codecs.js'

const core = join(dirname(fileURLToPath(import.meta.url)), '../..')
const examples = join(core, '../../examples')
const schema = JSON.parse(readFileSync(join(core, 'schema.json'), 'utf8')) as object
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)

/**
 * Every spec in examples/: the files that declare the spec schema (a modeline or `$schema`). Other examples (the
 * profiles mapping, the webhook's configuration and delivery bodies, env files) have shapes of their own.
 */
const exampleSpecs = readdirSync(examples).filter((f) => /\.(ya?ml|json)$/.test(f) && readFileSync(join(examples, f), 'utf8').includes('packages/core/schema.json'))

test('schema.json is what typescript-json-schema generates from src/spec/input.ts today', () => {
  const generated = execFileSync(process.execPath, ['--import', 'tsx', join(core, 'scripts/generate-schema.ts'), '--stdout'], { cwd: core, encoding: 'utf8' })
  assert.is(generated, readFileSync(join(core, 'schema.json'), 'utf8'), 'run `pnpm --filter @scanplan/core schema:generate`')
  assert.is((schema as { $schema: string }).$schema, 'http://json-schema.org/draft-07/schema#')
})

/** Every `properties` entry of the schema, with its path. */
function* propertiesOf(node: unknown, at = '#'): Generator<[string, Record<string, unknown>]> {
  if (typeof node !== 'object' || node === null) return
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, property] of Object.entries(value)) yield [`${at}/properties/${name}`, property as Record<string, unknown>]
    }
    yield* propertiesOf(value, `${at}/${key}`)
  }
}

test('every property has a description and a markdownDescription with a YAML example; every enum describes its values', () => {
  const seen = [...propertiesOf(schema)]
  assert.ok(seen.length >= 50, `${seen.length} properties`)
  for (const [at, property] of seen) {
    assert.type(property.description, 'string', `${at}: description`)
    assert.ok((property.description as string).length > 10, `${at}: description`)
    assert.type(property.markdownDescription, 'string', `${at}: markdownDescription`)
    const key = at.split('/').pop()!
    assert.ok((property.markdownDescription as string).startsWith(property.description as string), `${at}: markdownDescription starts with the description`)
    assert.match(property.markdownDescription as string, new RegExp(`\n\`\`\`yaml\n"?${key.replace('$', '\\$')}"?:`), `${at}: the example writes the key`)
  }
  const enums: Record<string, unknown>[] = []
  const collect = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return
    if (Array.isArray((node as { enum?: unknown }).enum)) enums.push(node as Record<string, unknown>)
    Object.values(node).forEach(collect)
  }
  collect(schema)
  assert.ok(enums.length >= 5, `${enums.length} enums`)
  for (const node of enums) {
    const values = node.enum as string[]
    assert.is((node.markdownEnumDescriptions as string[] | undefined)?.length, values.length, `markdownEnumDescriptions of ${values.join(', ')}`)
    assert.is((node.enumDescriptions as string[] | undefined)?.length, values.length, `enumDescriptions of ${values.join(', ')}`)
  }
})

test('the schema has a stable address for SchemaStore and snippets for a connector and a source', () => {
  const root = schema as { $id: string; definitions: Record<string, { defaultSnippets?: { label: string; body: unknown }[] }> }
  assert.is(root.$id, 'https://raw.githubusercontent.com/scanplan/scanplan/main/packages/core/schema.json')
  const repository = JSON.parse(readFileSync(join(core, 'package.json'), 'utf8')).repository.url as string
  assert.ok(repository.includes('github.com/scanplan/scanplan'), 'the $id names the repository package.json names')
  for (const name of ['AzureOrgConnectorInput', 'SourceInput']) {
    const snippets = root.definitions[name]!.defaultSnippets ?? []
    assert.ok(snippets.length > 0, name)
    // A snippet with its placeholders filled in is a valid part of a spec.
    const fill = (u: unknown): unknown => typeof u === 'string' ? u.replace(/\$\{\d+:([^}]*)\}/g, '$1') : Array.isArray(u) ? u.map(fill) : u && typeof u === 'object' ? Object.fromEntries(Object.entries(u).map(([k, v]) => [k, fill(v)])) : u
    for (const snippet of snippets) {
      const body = fill(snippet.body)
      const seed = parse(readFileSync(join(examples, 'global-scan.yaml'), 'utf8')) as Record<string, any>
      const spec = name === 'SourceInput' ? { ...seed, source: body } : { ...seed, connectors: [body] }
      assert.ok(validate(spec), `${snippet.label}: ${JSON.stringify(validate.errors)}`)
    }
  }
})

test('the examples include the seed, daily, global-scan, multi-connector and imported specs', () => {
  for (const name of ['seed-azure-org.yaml', 'daily-azure-org.yaml', 'global-scan.yaml', 'multi-connector.json', 'imported-azure-org.yaml']) assert.ok(exampleSpecs.includes(name), name)
})

test('every example spec passes both the JSON Schema (ajv) and the io-ts codecs, and names the schema', () => {
  for (const name of exampleSpecs) {
    const text = readFileSync(join(examples, name), 'utf8')
    const value: unknown = parse(text)
    assert.ok(validate(value), `${name}: ${JSON.stringify(validate.errors)}`)
    assert.is(Spec.decode(value)._tag, 'Right', name)
  }
})

test('schema and codecs reject the same broken variants of an example', () => {
  const seed = parse(readFileSync(join(examples, 'seed-azure-org.yaml'), 'utf8')) as Record<string, any>
  const variants: [string, (s: any) => void][] = [
    ['unknown top-level key', (s) => { s.extra = 1 }],
    ['unknown connector key', (s) => { s.connectors[0].tenat = s.connectors[0].tenant }],
    ['missing source.auth', (s) => { delete s.source.auth }],
    ['inline secret', (s) => { s.source.password = 'hunter2' }],
    ['bad auth kind', (s) => { s.source.auth = 'token' }],
    ['bad uuid', (s) => { s.connectors[0].tenant.id = 'nope' }],
    ['bad email', (s) => { s.source.contactEmail = 'secops' }],
    ['bad module', (s) => { s.connectors[0].autoActivate = ['WAS'] }],
    ['bad duration', (s) => { s.connectors[0].sync.organization = 'hourly' }],
    ['perimeterScan neither global nor mapping', (s) => { s.connectors[0].perimeterScan = 'custom' }],
    ['negative profile id', (s) => { s.connectors[0].perimeterScan.optionProfile = -3 }],
    ['env and file together', (s) => { s.source.password = { env: 'A', file: 'b' } }],
    ['apps missing', (s) => { delete s.connectors[0].apps }],
  ]
  for (const [label, mutate] of variants) {
    const copy = structuredClone(seed)
    mutate(copy)
    assert.not.ok(validate(copy), `schema accepts: ${label}`)
    assert.is(Spec.decode(copy)._tag, 'Left', `codecs accept: ${label}`)
  }
})

test.run()
