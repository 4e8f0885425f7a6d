import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { parse, stringify } from 'yaml'
import { compileSpec } from './compile.js'

const examples = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples')
const seedText = readFileSync(join(examples, 'seed-azure-org.yaml'), 'utf8')
const multiText = readFileSync(join(examples, 'multi-connector.json'), 'utf8')
const now = new Date('2026-11-22T12:00:00Z')
/** The seed without its comment lines: text mutations then land in data, and each parse is cheaper. */
const seedData = seedText.split('\n').filter((line) => !/^\s*#/.test(line)).map((line) => line.replace(/\s+#.*$/, '')).join('\n')

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Path = (string | number)[]

function paths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])))
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]))
  return out
}

function parentOf(root: Json, path: Path): { parent: Json; key: string | number } | undefined {
  if (path.length === 0) return undefined
  let node: Json = root
  for (const segment of path.slice(0, -1)) node = (node as Record<string | number, Json>)[segment]!
  return { parent: node, key: path[path.length - 1]! }
}

interface Mutation { op: number; at: number; value: Json; word: string }

/** One structural edit of the document: delete, replace with any JSON value, rename a key, add a key, or empty it. */
function mutate(root: Json, m: Mutation): Json {
  const all = paths(root)
  const target = all[m.at % all.length]!
  const found = parentOf(root, target)
  if (!found) return m.op % 2 === 0 ? m.value : root
  const parent = found.parent as Record<string | number, Json>
  switch (m.op % 5) {
    case 0:
      if (Array.isArray(parent)) parent.splice(found.key as number, 1)
      else delete parent[found.key]
      break
    case 1:
      parent[found.key] = m.value
      break
    case 2:
      if (!Array.isArray(parent)) {
        const value = parent[found.key]!
        delete parent[found.key]
        parent[`${String(found.key).slice(0, -1)}${m.word}`] = value
      }
      break
    case 3:
      if (!Array.isArray(parent)) parent[m.word || 'x'] = m.value
      break
    default:
      parent[found.key] = typeof parent[found.key] === 'string' ? m.word : Array.isArray(parent[found.key]) ? [] : {}
  }
  return root
}

const mutation = fc.record({ op: fc.nat(), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, word: fc.string({ maxLength: 6 }) })

/** A spec document: the seed or multi example, structurally mutated and printed as YAML or JSON, or mutated as text. */
const documents = fc.oneof(
  fc.tuple(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([multi, edits, asJson]) => {
    let doc = parse(multi ? multiText : seedText) as Json
    for (const edit of edits) doc = mutate(doc, edit)
    return asJson ? JSON.stringify(doc, null, 2) : stringify(doc)
  }),
  fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.string({ maxLength: 8 })).map(([at, cut, insert]) => {
    const i = at % seedData.length
    return seedData.slice(0, i) + insert + seedData.slice(i + cut)
  }),
)

test('10,000 mutated spec documents: no exception, every failure a diagnostic with a path and a span in the text', () => {
  let failures = 0
  fc.assert(
    fc.property(documents, (text) => {
      const result = compileSpec(text, { file: 'fuzz.yaml', now, profiles: { 'PCI Scan': 240982 } })
      for (const d of result.diagnostics) {
        if (typeof d.path !== 'string') throw new Error(`no path: ${JSON.stringify(d)}`)
        if (d.file !== 'fuzz.yaml') throw new Error(`no file: ${JSON.stringify(d)}`)
        if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length)) throw new Error(`span outside the text: ${JSON.stringify(d)}`)
        if (d.message.trim() === '') throw new Error('empty message')
      }
      const errors = result.diagnostics.filter((d) => d.severity === 'error')
      if (result.ok !== (errors.length === 0)) throw new Error(`ok=${result.ok} with ${errors.length} errors`)
      if (!result.ok) {
        failures++
        if (result.requests.length !== 0) throw new Error('requests from a failed compile')
      } else if (result.requests.length === 0) throw new Error('a successful compile without requests')
    }),
    { seed: 20231005, numRuns: 10_000 },
  )
  // The mutations must actually break documents, or the test proves nothing.
  assert.ok(failures > 5_000, `only ${failures} of 10,000 mutated documents failed`)
})

test.run()
