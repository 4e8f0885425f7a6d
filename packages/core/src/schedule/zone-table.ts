/**
 * The zone table: the pinned time zone database in the form the compiler reads at start-up, built ahead of time from
 * moment-timezone's packed data by `pnpm --filter @scanplan/core zones:generate` (zone-table.generated.ts).
 *
 * Why not read moment-timezone's JSON at run time: it is 726 KB, mostly transitions computed out to 2499, and a
 * `scanplan schedule PHRASE` paid about 13 ms to scan and parse it plus 3-6 ms to index its 600 names before
 * compiling a single phrase (docs/performance.md, "CLI start-up"). Here the names are resolved to their canonical
 * spelling once, at build time, and each zone's packed string is deflated on its own and inflated (tiny-inflate) only
 * when a phrase names that zone: 85 KB in all, every transition kept.
 */
export interface ZoneTable {
  /** The tzdata release, e.g. `2026f`. */
  version: string
  /**
   * Every name the database knows, canonical names first (in the order suggestions list them): the name as the
   * database spells it, the index (in `names`) of its canonical name, and the index (in `zones`) of its data.
   */
  names: [spelled: string, canonical: number, zone: number][]
  /** Each distinct zone's packed moment-timezone string without its name: its length, and the text raw-deflated, base64. */
  zones: [length: number, deflated: string][]
  /** Indices (in `names`) of the canonical names of places people live (zone.tab), for suggestions by offset. */
  countryZones: number[]
}

/** moment-timezone's `data/packed/latest.json`. */
export interface PackedTzData {
  version: string
  zones: string[]
  links: string[]
  countries: string[]
}

/** `Asia/Hong_Kong` and `Hongkong` name the same place. */
function placeKey(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1).toLowerCase().replace(/[_-]/g, '')
}

const UTC_FAMILY_ROOTS = new Set(['Etc/UTC', 'Etc/GMT-0'])

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Deflate without a header (RFC 1951). The generator passes node:zlib's `deflateRawSync`; core itself stays pure. */
export type DeflateRaw = (bytes: Uint8Array) => Uint8Array

export function buildZoneTable(data: PackedTzData, deflateRaw: DeflateRaw): ZoneTable {
  const packedByName = new Map<string, string>()
  for (const z of data.zones) packedByName.set(z.slice(0, z.indexOf('|')), z)
  const inCountries = new Set(data.countries.flatMap((c) => c.slice(c.indexOf('|') + 1).split(' ')))
  const linkTarget = new Map<string, string>()
  const partners = new Map<string, string[]>()
  for (const l of data.links) {
    const [target, alias] = l.split('|') as [string, string]
    linkTarget.set(alias, target)
    partners.set(target, [...(partners.get(target) ?? []), alias])
  }
  // moment-timezone keeps some renamed zones under their old names (`Europe/Kiev`, the reverse of tzdb since 2022b);
  // such a zone's canonical name is the partner that zone.tab lists, preferring one in the same area.
  const canonicalOfZone = (zone: string): string => {
    if (UTC_FAMILY_ROOTS.has(zone)) return 'UTC'
    if (inCountries.has(zone)) return zone
    const listed = (partners.get(zone) ?? []).filter((p) => inCountries.has(p))
    const area = zone.slice(0, zone.indexOf('/') + 1)
    return listed.find((p) => area !== '' && p.startsWith(area)) ?? listed[0] ?? zone
  }
  const byLower = new Map<string, { canonical: string; spelled: string }>()
  for (const zone of packedByName.keys()) byLower.set(zone.toLowerCase(), { canonical: canonicalOfZone(zone), spelled: zone })
  for (const [alias, target] of linkTarget) {
    const rootCanonical = canonicalOfZone(target)
    // A name zone.tab lists for a country stays as written (`Europe/Oslo` is not rewritten to `Europe/Berlin`),
    // and an old name goes to the listed place it names (`Singapore` -> `Asia/Singapore`, although the data merges
    // it into `Asia/Kuala_Lumpur`).
    const place = placeKey(alias)
    const samePlace = [target, ...(partners.get(target) ?? [])].find((n) => inCountries.has(n) && placeKey(n) === place)
    const canonical = rootCanonical === 'UTC' ? 'UTC' : inCountries.has(alias) ? alias : (samePlace ?? rootCanonical)
    byLower.set(alias.toLowerCase(), { canonical, spelled: alias })
    if (!packedByName.has(alias)) packedByName.set(alias, packedByName.get(target)!)
  }
  packedByName.set('UTC', packedByName.get('Etc/UTC')!)

  const canonicalNames = [...new Set([...byLower.values()].map((l) => l.canonical))]
  const spellings = [...byLower.values()].map((l) => l.spelled)
  const names = [...new Set([...canonicalNames, ...spellings])]
  const position = new Map(names.map((n, i) => [n, i]))
  const zones: [number, string][] = []
  const zoneOfPacked = new Map<string, number>()
  const entries = names.map((name): [string, number, number] => {
    const lookup = byLower.get(name.toLowerCase())
    const canonical = lookup?.canonical ?? name
    // Data travels with the name that resolves to it, so `zoneInfo(canonical)` reads the canonical zone's transitions.
    const packed = packedByName.get(canonical) ?? packedByName.get(name)
    if (packed === undefined) throw new Error(`zone table: no data for ${name} (canonical ${canonical})`)
    const body = packed.slice(packed.indexOf('|'))
    let zone = zoneOfPacked.get(body)
    if (zone === undefined) {
      zone = zones.length
      zoneOfPacked.set(body, zone)
      zones.push([body.length, toBase64(deflateRaw(Uint8Array.from(body, (c) => c.charCodeAt(0))))])
    }
    return [name, position.get(canonical)!, zone]
  })
  for (const [name, canonical] of entries) {
    if (entries[canonical]![1] !== canonical) throw new Error(`zone table: the canonical name of ${name} is not canonical itself`)
  }
  const countryZones = [...new Set([...inCountries].map((z) => byLower.get(z.toLowerCase())?.canonical ?? z))].map((n) => position.get(n)!)
  return { version: data.version, names: entries, zones, countryZones }
}

/** The generated module's text: the table as a JSON.parse'd string (V8 reads JSON faster than an object literal). */
export function renderZoneTableModule(table: ZoneTable, source: string): string {
  const json = JSON.stringify(table)
  // Names and base64 hold none of these, so the JSON can sit in a single-quoted literal unescaped.
  if (/['\\\n\r\u2028\u2029]/.test(json)) throw new Error('zone table: unexpected character in the table')
  return [
    `// Generated by scripts/generate-zone-table.ts from ${source}. Do not edit:`,
    '// run `pnpm --filter @scanplan/core zones:generate` after updating moment-timezone.',
    "import type { ZoneTable } from './zone-table.js'",
    '',
    `export const zoneTable: ZoneTable = JSON.parse('${json}')`,
    '',
  ].join('\n')
}
