/**
 * Writes packages/core/schema.json from the plain interfaces in src/spec/input.ts with typescript-json-schema
 * (`--required --noExtraProps --strictNullChecks`, draft-07), then turns input.ts's own JSDoc tags into what
 * editors read (input.ts's header lists them). `--check` compares instead of writing (the test and CI use it);
 * `--stdout` prints.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as TJS from 'typescript-json-schema'
import { stringify as stringifyYaml } from 'yaml'
import { publicPlatforms } from '../src/platform/table.js'
import { specPatterns, type SpecPatternName } from '../src/spec/patterns.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const inputFile = join(root, 'src/spec/input.ts')
const schemaFile = join(root, 'schema.json')

/**
 * The stable address of the spec schema: the file on the default branch (SchemaStore's catalog entry and the
 * `yaml.schemas` setting can name it; docs/editors.md).
 */
export const specSchemaId = 'https://raw.githubusercontent.com/scanplan/scanplan/main/packages/core/schema.json'

/** The custom JSDoc tags typescript-json-schema copies into the schema for the steps below to rewrite. */
const editorKeywords = ['specPattern', 'specEnumDescriptions', 'defaultSnippets']

export interface SchemaSource {
  /** The TypeScript file with the input interfaces. */
  file: string
  /** The root interface. */
  type: string
  $id: string
  title: string
}

/**
 * One schema from plain interfaces: typescript-json-schema, then the formats of patterns.ts, the examples and the
 * enum descriptions. Shared with the webhook's configuration schema (apps/webhook/scripts/generate-config-schema.ts).
 */
export function generateInputSchema(source: SchemaSource): string {
  const program = TJS.getProgramFromFiles([source.file], { strict: true, strictNullChecks: true, target: 99 /* ESNext */, skipLibCheck: true, types: [] }, dirname(source.file))
  const schema = TJS.generateSchema(program, source.type, { required: true, noExtraProps: true, strictNullChecks: true, ignoreErrors: false, validationKeywords: editorKeywords })
  if (!schema) throw new Error(`typescript-json-schema produced no schema for ${source.type}`)
  resolvePatterns(schema)
  describeForEditors(schema)
  const withId = {
    $schema: schema.$schema,
    $id: source.$id,
    title: source.title,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  }
  return `${JSON.stringify(withId, null, 2)}\n`
}

export function generateSpecSchema(): string {
  return generateInputSchema({ file: inputFile, type: 'SpecInput', $id: specSchemaId, title: 'scanplan spec' })
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

type Node = Record<string, unknown>
const isNode = (u: unknown): u is Node => typeof u === 'object' && u !== null && !Array.isArray(u)

/** One paragraph: JSDoc's line breaks are the source file's, not the reader's. */
const paragraph = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim()
const plain = (markdown: string): string => markdown.replace(/`/g, '')

/**
 * Every property gets `description` (one paragraph) and `markdownDescription` (the description and its first
 * `@examples` value, written as the key in a YAML spec); every enum gets `enumDescriptions`/`markdownEnumDescriptions` from
 * `@specEnumDescriptions`, in the schema's enum order. A property or enum without them is refused, naming it.
 */
function describeForEditors(node: unknown, at = '#'): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => describeForEditors(item, `${at}/${i}`))
    return
  }
  if (!isNode(node)) return
  if (typeof node.description === 'string') node.description = paragraph(node.description)
  if (isNode(node.properties)) {
    for (const [key, property] of Object.entries(node.properties)) {
      if (!isNode(property)) continue
      const where = `${at}/properties/${key}`
      if (typeof property.description !== 'string' || !property.description.trim()) throw new Error(`${where}: write a JSDoc description for \`${key}\``)
      if (!Array.isArray(property.examples) || property.examples.length === 0) throw new Error(`${where}: write \`@examples [<JSON value>]\` for \`${key}\``)
      const description = paragraph(property.description)
      const [example] = property.examples
      // The example lives in the Markdown only: editors that read `examples` would show it a second time.
      delete property.examples
      property.markdownDescription = `${description}\n\nExample:\n\n\`\`\`yaml\n${stringifyYaml({ [key]: example }).trimEnd()}\n\`\`\``
    }
  }
  if ('specEnumDescriptions' in node) {
    const given = node.specEnumDescriptions === 'platforms' ? platformDescriptions() : (node.specEnumDescriptions as Record<string, string>)
    delete node.specEnumDescriptions
    const target = Array.isArray(node.enum) ? node : isNode(node.items) && Array.isArray(node.items.enum) ? node.items : undefined
    if (!target) throw new Error(`${at}: @specEnumDescriptions on a property without an enum`)
    const values = target.enum as string[]
    const missing = values.filter((v) => !(v in given))
    const extra = Object.keys(given).filter((v) => !values.includes(v))
    if (missing.length > 0 || extra.length > 0) throw new Error(`${at}: @specEnumDescriptions must describe exactly ${values.join(', ')} (missing: ${missing.join(', ') || '-'}; unknown: ${extra.join(', ') || '-'})`)
    target.markdownEnumDescriptions = values.map((v) => given[v]!)
    target.enumDescriptions = values.map((v) => plain(given[v]!))
  }
  if (Array.isArray(node.enum) && !('enumDescriptions' in node)) throw new Error(`${at}: an enum needs \`@specEnumDescriptions {"value": "...", ...}\``)
  for (const [key, value] of Object.entries(node)) describeForEditors(value, `${at}/${key}`)
}

/** The platform enum's descriptions, from the platform table (the one place the URLs are written). */
function platformDescriptions(): Record<string, string> {
  return {
    ...Object.fromEntries(publicPlatforms.map((p) => [p.id, `API server ${p.apiServer}, gateway ${p.gateway}`])),
    private: 'a private cloud platform; write its `baseUrl` (and `gateway` when it is not `qualysgateway.<same domain>`)',
  }
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
