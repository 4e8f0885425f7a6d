import data from 'moment-timezone/data/packed/latest.json' with { type: 'json' }
import { deflateRawSync } from 'node:zlib'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { buildZoneTable, renderZoneTableModule, type PackedTzData } from './zone-table.js'
import { zoneTable } from './zone-table.generated.js'
import { unpackZone } from './tz-unpack.js'
import { inflateZoneText, lookupZone, zoneInfo } from './zones.js'

const packed = data as PackedTzData
const regenerate = 'regenerate it: pnpm --filter @scanplan/core zones:generate'

test('the checked-in zone table is the one the pinned moment-timezone data gives', () => {
  const rebuilt = buildZoneTable(packed, (bytes) => deflateRawSync(bytes))
  assert.is(zoneTable.version, packed.version, `zone-table.generated.ts is tzdata ${zoneTable.version}, moment-timezone has ${packed.version}: ${regenerate}`)
  assert.equal(zoneTable.names, rebuilt.names, `names differ: ${regenerate}`)
  assert.equal(zoneTable.countryZones, rebuilt.countryZones, `countryZones differ: ${regenerate}`)
  assert.is(zoneTable.zones.length, rebuilt.zones.length, `zone count differs: ${regenerate}`)
  // Compared inflated: another zlib may deflate the same text to other bytes.
  zoneTable.zones.forEach(([length, base64], i) => {
    const [rebuiltLength, rebuiltBase64] = rebuilt.zones[i]!
    assert.is(length, rebuiltLength)
    assert.is(inflateZoneText(length, base64), inflateZoneText(rebuiltLength, rebuiltBase64), `zone ${i} differs: ${regenerate}`)
  })
})

test('every zone of the dataset reads back with its exact transitions through its canonical name', () => {
  for (const z of packed.zones) {
    const name = z.slice(0, z.indexOf('|'))
    const found = lookupZone(name)
    assert.ok(found, name)
    const ours = zoneInfo(found.canonical)
    const theirs = unpackZone(z)
    assert.equal(ours.untils, theirs.untils, `${name} (as ${found.canonical})`)
    assert.equal(ours.offsets, theirs.offsets.map((o) => (o === 0 ? 0 : -o)), `${name} (as ${found.canonical})`)
  }
})

test('the table is compact: under 100 KB, against 726 KB of packed JSON', () => {
  const size = renderZoneTableModule(zoneTable, 'test').length
  assert.ok(size < 100_000, `${size} bytes`)
})

test('every name of the table resolves, canonical names resolve to themselves, and links keep their spelling', () => {
  for (const [spelled, canonical] of zoneTable.names) {
    const found = lookupZone(spelled.toUpperCase())
    assert.ok(found, spelled)
    assert.is(found.spelled, spelled)
    assert.is(found.canonical, zoneTable.names[canonical]![0])
    assert.is(lookupZone(found.canonical)?.canonical, found.canonical)
  }
  assert.equal(lookupZone('europe/kiev'), { canonical: 'Europe/Kyiv', spelled: 'Europe/Kiev' })
  assert.equal(lookupZone('Etc/GMT-0'), { canonical: 'UTC', spelled: 'Etc/GMT-0' })
  assert.is(lookupZone('Singapore')?.canonical, 'Asia/Singapore')
  assert.is(lookupZone('Europe/Oslo')?.canonical, 'Europe/Oslo')
})

test('renderZoneTableModule refuses text it could not embed unescaped', () => {
  assert.throws(() => renderZoneTableModule({ ...zoneTable, version: "2026'f" }, 'test'), /unexpected character/)
})

test.run()
