import moment from 'moment-timezone'
import data from 'moment-timezone/data/packed/latest.json' with { type: 'json' }
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { unpackZone } from './tz-unpack.js'

test('unpackZone decodes every zone of the pinned dataset exactly as moment-timezone does', () => {
  const zones = (data as { zones: string[] }).zones
  assert.ok(zones.length > 300)
  const reference = moment.tz as unknown as { unpack(packed: string): { untils: number[]; offsets: number[]; population: number } }
  for (const packed of zones) {
    const ours = unpackZone(packed)
    const theirs = reference.unpack(packed)
    assert.equal(ours, { untils: theirs.untils, offsets: theirs.offsets, population: theirs.population }, packed.slice(0, packed.indexOf('|')))
  }
})

test.run()
