/// <reference path="./tiny-inflate.d.ts" />
// tiny-inflate rather than fflate: fflate builds its tables at import, about 5 ms on every start-up even when no zone
// is inflated; tiny-inflate's set-up is a few hundred steps.
import inflateRaw from 'tiny-inflate'
import { suggestionLimit } from '../suggest/distance.js'
import { WordIndex } from '../suggest/word-index.js'
import { unpackZone } from './tz-unpack.js'
import { zoneTable } from './zone-table.generated.js'

/**
 * The pinned time zone database: moment-timezone's packed data (its version is `TZ_DATA_VERSION`), with the names
 * resolved at build time (zone-table.ts) and each zone inflated and unpacked on demand, once: the DST checks read the
 * transition arrays directly (no per-call wall-clock conversion), and Moment itself is never loaded (see tz-unpack.ts).
 */
export const TZ_DATA_VERSION = zoneTable.version

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
  /** Where each canonical name sits in the table. */
  entryOfCanonical: Map<string, number>
  /** Every name the database knows, spelled canonically first, and the same lower-cased. */
  allNames: string[]
  allNamesLower: string[]
  lastSegments: Map<string, string[]>
}

let index: ZoneIndex | undefined

function buildIndex(): ZoneIndex {
  const names = zoneTable.names
  const byLower = new Map<string, ZoneLookup>()
  const allNames: string[] = []
  const allNamesLower: string[] = []
  const lastSegments = new Map<string, string[]>()
  const entryOfCanonical = new Map<string, number>()
  for (const [spelled, canonical] of names) {
    const lower = spelled.toLowerCase()
    byLower.set(lower, { canonical: names[canonical]![0], spelled })
    allNames.push(spelled)
    allNamesLower.push(lower)
  }
  for (let i = 0; i < names.length; i++) {
    if (names[i]![1] !== i) continue
    entryOfCanonical.set(names[i]![0], i)
    const last = allNamesLower[i]!.slice(allNamesLower[i]!.lastIndexOf('/') + 1)
    const found = lastSegments.get(last)
    if (found) found.push(names[i]![0])
    else lastSegments.set(last, [names[i]![0]])
  }
  return { byLower, entryOfCanonical, allNames, allNamesLower, lastSegments }
}

function zoneIndex(): ZoneIndex {
  index ??= buildIndex()
  return index
}

/** Finds a zone by name, case-insensitively. */
export function lookupZone(name: string): ZoneLookup | undefined {
  return zoneIndex().byLower.get(name.toLowerCase())
}

/** A zone's packed text (ASCII) from the table's deflated base64. */
export function inflateZoneText(length: number, base64: string): string {
  const text = inflateRaw(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)), new Uint8Array(length))
  let out = ''
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(text[i]!)
  return out
}

const infoCache = new Map<string, ZoneInfo>()

/** The transition arrays of a canonical zone, unpacked once. */
export function zoneInfo(canonical: string): ZoneInfo {
  const cached = infoCache.get(canonical)
  if (cached) return cached
  const at = zoneIndex().entryOfCanonical.get(canonical)
  if (at === undefined) throw new Error(`zoneInfo: ${canonical} is not a canonical zone name`)
  const [length, base64] = zoneTable.zones[zoneTable.names[at]![2]]!
  const packed = canonical + inflateZoneText(length, base64)
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

interface ZoneTypoIndex {
  /** Over `allNamesLower`. */
  names: WordIndex
  /** Over the last segments (`colombo`), with the canonical names ending in each. */
  segments: WordIndex
  segmentNames: string[][]
}

let typoIndex: ZoneTypoIndex | undefined

/** Built on the first unknown zone only: phrases that name real zones never pay for it (about 2 ms). */
function zoneTypoIndex(): ZoneTypoIndex {
  if (typoIndex) return typoIndex
  const idx = zoneIndex()
  typoIndex = { names: new WordIndex(idx.allNamesLower), segments: new WordIndex([...idx.lastSegments.keys()]), segmentNames: [...idx.lastSegments.values()] }
  return typoIndex
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
  const typos = zoneTypoIndex()
  for (const id of typos.names.closest(needle, suggestionLimit(needle))) add(idx.allNames[id]!)
  if (out.length === 0 && last.length >= 4) {
    // Segments in the table's order, as the suggestions always listed them.
    for (const id of typos.segments.within(last, last.length >= 6 ? 2 : 1)) {
      typos.segmentNames[id]!.forEach(add)
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
    found = zoneTable.countryZones
      .map((i) => zoneInfo(zoneTable.names[i]![0]))
      .filter((z) => offsetAt(z, noon) === offsetMinutes)
      .sort((a, b) => b.population - a.population)
      .slice(0, max)
      .map((z) => z.name)
    if (offsetCache.size >= 256) offsetCache.clear()
    offsetCache.set(key, found)
  }
  return [...found]
}
