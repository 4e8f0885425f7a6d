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
