import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { signGithub, signStandardWebhook } from '@scanplan/webhook-inbox'
import { readSimEnv } from '@scanplan/test-support/sim-env'
import { tempDir } from '@scanplan/test-support/temp-dir'

export const signingSecret = 'whsec_' + Buffer.from('a test signing secret of 32 bytes').toString('base64')
const githubSecret = 'a GitHub-style test secret'
export const adminToken = 'test-admin-token-0123456789'
const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples')

/** The environment a test service runs with: its own secrets plus the simulator's credentials. */
export function serviceEnv(): Record<string, string> {
  const sim = readSimEnv()
  return { ...sim, HOOK_SECRET: signingSecret, HOOK_GITHUB_SECRET: githubSecret, ADMIN_TOKEN: adminToken }
}

/** A config file in a fresh temp dir; `store` defaults to SQLite in that dir. */
export function writeServiceConfig(
  options: { store?: string; port?: number; retryDeadlineSeconds?: number; worker?: string; shutdownTimeoutSeconds?: number; listen?: string } = {},
) {
  const dir = tempDir('webhook')
  const file = join(dir, 'webhook.yaml')
  writeFileSync(
    file,
    `listen: { host: 127.0.0.1, port: ${options.port ?? 0}${options.listen ? `, ${options.listen}` : ''} }
store: ${options.store ?? '{ sqlite: ./inbox.db }'}
adminToken: { env: ADMIN_TOKEN }
endpoints:
  - { path: /hooks/spec, scheme: standard-webhooks, secrets: [{ env: HOOK_SECRET }], maxBodyBytes: 16384 }
  - { path: /hooks/spec/github, scheme: github, secrets: [{ env: HOOK_GITHUB_SECRET }] }
sources:
  - site: acme-prod
    username: acme3ab1
    auth: session
    password: { env: QUALYS_PASSWORD }
    passwordExpires: 2027-01-31
    connectorSecrets: [AZURE_APP_SECRET]
worker: ${options.worker ?? `{ pollMilliseconds: 20, leaseSeconds: 5, retryDeadlineSeconds: ${options.retryDeadlineSeconds ?? 60}, maxBackoffSeconds: 1 }`}
shutdownTimeoutSeconds: ${options.shutdownTimeoutSeconds ?? 5}
logLevel: silent
`,
  )
  return { dir, file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The example delivery with its connector renamed (each test delivery creates its own connector). */
export function deliveryBody(connectorName: string, optionProfile: string | number = 240981): string {
  const delivery = JSON.parse(readFileSync(join(examplesDir, 'webhook-delivery.json'), 'utf8'))
  delivery.connectors[0].name = connectorName
  delivery.connectors[0].perimeterScan.optionProfile = optionProfile
  return JSON.stringify(delivery)
}

export interface SendOptions {
  id: string
  timestamp?: number
  secret?: string
  headers?: Record<string, string>
}

/** POSTs a Standard-Webhooks-signed delivery. */
export async function sendSigned(baseUrl: string, body: string, options: SendOptions): Promise<{ status: number; json: any; headers: globalThis.Headers }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  const response = await fetch(`${baseUrl}/hooks/spec`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': options.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(options.secret ?? signingSecret, options.id, timestamp, body),
      ...options.headers,
    },
    body,
  })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers }
}

export async function sendGithub(baseUrl: string, body: string, id: string) {
  const response = await fetch(`${baseUrl}/hooks/spec/github`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-delivery': id, 'x-hub-signature-256': await signGithub(githubSecret, body) },
    body,
  })
  return { status: response.status, json: await response.json() }
}

export async function getDelivery(baseUrl: string, id: string, token = adminToken) {
  const response = await fetch(`${baseUrl}/deliveries/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: response.status, json: (await response.json()) as any }
}

/** Polls until `check` holds, failing after `ms`. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
