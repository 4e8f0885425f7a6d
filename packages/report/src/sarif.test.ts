import { readFileSync } from 'node:fs'
import ajvDraft04 from 'ajv-draft-04'
import ajvFormats from 'ajv-formats'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sarifLog } from './sarif.js'
import { compiled, file, misspelledKey, misspelledZone, withRelatedAndFix } from './test-fixtures/diagnostics.js'

const schema = JSON.parse(readFileSync(new URL('./test-fixtures/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'))
// unicodeRegExp off: the schema's `language` pattern (`...[a-zA-Z]{2}]?$`) has a stray `]` that only non-unicode
// regular expressions accept, as every validator of its time compiled it.
// Both are CommonJS with `exports.default` set: `.default` is the class (the plugin) under tsc's types and at run time.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false })
ajvFormats.default(ajv)
const validate = ajv.compile(schema)

function assertValidSarif(log: unknown) {
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2))
}

test('real compiler diagnostics make a SARIF 2.1.0 log that the official schema accepts', () => {
  const diagnostics = [...compiled(misspelledKey), ...compiled(misspelledZone, 'specs/zone.yaml'), withRelatedAndFix(misspelledZone)]
  assert.ok(diagnostics.length >= 3)
  const log = sarifLog(diagnostics, { sources: new Map([[file, misspelledKey], ['specs/zone.yaml', misspelledZone]]), version: '1.2.3' })
  assertValidSarif(log)
  const run = log.runs[0]!
  assert.equal(run.tool.driver.rules.map((r) => r.id), [...new Set(diagnostics.map((d) => d.code))].sort())
  assert.is(run.results.length, diagnostics.length)
  for (const r of run.results) assert.is(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId)
})

test('a result points at the span: 1-based line and UTF-16 column, exclusive end, the file as a relative URI', () => {
  const [d] = compiled(misspelledKey)
  const log = sarifLog([d!], { sources: new Map([[file, misspelledKey]]), version: '1.2.3' })
  const offset = misspelledKey.indexOf('descripton')
  const line = misspelledKey.slice(0, offset).split('\n').length
  const column = offset - misspelledKey.lastIndexOf('\n', offset)
  assert.equal(log.runs[0]!.results[0], {
    ruleId: 'SPEC002',
    ruleIndex: 0,
    level: 'error',
    message: { text: 'unknown key `descripton` at `connectors[0].descripton`\nhelp: did you mean `description`?' },
    locations: [{ physicalLocation: { artifactLocation: { uri: 'specs/acme%20prod.yaml' }, region: { startLine: line, startColumn: column, endLine: line, endColumn: column + 10, charOffset: offset, charLength: 10 } } }],
  })
  assert.equal(log.runs[0]!.tool.driver.rules[0], { id: 'SPEC002', shortDescription: { text: 'unknown or duplicate key' }, helpUri: 'https://github.com/scanplan/scanplan/blob/main/docs/spec.md#spec002', defaultConfiguration: { level: 'error' } })
})

test('related spans become relatedLocations, machine-applicable suggestions fixes; the log stays valid', () => {
  const log = sarifLog([withRelatedAndFix(misspelledZone)], { sources: new Map([[file, misspelledZone]]), version: '1.2.3' })
  assertValidSarif(log)
  const result = log.runs[0]!.results[0]! as Record<string, unknown>
  assert.is((result.relatedLocations as { message: { text: string } }[])[0]!.message.text, 'the other clause')
  assert.is((result.fixes as { artifactChanges: { replacements: { insertedContent: { text: string } }[] }[] }[])[0]!.artifactChanges[0]!.replacements[0]!.insertedContent.text, 'weekly')
})

test('no diagnostics: an empty run, still valid', () => {
  const log = sarifLog([], { sources: new Map(), version: '1.2.3' })
  assertValidSarif(log)
  assert.equal(log.runs[0]!.results, [])
})

test.run()
