/**
 * Writes packages/core/schema.json from the plain interfaces in src/spec/input.ts with typescript-json-schema
 * (`--required --noExtraProps --strictNullChecks`, draft-07). `--check` compares instead of writing (the test and
 * CI use it); `--stdout` prints.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as TJS from 'typescript-json-schema'
import { specPatterns, type SpecPatternName } from '../src/spec/patterns.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const inputFile = join(root, 'src/spec/input.ts')
const schemaFile = join(root, 'schema.json')

export function generateSpecSchema(): string {
  const program = TJS.getProgramFromFiles([inputFile], { strict: true, strictNullChecks: true, target: 99 /* ESNext */, skipLibCheck: true, types: [] }, root)
  const schema = TJS.generateSchema(program, 'SpecInput', { required: true, noExtraProps: true, strictNullChecks: true, ignoreErrors: false, validationKeywords: ['specPattern'] })
  if (!schema) throw new Error('typescript-json-schema produced no schema for SpecInput')
  resolvePatterns(schema)
  const withId = {
    $schema: schema.$schema,
    $id: 'https://unpkg.com/@scanplan/core/schema.json',
    title: 'scanplan spec',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  }
  return `${JSON.stringify(withId, null, 2)}\n`
}

/**
 * Replaces each `specPattern: <name>` (from `@specPattern <name>` in input.ts) with the pattern of patterns.ts and
 * its message, and refuses a pattern written by hand: a format has one definition, shared with the decoder.
 */
function resolvePatterns(node: unknown, at = '#'): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => resolvePatterns(item, `${at}/${i}`))
    return
  }
  if (typeof node !== 'object' || node === null) return
  const record = node as Record<string, unknown>
  if ('pattern' in record && !('specPattern' in record)) throw new Error(`${at}: write \`@specPattern <name>\` (src/spec/patterns.ts), not \`@pattern\``)
  if ('specPattern' in record) {
    const name = record.specPattern as SpecPatternName
    const pattern = specPatterns[name]
    if (!pattern) throw new Error(`${at}: unknown @specPattern \`${String(name)}\`; the names are ${Object.keys(specPatterns).join(', ')}`)
    delete record.specPattern
    record.pattern = pattern.regex.source
    // yaml-language-server and VS Code show `patternErrorMessage` instead of the raw regex.
    record.patternErrorMessage = `expected ${pattern.message}`
  }
  for (const [key, value] of Object.entries(record)) resolvePatterns(value, `${at}/${key}`)
}

const mode = process.argv[2]
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('generate-schema.ts')) {
  const generated = generateSpecSchema()
  if (mode === '--stdout') process.stdout.write(generated)
  else if (mode === '--check') {
    const committed = readFileSync(schemaFile, 'utf8')
    if (committed !== generated) {
      process.stderr.write('packages/core/schema.json is out of date: run `pnpm --filter @scanplan/core schema:generate`\n')
      process.exit(1)
    }
  } else writeFileSync(schemaFile, generated)
}
