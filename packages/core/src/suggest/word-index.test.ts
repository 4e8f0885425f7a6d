import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { zoneTable } from '../schedule/zone-table.generated.js'
import { editDistance } from './distance.js'
import { WordIndex } from './word-index.js'

const zoneNames = zoneTable.names.map(([name]) => name.toLowerCase())
const zones = new WordIndex(zoneNames)

function scanWithin(words: readonly string[], needle: string, k: number): number[] {
  const ids: number[] = []
  words.forEach((word, id) => {
    if (editDistance(needle, word, k) <= k) ids.push(id)
  })
  return ids
}

function scanClosest(words: readonly string[], needle: string, limit: number): string[] {
  let best = limit + 1
  let closest: string[] = []
  for (const word of words) {
    const d = editDistance(needle, word, Math.min(limit, best))
    if (d < best) {
      best = d
      closest = [word]
    } else if (d === best && d <= limit) closest.push(word)
  }
  return closest
}

/** A zone name with up to four random edits (insert, delete, substitute, swap), as users misspell them. */
const misspeltZone = fc
  .tuple(fc.constantFrom(...zoneNames), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_/-')), { maxLength: 4 }))
  .map(([name, edits]) => {
    let word = name
    for (const [kind, at, ch] of edits) {
      const i = word.length === 0 ? 0 : at % word.length
      if (kind === 0) word = word.slice(0, i) + ch + word.slice(i)
      else if (kind === 1) word = word.slice(0, i) + word.slice(i + 1)
      else if (kind === 2) word = word.slice(0, i) + ch + word.slice(i + 1)
      else if (i + 1 < word.length) word = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
    }
    return word
  })

test('within finds exactly the zone names a full scan finds, for misspellings up to four edits', () => {
  fc.assert(
    fc.property(misspeltZone, fc.integer({ min: 0, max: 4 }), (needle, k) => {
      assert.equal(zones.within(needle, k), scanWithin(zoneNames, needle, k))
    }),
    { numRuns: 400 },
  )
})

test('closest keeps exactly the best distance and every tie, in the words own order', () => {
  fc.assert(
    fc.property(misspeltZone, fc.integer({ min: 0, max: 5 }), (needle, limit) => {
      assert.equal(zones.closest(needle, limit).map((id) => zoneNames[id]), scanClosest(zoneNames, needle, limit))
    }),
    { numRuns: 400 },
  )
})

test('within agrees with a full scan on arbitrary short words, where the bigram filter cannot reject', () => {
  const alphabet = fc.constantFrom(...'abcab')
  const word = fc.array(alphabet, { maxLength: 7 }).map((cs) => cs.join(''))
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), word, fc.integer({ min: 0, max: 3 }), (words, needle, k) => {
      assert.equal(new WordIndex(words).within(needle, k), scanWithin(words, needle, k))
    }),
    { numRuns: 500 },
  )
})

test('an adjacent transposition counts as one edit, as editDistance counts it', () => {
  // `asia/colmobo` shares only 8 of its 11 bigrams with `asia/colombo`: a filter that allowed two lost bigrams
  // per edit would reject it at k = 1.
  assert.equal(zones.closest('asia/colmobo', 2).map((id) => zoneNames[id]), ['asia/colombo'])
  assert.equal(new WordIndex(['ca', 'abc']).within('ac', 1), [0, 1])
})

test.run()
