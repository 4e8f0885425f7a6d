import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ConfigError, loadServiceConfig } from './load-config.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

const valid = `
listen: { port: 9000 }
envFile: ./service.env
store: { sqlite: ./inbox.db }
adminToken: { env: ADMIN_TOKEN }
endpoints:
  - path: /hooks/spec
    scheme: standard-webhooks
    secrets: [{ env: SIGNING_SECRET }, { file: ./previous-secret }]
sources:
  - site: acme-prod
    username: acme3ab1
    auth: session
    password: { env: QUALYS_PASSWORD }
    connectorSecrets: [AZURE_APP_SECRET]
`

function inDir(files: Record<string, string>, run: (dir: string) => void) {
  return () => {
    const dir = tempDir('config')
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
      run(dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

const problemsOf = (file: string, env: Record<string, string> = {}): string[] => {
  try {
    loadServiceConfig(file, { env })
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('expected a ConfigError')
}

const envFile = 'ADMIN_TOKEN=an-admin-token-of-length\nSIGNING_SECRET=whsec_from_file\nQUALYS_PASSWORD=pw\nAZURE_APP_SECRET=az\n'

test(
  'a valid file: secrets from the env file and files, the real environment first, defaults filled in',
  inDir({ 'webhook.yaml': valid, 'service.env': envFile, 'previous-secret': 'whsec_previous\n' }, (dir) => {
    const config = loadServiceConfig(join(dir, 'webhook.yaml'), { env: { SIGNING_SECRET: 'whsec_from_env' } })
    assert.equal(config.listen, { host: '127.0.0.1', port: 9000, maxConnectionsPerAddress: 128, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 })
    assert.equal(config.store, { kind: 'sqlite', path: join(dir, 'inbox.db') })
    assert.equal(config.endpoints[0]!.secrets, ['whsec_from_env', 'whsec_previous'])
    assert.is(config.endpoints[0]!.maxBodyBytes, 256 * 1024)
    assert.is(config.adminToken, 'an-admin-token-of-length')
    assert.is(config.readSecret({ env: 'QUALYS_PASSWORD' }), 'pw')
    assert.equal(config.sources.get('acme-prod')!.connectorSecrets, ['AZURE_APP_SECRET'])
    assert.is(config.worker.retryDeadlineMs, 3_600_000)
    assert.is(loadServiceConfig(join(dir, 'webhook.yaml'), { env: {}, port: 0 }).listen.port, 0)
  }),
)

test(
  "the door's bounds: configured connection caps and timeouts; headers cannot take longer than the whole request",
  inDir({ 'service.env': envFile }, (dir) => {
    const listen = 'listen: { port: 9000, maxConnections: 500, maxConnectionsPerAddress: 20, headersTimeoutSeconds: 5, requestTimeoutSeconds: 15 }'
    writeFileSync(join(dir, 'webhook.yaml'), valid.replace('listen: { port: 9000 }', listen).replace('previous-secret', 'service.env'))
    assert.equal(loadServiceConfig(join(dir, 'webhook.yaml'), { env: {} }).listen, {
      host: '127.0.0.1',
      port: 9000,
      maxConnections: 500,
      maxConnectionsPerAddress: 20,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 15_000,
    })
    writeFileSync(join(dir, 'slow.yaml'), valid.replace('listen: { port: 9000 }', 'listen: { headersTimeoutSeconds: 60, requestTimeoutSeconds: 20 }').replace('previous-secret', 'service.env'))
    assert.equal(problemsOf(join(dir, 'slow.yaml')), [
      'listen.headersTimeoutSeconds: 60 is longer than listen.requestTimeoutSeconds (20), which includes the headers',
    ])
  }),
)

test(
  'an unknown key gets a did-you-mean with its path',
  inDir({ 'webhook.yaml': valid.replace('scheme: standard-webhooks', 'schema: standard-webhooks\n    scheme: github'), 'service.env': envFile, 'previous-secret': 'x' }, (dir) => {
    assert.equal(problemsOf(join(dir, 'webhook.yaml')), ['endpoints[0].schema: unknown key (did you mean `scheme`?)'])
  }),
)

test(
  'an inline secret is refused with the way to fix it',
  inDir({ 'webhook.yaml': valid.replace('adminToken: { env: ADMIN_TOKEN }', 'adminToken: hunter2hunter2hunter2') }, (dir) => {
    const problems = problemsOf(join(dir, 'webhook.yaml'))
    assert.equal(problems, ['adminToken: secrets are never written inline: use { env: NAME } or { file: PATH }'])
    assert.not.ok(problems.join('\n').includes('hunter2'), 'the secret is not echoed')
  }),
)

test(
  'missing secrets and a wrong enum value are all reported at once',
  inDir({ 'webhook.yaml': valid.replace('envFile: ./service.env\n', '') }, (dir) => {
    assert.equal(problemsOf(join(dir, 'webhook.yaml')), [
      'adminToken: the environment variable ADMIN_TOKEN is not set (export it, or load it from a file kept out of version control)',
      'endpoints[0].secrets[0]: the environment variable SIGNING_SECRET is not set (export it, or load it from a file kept out of version control)',
      `endpoints[0].secrets[1]: cannot read the secret file ${join(dir, 'previous-secret')} (ENOENT)`,
      'sources[0].password: the environment variable QUALYS_PASSWORD is not set (export it, or load it from a file kept out of version control)',
      'sources[0].connectorSecrets: the environment variable AZURE_APP_SECRET is not set (export it, or load it from a file kept out of version control)',
    ])
    writeFileSync(join(dir, 'bad.yaml'), valid.replace('scheme: standard-webhooks', 'scheme: stripe'))
    assert.equal(problemsOf(join(dir, 'bad.yaml')), ['endpoints[0].scheme: expected "standard-webhooks" | "github", got "stripe"'])
  }),
)

test(
  'a missing required key is named; a misspelt one is reported once, by its did-you-mean',
  inDir({ 'webhook.yaml': valid.replace('adminToken: { env: ADMIN_TOKEN }', 'admnToken: { env: ADMIN_TOKEN }') }, (dir) => {
    assert.equal(problemsOf(join(dir, 'webhook.yaml')), ['admnToken: unknown key (did you mean `adminToken`?)'])
    writeFileSync(join(dir, 'none.yaml'), valid.replace('adminToken: { env: ADMIN_TOKEN }\n', ''))
    assert.equal(problemsOf(join(dir, 'none.yaml')), ['adminToken: missing (expected SecretRef)'])
  }),
)

test('a missing file says so', () => {
  assert.equal(problemsOf('/nonexistent/webhook.yaml'), ['cannot read the file: ENOENT'])
})

test.run()
