import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import * as assert from 'uvu/assert'

// The documented --json shapes live in apps/cli/schemas/*.json (linked from docs/cli.md); tests check output
// against those same files, so the docs cannot drift from what the commands print.
const ajv = new Ajv({ allErrors: true, strict: true })
ajv.addFormat('uri', (s: string) => URL.canParse(s))
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s))

function loadSchema(name: string): object {
  return JSON.parse(readFileSync(new URL(`../../schemas/${name}.json`, import.meta.url), 'utf8')) as object
}

// Shared pieces referenced with `$ref` from the command schemas.
ajv.addSchema(loadSchema('diagnostic'))

/** Fails with ajv's messages when `value` does not match schemas/NAME.json. */
export function assertMatchesSchema(value: unknown, name: string): void {
  const validate = ajv.getSchema(name) ?? (ajv.addSchema(loadSchema(name), name), ajv.getSchema(name)!)
  const ok = validate(value)
  assert.ok(ok, `output does not match schemas/${name}.json: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value, null, 2)}`)
}
