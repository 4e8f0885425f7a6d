/**
 * Writes apps/webhook/config-schema.json, the webhook configuration's JSON Schema, from the plain interfaces in
 * src/config/config-input.ts with core's spec-schema generator (typescript-json-schema and the same editor tags, so
 * both schemas read alike). `--check` compares instead of writing; `--stdout` prints.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
// The generator is a build script of core's, not part of its published API: one generator for both schemas.
import { generateInputSchema } from '../../../packages/core/scripts/generate-schema.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const schemaFile = join(root, 'config-schema.json')

export const webhookConfigSchemaId = 'https://raw.githubusercontent.com/scanplan/scanplan/main/apps/webhook/config-schema.json'

export function generateWebhookConfigSchema(): string {
  return generateInputSchema({ file: join(root, 'src/config/config-input.ts'), type: 'WebhookConfigInput', $id: webhookConfigSchemaId, title: 'scanplan webhook configuration' })
}

const mode = process.argv[2]
if (process.argv[1]?.endsWith('generate-config-schema.ts')) {
  const generated = generateWebhookConfigSchema()
  if (mode === '--stdout') process.stdout.write(generated)
  else if (mode === '--check') {
    if (readFileSync(schemaFile, 'utf8') !== generated) {
      process.stderr.write('apps/webhook/config-schema.json is out of date: run `pnpm --filter @scanplan/webhook schema:generate`\n')
      process.exit(1)
    }
  } else writeFileSync(schemaFile, generated)
}
