// The webhook service both webhook benches start (bench/webhook.ts, bench/webhook-flood.ts): one Standard Webhooks
// endpoint and one simulator account, with its signing secret and admin token, written once here.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const BENCH_HOOK_SECRET = 'whsec_' + Buffer.from('the bench signing secret, 32 b!!').toString('base64')
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789'

/** Writes the service's config into a fresh temporary directory; `extra` is YAML lines added at the top level. */
export function writeBenchWebhookConfig(prefix: string, extra: string[] = []): { dir: string; configFile: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const configFile = join(dir, 'webhook.yaml')
  writeFileSync(
    configFile,
    [
      'listen: { host: 127.0.0.1, port: 0 }',
      'store: { sqlite: ./inbox.db }',
      'adminToken: { env: BENCH_ADMIN_TOKEN }',
      'endpoints: [{ path: /hooks/spec, scheme: standard-webhooks, secrets: [{ env: BENCH_HOOK_SECRET }] }]',
      'sources:',
      '  - { site: acme-prod, username: acme3ab1, auth: session, password: { env: QUALYS_PASSWORD }, connectorSecrets: [AZURE_APP_SECRET] }',
      ...extra,
      'logLevel: warn',
      '',
    ].join('\n'),
  )
  return { dir, configFile }
}
