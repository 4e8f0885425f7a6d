import packedData from 'moment-timezone/data/packed/latest.json' with { type: 'json' }
import { editDistance, suggestionLimit } from '../suggest/distance.js'
import { unpackZone } from './tz-unpack.js'

/**
 * The pinned time zone database: moment-timezone's bundled packed data (its version is `TZ_DATA_VERSION`),
 * unpacked on demand and once per zone: the DST checks read the transition arrays directly (no per-call
 * wall-clock conversion), and Moment itself is never loaded (see tz-unpack.ts).
 */
const data = packedData as { version: string; zones: string[]; links: string[]; countries: string[] }

export const TZ_DATA_VERSION = data.version

export interface ZoneInfo {
  /** Canonical name. */
  name: string
  /** UTC instants (ms) at which `offsets[i]` stops applying; the last is Infinity. */
  untils: number[]
  /** UTC offsets in minutes EAST of UTC (the opposite sign of moment's, which follows getTimezoneOffset). */
  offsets: number[]
  population: number
}

export interface ZoneLookup {
  /** The canonical name (tzdb's, with `UTC` for the UTC family). */
  canonical: string
  /** The name as the database spells it (case fixed). */
  spelled: string
}

interface ZoneIndex {
  byLower: Map<string, ZoneLookup>
  packedByName: Map<string, string>
  /** Canonical names of places people live (zone.tab), for suggestions by offset. */
  countryZones: string[]
  /** Every name the database knows, spelled canonically first, and the same lower-cased. */
  allNames: string[]
  allNamesLower: string[]
  lastSegments: Map<string, string[]>
}

let index: ZoneIndex | undefined

/** `Asia/Hong_Kong` and `Hongkong` name the same place. */
function placeKey(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1).toLowerCase().replace(/[_-]/g, '')
}

const UTC_FAMILY_ROOTS = new Set(['Etc/UTC', 'Etc/GMT-0'])

function buildIndex(): ZoneIndex {
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
  const byLower = new Map<string, ZoneLookup>()
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
  const allNames = [...new Set([...canonicalNames, ...[...byLower.values()].map((l) => l.spelled)])]
  const lastSegments = new Map<string, string[]>()
  for (const name of canonicalNames) {
    const last = name.slice(name.lastIndexOf('/') + 1).toLowerCase()
    lastSegments.set(last, [...(lastSegments.get(last) ?? []), name])
  }
  const countryZones = [...new Set([...inCountries].map((z) => byLower.get(z.toLowerCase())?.canonical ?? z))]
  return { byLower, packedByName, countryZones, allNames, allNamesLower: allNames.map((n) => n.toLowerCase()), lastSegments }
}

function zoneIndex(): ZoneIndex {
  index ??= buildIndex()
  return index
}

/** Finds a zone by name, case-insensitively. */
export function lookupZone(name: string): ZoneLookup | undefined {
  return zoneIndex().byLower.get(name.toLowerCase())
}

const infoCache = new Map<string, ZoneInfo>()

/** The transition arrays of a canonical zone, unpacked once. */
export function zoneInfo(canonical: string): ZoneInfo {
  const cached = infoCache.get(canonical)
  if (cached) return cached
  const packed = zoneIndex().packedByName.get(canonical)
  if (packed === undefined) throw new Error(`zoneInfo: ${canonical} is not a canonical zone name`)
  const unpacked = unpackZone(packed)
  const info: ZoneInfo = { name: canonical, untils: unpacked.untils, offsets: unpacked.offsets.map((o) => (o === 0 ? 0 : -o)), population: unpacked.population ?? 0 }
  infoCache.set(canonical, info)
  return info
}

/** Index of the offset in force at a UTC instant. */
export function offsetIndexAt(zone: ZoneInfo, utcMs: number): number {
  const untils = zone.untils
  let lo = 0
  let hi = untils.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (untils[mid]! > utcMs) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** The UTC offset (minutes east) in force at a UTC instant. */
export function offsetAt(zone: ZoneInfo, utcMs: number): number {
  return zone.offsets[offsetIndexAt(zone, utcMs)]!
}

/** Zones whose last segment is `word` (`Colombo` -> `Asia/Colombo`), without any distance computation. */
export function zonesForPlace(word: string): string[] {
  return zoneIndex().lastSegments.get(word.toLowerCase().replace(/ /g, '_')) ?? []
}

const suggestionCache = new Map<string, string[]>()

/** Zones close to an unknown name: by the last segment (`Colombo`) and by edit distance over all names. */
export function suggestZones(written: string, max = 4): string[] {
  const key = `${max}|${written.toLowerCase()}`
  const cached = suggestionCache.get(key)
  if (cached) return [...cached]
  const found = computeSuggestions(written, max)
  // Memoized because editors and the fuzz tests ask about the same typo repeatedly; bounded so it cannot grow.
  if (suggestionCache.size >= 512) suggestionCache.clear()
  suggestionCache.set(key, found)
  return [...found]
}

function computeSuggestions(written: string, max: number): string[] {
  const idx = zoneIndex()
  const out: string[] = []
  const add = (name: string) => {
    const canonical = idx.byLower.get(name.toLowerCase())?.canonical ?? name
    if (!out.includes(canonical)) out.push(canonical)
  }
  const needle = written.toLowerCase()
  const last = needle.slice(needle.lastIndexOf('/') + 1).replace(/ /g, '_')
  for (const name of idx.lastSegments.get(last) ?? []) add(name)
  // Only the closest: `Europe/Lisbn` should suggest `Europe/Lisbon`, not every `Europe/L...`.
  const limit = suggestionLimit(needle)
  let best = limit + 1
  let closest: string[] = []
  for (let i = 0; i < idx.allNamesLower.length; i++) {
    const d = editDistance(needle, idx.allNamesLower[i]!, Math.min(limit, best))
    if (d < best) {
      best = d
      closest = [idx.allNames[i]!]
    } else if (d === best && d <= limit) closest.push(idx.allNames[i]!)
  }
  closest.forEach(add)
  if (out.length === 0 && last.length >= 4) {
    for (const [segment, names] of idx.lastSegments) {
      if (editDistance(last, segment, 2) <= (last.length >= 6 ? 2 : 1)) names.forEach(add)
      if (out.length >= max) break
    }
  }
  return out.slice(0, max)
}

const offsetCache = new Map<string, string[]>()

/** Places (zone.tab zones) whose offset on the day of `utcMs` is `offsetMinutes`, most populous first. */
export function zonesWithOffset(offsetMinutes: number, utcMs: number, max = 4): string[] {
  const day = Math.floor(utcMs / 86_400_000)
  const key = `${offsetMinutes}|${day}|${max}`
  let found = offsetCache.get(key)
  if (!found) {
    const noon = day * 86_400_000 + 43_200_000
    found = zoneIndex()
      .countryZones.map((name) => zoneInfo(name))
      .filter((z) => offsetAt(z, noon) === offsetMinutes)
      .sort((a, b) => b.population - a.population)
      .slice(0, max)
      .map((z) => z.name)
    if (offsetCache.size >= 256) offsetCache.clear()
    offsetCache.set(key, found)
  }
  return [...found]
}
