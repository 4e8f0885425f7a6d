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

test.run()
