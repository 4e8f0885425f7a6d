import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Spec } from './codecs.js'
import { specPatterns, type SpecPatternName } from './patterns.js'

/**
 * The schema (generated from input.ts) and the codecs (codecs.ts) describe one contract. This walks both trees
 * together, property by property, and fails on any key, required-ness, enum value, list, alternative or format that
 * one side has and the other lacks.
 */

type Schema = Record<string, any>
const core = join(dirname(fileURLToPath(import.meta.url)), '../..')
const schema = JSON.parse(readFileSync(join(core, 'schema.json'), 'utf8')) as Schema

/** The brands whose format is one of patterns.ts: the schema must carry exactly that pattern. */
const brandPatterns: Record<string, SpecPatternName> = { EnvName: 'envName', Email: 'email', Uuid: 'uuid', IsoDate: 'isoDate', Duration: 'duration' }

function deref(root: Schema, node: Schema): Schema {
  let current = node
  while (current.$ref) current = root.definitions[String(current.$ref).replace('#/definitions/', '')]
  return current
}

type Codec = t.Decoder<unknown, unknown> & { _tag?: string; name: string }
const tag = (c: unknown) => (c as { _tag?: string })._tag

/** The JSON type a codec accepts at the top: object, string, number, integer, boolean, array, null. */
function kindOf(codec: Codec): string {
  const c = codec as any
  if (c.required && c.optional) return 'object'
  switch (tag(c)) {
    case 'StringType': case 'KeyofType': return 'string'
    case 'NumberType': return 'number'
    case 'BooleanType': return 'boolean'
    case 'ArrayType': return 'array'
    case 'NullType': return 'null'
    case 'LiteralType': return typeof c.value
    case 'RefinementType': return c.name === 'Int' || tag(c.type) === 'RefinementType' && c.type.name === 'Int' ? 'integer' : kindOf(c.type)
    default: throw new Error(`no kind for codec ${c.name} (${String(tag(c))})`)
  }
}

function alternatives(codec: Codec): Codec[] | undefined {
  const c = codec as any
  if (c.members) return c.members
  if (tag(c) === 'UnionType') return c.types
  return undefined
}

/** A schema node split into one node per JSON type it allows (`type: [string, number]`, `anyOf`). */
function schemaAlternatives(root: Schema, node: Schema): Schema[] {
  const n = deref(root, node)
  if (n.anyOf) return n.anyOf.flatMap((member: Schema) => schemaAlternatives(root, { ...n, anyOf: undefined, ...deref(root, member) }))
  if (Array.isArray(n.type)) return n.type.map((type: string) => ({ ...n, type }))
  return [n]
}

function schemaKind(n: Schema): string {
  if (n.type) return n.type
  if (n.enum) return typeof n.enum[0]
  if ('const' in n) return typeof n.const
  throw new Error(`no type in schema node ${JSON.stringify(n)}`)
}

function compatible(codecKind: string, schemaKindName: string): boolean {
  return codecKind === schemaKindName || (codecKind === 'integer' && schemaKindName === 'number')
}

function objectKeys(codec: Codec): string[] {
  const c = codec as any
  return [...Object.keys(c.required), ...Object.keys(c.optional)].sort()
}

function walk(root: Schema, node: Schema, codec: Codec, at: string): string[] {
  const problems: string[] = []
  const codecAlternatives = alternatives(codec)
  const schemaOptions = schemaAlternatives(root, node)
  if (codecAlternatives || schemaOptions.length > 1) {
    const members = codecAlternatives ?? [codec]
    const unmatched = [...schemaOptions]
    for (const member of members) {
      const kind = kindOf(member)
      const index = unmatched.findIndex((s) => compatible(kind, schemaKind(s)) && (kind !== 'object' || JSON.stringify(Object.keys(s.properties ?? {}).sort()) === JSON.stringify(objectKeys(member))))
      if (index === -1) {
        problems.push(`${at}: the codec accepts ${kind} (${member.name}), the schema does not`)
        continue
      }
      problems.push(...walkOne(root, unmatched.splice(index, 1)[0]!, member, at))
    }
    for (const extra of unmatched) problems.push(`${at}: the schema accepts ${schemaKind(extra)}, the codec does not`)
    return problems
  }
  return walkOne(root, schemaOptions[0]!, codec, at)
}

function walkOne(root: Schema, n: Schema, codec: Codec, at: string): string[] {
  const c = codec as any
  const problems: string[] = []
  const kind = kindOf(codec)
  if (!compatible(kind, schemaKind(n))) return [`${at}: the codec wants ${kind}, the schema ${schemaKind(n)}`]
  if (kind === 'object') {
    const schemaKeys = Object.keys(n.properties ?? {}).sort()
    const codecKeys = objectKeys(codec)
    for (const key of codecKeys) if (!schemaKeys.includes(key)) problems.push(`${at}.${key}: in the codec, not in the schema`)
    for (const key of schemaKeys) if (!codecKeys.includes(key)) problems.push(`${at}.${key}: in the schema, not in the codec`)
    if (n.additionalProperties !== false) problems.push(`${at}: the schema allows unknown keys, the codec refuses them`)
    const required = [...(n.required ?? [])].sort()
    if (JSON.stringify(required) !== JSON.stringify(Object.keys(c.required).sort())) problems.push(`${at}: required keys differ: schema ${required.join(',')}, codec ${Object.keys(c.required).sort().join(',')}`)
    for (const key of codecKeys) {
      if (schemaKeys.includes(key)) problems.push(...walk(root, n.properties[key], c.required[key] ?? c.optional[key], `${at}.${key}`))
    }
    return problems
  }
  if (kind === 'array') return walk(root, n.items, c.type, `${at}[]`)
  if (tag(c) === 'KeyofType') {
    const codecValues = Object.keys(c.keys).sort()
    const schemaValues = [...(n.enum ?? [])].sort()
    if (JSON.stringify(codecValues) !== JSON.stringify(schemaValues)) problems.push(`${at}: values differ: schema ${schemaValues.join(',')}, codec ${codecValues.join(',')}`)
    return problems
  }
  if (tag(c) === 'LiteralType') {
    const schemaValue = 'const' in n ? n.const : n.enum?.length === 1 ? n.enum[0] : undefined
    if (schemaValue !== c.value) problems.push(`${at}: the codec wants \`${String(c.value)}\`, the schema ${JSON.stringify(schemaValue)}`)
    return problems
  }
  const patternName = tag(c) === 'RefinementType' ? brandPatterns[c.name] : undefined
  if (patternName && n.pattern !== specPatterns[patternName].regex.source) problems.push(`${at}: the codec checks the \`${patternName}\` format, the schema ${n.pattern ? `the pattern ${n.pattern}` : 'no pattern'}`)
  if (!patternName && n.pattern) problems.push(`${at}: the schema has a pattern the codec (${c.name}) does not check`)
  return problems
}

/** Keys the layering (layers.ts) takes away before the codec sees the spec: the schema has them, the codec never. */
const layeringKeys = ['spec.connectorDefaults: in the schema, not in the codec', 'spec.extends: in the schema, not in the codec']

test('every property of schema.json has its codec and every codec key its schema property, with the same formats', () => {
  const problems = walk(schema, schema, Spec as unknown as Codec, 'spec')
  assert.equal(problems.filter((p) => !layeringKeys.includes(p)), [])
  assert.equal(problems.filter((p) => layeringKeys.includes(p)), layeringKeys)
})

test('the walk notices a property one side lacks, a required key, an enum value and a format', () => {
  const mutants: [string, (s: Schema) => void, RegExp][] = [
    ['extra schema key', (s) => { s.definitions.SourceInput.properties.token = { type: 'string' } }, /source\.token: in the schema, not in the codec/],
    ['missing schema key', (s) => { delete s.definitions.SourceInput.properties.gateway }, /source\.gateway: in the codec, not in the schema/],
    ['required differs', (s) => { s.definitions.SourceInput.required.push('password') }, /source: required keys differ/],
    ['enum differs', (s) => { s.definitions.SourceInput.properties.auth.enum.push('token') }, /source\.auth: values differ/],
    ['pattern differs', (s) => { s.definitions.EnvSecretInput.properties.env.pattern = '^.*$' }, /env: the codec checks the `envName` format/],
    ['alternative lost', (s) => { s.definitions.SecretRefInput.anyOf.pop() }, /\.secret: the codec accepts object \(FileSecret\)/],
  ]
  for (const [label, mutate, expected] of mutants) {
    const copy = structuredClone(schema)
    mutate(copy)
    const problems = walk(copy, copy, Spec as unknown as Codec, 'spec')
    assert.ok(problems.some((p) => expected.test(p)), `${label}: ${problems.join('; ') || 'no problem found'}`)
  }
})

test('each pattern accepts its own example', () => {
  for (const [name, pattern] of Object.entries(specPatterns)) assert.ok(pattern.regex.test(pattern.example), name)
})

test.run()
