import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { parse } from 'yaml'
import { WebhookConfig } from './config-codec.js'

const app = join(dirname(fileURLToPath(import.meta.url)), '../..')
const examples = join(app, '../../examples')
const schemaFile = join(app, 'config-schema.json')
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, any>
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)

/** Every webhook configuration in examples/ (the YAML files with `endpoints:` and `store:`). */
const exampleConfigs = readdirSync(examples).filter((f) => /\.ya?ml$/.test(f) && /^endpoints:/m.test(readFileSync(join(examples, f), 'utf8')) && /^store:/m.test(readFileSync(join(examples, f), 'utf8')))

test('config-schema.json is what the generator makes of src/config/config-input.ts today', () => {
  const generated = execFileSync(process.execPath, ['--import', 'tsx', join(app, 'scripts/generate-config-schema.ts'), '--stdout'], { cwd: app, encoding: 'utf8' })
  assert.is(generated, readFileSync(schemaFile, 'utf8'), 'run `pnpm --filter @scanplan/webhook schema:generate`')
  assert.is(schema.$id, 'https://raw.githubusercontent.com/scanplan/scanplan/main/apps/webhook/config-schema.json')
})

test('every example webhook configuration passes the schema (ajv) and the loader\'s codec', () => {
  assert.ok(exampleConfigs.includes('webhook.config.yaml'), exampleConfigs.join(', '))
  for (const name of exampleConfigs) {
    const value: unknown = parse(readFileSync(join(examples, name), 'utf8'))
    assert.ok(validate(value), `${name}: ${JSON.stringify(validate.errors)}`)
    assert.is(WebhookConfig.decode(value)._tag, 'Right', name)
  }
})

test('schema and codec reject the same broken variants of the example', () => {
  const example = parse(readFileSync(join(examples, 'webhook.config.yaml'), 'utf8')) as Record<string, any>
  const variants: [string, (c: any) => void][] = [
    ['unknown top-level key', (c) => { c.listn = c.listen }],
    ['missing store', (c) => { delete c.store }],
    ['inline admin token', (c) => { c.adminToken = 'hunter2' }],
    ['bad env name', (c) => { c.endpoints[0].secrets[0] = { env: '1SECRET' } }],
    ['bad scheme', (c) => { c.endpoints[0].scheme = 'stripe' }],
    ['path without a slash', (c) => { c.endpoints[0].path = 'hooks/spec' }],
    ['port out of range', (c) => { c.listen.port = 70000 }],
    ['fractional concurrency', (c) => { c.worker.concurrency = 1.5 }],
    ['both stores', (c) => { c.store = { sqlite: 'a.db', postgres: { env: 'DB' } } }],
    ['bad log level', (c) => { c.logLevel = 'verbose' }],
    ['bad password expiry', (c) => { c.sources[0].passwordExpires = '31/01/2027' }],
    ['unknown source key', (c) => { c.sources[0].tenant = {} }],
  ]
  for (const [label, mutate] of variants) {
    const copy = structuredClone(example)
    mutate(copy)
    assert.not.ok(validate(copy), `schema accepts: ${label}`)
    assert.is(WebhookConfig.decode(copy)._tag, 'Left', `codec accepts: ${label}`)
  }
})

test('the schema\'s format errors read as words, and every property is described with an example', () => {
  const path = schema.definitions.EndpointInput.properties.path
  assert.match(path.patternErrorMessage, /^expected a URL path such as `\/hooks\/spec`/)
  const walk = function* (node: unknown, at = '#'): Generator<[string, any]> {
    if (typeof node !== 'object' || node === null) return
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties') for (const [name, property] of Object.entries(value as object)) yield [`${at}/${name}`, property]
      yield* walk(value, `${at}/${key}`)
    }
  }
  const properties = [...walk(schema)]
  assert.ok(properties.length >= 40, `${properties.length} properties`)
  for (const [at, property] of properties) {
    assert.type(property.description, 'string', at)
    assert.match(property.markdownDescription, /\n```yaml\n/, at)
  }
})

test.run()
