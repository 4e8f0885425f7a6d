import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol'
import { specPatterns } from './patterns.js'
import { positionOf, YamlLanguageClient } from './test-fixtures/yaml-language-client.js'

/**
 * What a user of Red Hat's YAML extension (VS Code, and every editor running yaml-language-server) sees with the
 * spec schema mapped to `*.scanplan.yaml` and `scanplan.yaml` by the `yaml.schemas` setting: no modeline in any file.
 */

const core = join(dirname(fileURLToPath(import.meta.url)), '../..')
const examples = join(core, '../../examples')
const schemaFile = join(core, 'schema.json')
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as any
const source = schema.definitions.SourceInput.properties
const connector = schema.definitions.AzureOrgConnectorInput.properties

/** The example specs (the files naming the spec schema), with the modeline taken out. */
const exampleSpecs = readdirSync(examples)
  .filter((f) => /\.(ya?ml|json)$/.test(f) && readFileSync(join(examples, f), 'utf8').includes('packages/core/schema.json'))
  .map((f) => ({ name: f, text: readFileSync(join(examples, f), 'utf8').replace(/^# yaml-language-server: \$schema=.*\n/m, '').replace(/^\s*"\$schema": .*\n/m, '') }))

const valid = `source:
  site: acme-prod
  username: acme3ab1
  auth: session
  password: { env: QUALYS_PASSWORD }
connectors:
  - kind: azure-org
    name: Acme production tenant
    tenant: { id: 0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b }
    application:
      id: 0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b
      secret: { env: AZURE_APP_SECRET }
    apps: [{ name: AI, identifier: 0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b }]
    sync: { organization: 1h }
`

let client: YamlLanguageClient
let opened = 0
/** Opens `text` under a new file name (`name` with a counter, so every document is fresh). */
function open(text: string, name = 'spec.scanplan.yaml'): Promise<Diagnostic[]> {
  return client.open(uriFor(name), text)
}
function uriFor(name: string): string {
  return `file:///work/project/${opened++}/${name}`
}
/** LSP 3.18 lets a diagnostic's message be Markdown; yaml-language-server sends text. */
function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value
}
function hoverText(hover: Hover | null): string {
  const contents = hover?.contents as { value: string } | undefined
  return contents?.value ?? ''
}

test.before(async () => {
  client = await YamlLanguageClient.start({ [pathToFileURL(schemaFile).href]: ['*.scanplan.yaml', 'scanplan.yaml'] })
})
test.after(async () => {
  assert.is(await client.stop(), 0, 'yaml-language-server exits 0 after shutdown + exit')
})

test('every example spec, without its modeline, opens without a diagnostic under both file patterns', async () => {
  assert.ok(exampleSpecs.length >= 5, 'the examples are found')
  for (const { name, text } of exampleSpecs) {
    assert.equal(await open(text, `${name.replace(/\.(ya?ml|json)$/, '')}.scanplan.yaml`), [], name)
    assert.equal(await open(text, 'scanplan.yaml'), [], `${name} as scanplan.yaml`)
  }
})

test('a file outside the patterns gets no schema: the same broken text has no diagnostic', async () => {
  assert.equal(await open(valid.replace('auth: session', 'auth: token'), 'other.yaml'), [])
})

test('a broken spec: the pattern errors read as patterns.ts words them, not as regexes, on the value', async () => {
  const text = valid.replace('tenant: { id: 0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b }', 'tenant: { id: not-a-uuid }').replace('organization: 1h', 'organization: hourly').replace('password: { env: QUALYS_PASSWORD }', 'password: { env: 1QUALYS }')
  const diagnostics = await open(text)
  const messages = diagnostics.map((d) => messageOf(d)).sort()
  assert.equal(messages, [`expected ${specPatterns.duration.message}`, `expected ${specPatterns.envName.message}`, `expected ${specPatterns.uuid.message}`].sort())
  const uuid = diagnostics.find((d) => messageOf(d).includes('UUID'))!
  assert.equal(uuid.range.start, positionOf(text, 'not-a-uuid'))
  assert.equal(uuid.range.end, positionOf(text, 'not-a-uuid', 'not-a-uuid'.length))
  for (const d of diagnostics) assert.not.match(messageOf(d), /\^|\\d|does not match the pattern/, messageOf(d))
})

test('a broken spec: unknown and missing keys, a wrong enum value and an inline secret', async () => {
  const text = valid
    .replace('auth: session', 'auth: token')
    .replace('    tenant:', '    tenat: { id: 0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b }\n    tenant:')
    .replace('    apps: [{ name: AI, identifier: 0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b }]\n', '')
    .replace('password: { env: QUALYS_PASSWORD }', 'password: hunter2')
  const messages = (await open(text)).map((d) => messageOf(d))
  assert.ok(messages.includes('Value is not accepted. Valid values: "basic", "oidc", "session".'), messages.join('\n'))
  assert.ok(messages.includes('Property tenat is not allowed.'), messages.join('\n'))
  assert.ok(messages.includes('Missing property "apps".'), messages.join('\n'))
  assert.ok(messages.includes('Incorrect type. Expected "{ env: NAME } | { file: PATH }".'), messages.join('\n'))
  assert.not.ok(messages.some((m) => m.includes('hunter2')), 'the pasted secret is not repeated')
})

test('hover on `password` and on `secret` shows their own descriptions, not the secret reference\'s', async () => {
  const uri = uriFor('hover.scanplan.yaml')
  await client.open(uri, valid)
  const password = hoverText(await client.hover(uri, positionOf(valid, 'password', 2)))
  assert.ok(password.includes(source.password.markdownDescription), password)
  assert.match(password, /The Qualys user's password/)
  assert.match(password, /```yaml\npassword:\n {2}env: QUALYS_PASSWORD\n```/)
  const secret = hoverText(await client.hover(uri, positionOf(valid, 'secret:', 2)))
  assert.ok(secret.includes(connector.application.properties.secret.markdownDescription), secret)
  assert.match(secret, /app registration's client secret/)
  for (const text of [password, secret]) assert.not.match(text, /environment variable that holds|file that holds/, text)
  const env = hoverText(await client.hover(uri, positionOf(valid, 'env: QUALYS', 1)))
  assert.match(env, /The environment variable that holds the secret/)
})

test('hover on an enum value: the value\'s own description', async () => {
  const uri = uriFor('enum.scanplan.yaml')
  await client.open(uri, valid)
  const auth = hoverText(await client.hover(uri, positionOf(valid, 'auth', 1)))
  assert.match(auth, /How scanplan signs in to Qualys/)
  assert.match(auth, /`session`: a v2 session cookie/)
})

test('completion: the keys a connector may still take, each documented, and an enum\'s values with their descriptions', async () => {
  const text = valid.replace('    sync: { organization: 1h }\n', '    sync: { organization: 1h }\n    \n')
  const uri = uriFor('complete.scanplan.yaml')
  await client.open(uri, text)
  const at = positionOf(text, '1h }\n    \n', '1h }\n    '.length)
  const items = await client.completion(uri, at)
  const labels = items.map((i) => i.label)
  for (const key of ['perimeterScan', 'autoActivate', 'managementGroups', 'staticTags', 'remediation', 'id', 'enabled']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`)
  for (const key of ['kind', 'name', 'tenant', 'sync']) assert.not.ok(labels.includes(key), `${key} is already there`)
  const perimeter = items.find((i) => i.label === 'perimeterScan')!
  assert.match(JSON.stringify(perimeter.documentation), /Cloud Perimeter Scan/)

  const enumText = valid.replace('auth: session', 'auth: ')
  const enumUri = uriFor('auth.scanplan.yaml')
  await client.open(enumUri, enumText)
  const values = await client.completion(enumUri, positionOf(enumText, 'auth: ', 'auth: '.length))
  assert.equal(values.map((i) => i.label).sort(), ['basic', 'oidc', 'session'])
  assert.match(JSON.stringify(values.find((i) => i.label === 'oidc')!.documentation), /OpenID Connect client/)
})

test('completion offers the whole-connector snippet in `connectors` and the source snippets in `source`', async () => {
  const text = 'source:\n  \nconnectors:\n  - \n'
  const uri = uriFor('snippets.scanplan.yaml')
  await client.open(uri, text)
  const connectorItems = await client.completion(uri, positionOf(text, '  - ', 4))
  const snippet = connectorItems.find((i) => i.label === 'azure-org connector')
  assert.ok(snippet, connectorItems.map((i) => i.label).join(', '))
  assert.match(snippet.insertText ?? '', /kind: azure-org/)
  assert.match(snippet.insertText ?? '', /secret:\s*\n?\s*env: \$\{4:AZURE_APP_SECRET\}/)
  const sourceItems = await client.completion(uri, { line: 1, character: 2 })
  const labels = sourceItems.map((i) => i.label)
  assert.ok(labels.includes('source (session auth)') && labels.includes('source (oidc auth)'), labels.join(', '))
})

test.run()
