import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadProfiles } from './profiles.js'

test('a YAML or JSON mapping of titles to ids', () => {
  assert.equal(loadProfiles('"Initial Options": 240981\nPCI Scan: 240982\n'), { ok: true, profiles: { 'Initial Options': 240981, 'PCI Scan': 240982 }, diagnostics: [] })
  assert.equal(loadProfiles('{"A": 1}'), { ok: true, profiles: { A: 1 }, diagnostics: [] })
})

test('ids that are not positive whole numbers are errors at their title', () => {
  const text = 'Good: 1\nBad: "12"\nWorse: 1.5\n'
  const result = loadProfiles(text, { file: 'p.yaml' })
  assert.not.ok(result.ok)
  assert.equal(result.diagnostics.map((d) => [d.path, text.slice(d.span.start, d.span.end), d.file]), [['Bad', '"12"', 'p.yaml'], ['Worse', '1.5', 'p.yaml']])
  assert.match(loadProfiles('- 1\n').diagnostics[0]!.message, /maps option profile titles to ids/)
  assert.is(loadProfiles('a: [').diagnostics[0]!.code, 'SPEC001')
})

test('keyed by site: one section of titles per account (ids differ per subscription)', () => {
  const text = 'acme-prod:\n  "Initial Options": 240981\nglobex:\n  "Initial Options": 51451402\n  Standard Perimeter: 51451401\n'
  assert.equal(loadProfiles(text), { ok: true, profiles: {}, bySite: { 'acme-prod': { 'Initial Options': 240981 }, globex: { 'Initial Options': 51451402, 'Standard Perimeter': 51451401 } }, diagnostics: [] })
  const bad = 'acme-prod:\n  "Initial Options": x\n'
  const result = loadProfiles(bad, { file: 'p.yaml' })
  assert.equal(result.diagnostics.map((d) => [d.path, bad.slice(d.span.start, d.span.end), d.message]), [['acme-prod.Initial Options', 'x', 'the id of option profile `Initial Options` (site `acme-prod`) is not a positive whole number']])
})

test('the two forms do not mix: a title beside site sections is an error at the title', () => {
  const text = 'acme-prod:\n  "Initial Options": 240981\n"PCI Scan": 240982\n'
  const result = loadProfiles(text)
  assert.not.ok(result.ok)
  const [d] = result.diagnostics
  assert.is(text.slice(d!.span.start, d!.span.end), '240982')
  assert.match(d!.message, /`PCI Scan` is a title with an id, but the file is keyed by site \(`acme-prod`\)/)
})

test.run()
