import { readFileSync } from 'node:fs'
import { compileSchedule, compileSpec, type Schedule } from '@scanplan/core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { perimeterScanYaml } from './spec-yaml.js'

const now = new Date('2026-11-22T10:00:00Z')
const seed = readFileSync(new URL('../../../examples/seed-azure-org.yaml', import.meta.url), 'utf8')

function schedule(phrase: string): Schedule {
  const result = compileSchedule(phrase, { now })
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
  return result.schedule
}

/** The seed spec with its perimeterScan block replaced by `block`, indented to the connector's level. */
function specWith(block: string): string {
  const indented = block.replace(/^(?=.)/gm, '    ')
  const replaced = seed.replace(/^ {4}perimeterScan:\n(?: {6}.*\n)*/m, indented)
  assert.is.not(replaced, seed)
  return replaced
}

test('the copied block, pasted into a spec, compiles to the same scan configuration', () => {
  const block = perimeterScanYaml(schedule('on sat,sun at 11am Africa/Nairobi starting 2027-01-09 prefix "edge scan" using profile 240981'))
  const result = compileSpec(specWith(block), { file: 'spec.yaml', now })
  assert.ok(result.ok, JSON.stringify(result.diagnostics))
  assert.equal(result.requests[0]!.body.connectorScanConfig, {
    scanPrefix: 'edge scan',
    optionProfileId: 240981,
    recurrence: 'WEEKLY',
    startDate: '01/09/2027',
    startTime: '11:00',
    timezone: 'Africa/Nairobi',
    daysOfWeek: ['SUN', 'SAT'],
  })
})

test('a profile title is kept as a title, quoted, for online resolution', () => {
  const block = perimeterScanYaml(schedule('daily at 02:30 America/New_York prefix nightly using profile "PCI: weekly #2"'))
  assert.is(block, 'perimeterScan:\n  schedule: "daily at 02:30 America/New_York"\n  prefix: "nightly"\n  optionProfile: "PCI: weekly #2"\n')
  const result = compileSpec(specWith(block), { file: 'spec.yaml', now, profiles: { 'PCI: weekly #2': 77 } })
  assert.ok(result.ok, JSON.stringify(result.diagnostics))
  assert.is(result.requests[0]!.body.connectorScanConfig!.optionProfileId, 77)
})

test('without prefix and profile the block names both as required, and the spec compiler agrees', () => {
  const block = perimeterScanYaml(schedule('weekdays at 07:45 in Asia/Singapore'))
  assert.match(block, /^ {2}# prefix: .*required/m)
  assert.match(block, /^ {2}# optionProfile: .*required/m)
  const result = compileSpec(specWith(block), { file: 'spec.yaml', now })
  assert.not.ok(result.ok)
  assert.ok(result.diagnostics.some((d) => d.code === 'SPEC043'), JSON.stringify(result.diagnostics.map((d) => d.code)))
})

test.run()
