import { editDistance } from './distance.js'

/**
 * An index for "which of these words are within k edits of this one", under the same optimal-string-alignment
 * distance `editDistance` computes, with exactly the results of scanning every word (a property test holds that).
 *
 * Hand-written, because the usual structures do not fit this distance: a BK-tree needs the triangle inequality, which
 * optimal string alignment does not satisfy (`ca` -> `ac` -> `abc` is 1 + 1, `ca` -> `abc` is 3), so a BK-tree over it
 * silently misses words; SymSpell's deletion dictionaries cost megabytes for 600 zone names at k = 4.
 *
 * Instead, three lower bounds on the distance that cost a few operations per word, so that the full distance is only
 * computed for words that could still be close enough, best bound first:
 * - length: at least `| |a| - |b| |`;
 * - bigrams: one substitution, insertion or deletion destroys at most two of a word's bigrams and one adjacent
 *   transposition at most three, so words within k edits share at least `max(|a|, |b|) - 1 - 3k` bigrams (counted
 *   with multiplicity);
 * - letters: each edit but a transposition changes `max(|a|, |b|) - shared letters` by at most one, and a
 *   transposition not at all, so the distance is at least that. Zone names share long prefixes (`america/`), which
 *   weakens the bigram bound and not this one.
 * Measured in `pnpm bench:schedule` (docs/performance.md).
 */
export class WordIndex {
  private readonly words: readonly string[]
  /** Word ids by length. */
  private readonly byLength: Int32Array[]
  /** bigram key -> [wordId, count] pairs, flattened. */
  private readonly postings = new Map<number, Int32Array>()
  /** Letter counts per word, `LETTER_SLOTS` slots a word. */
  private readonly letters: Int32Array
  /** Which letter slots each word has, as bit masks (slots 0-31, then 32-39): a cheaper first look at the letters. */
  private readonly lettersLow: Int32Array
  private readonly lettersHigh: Int32Array
  /** Posting lists longer than this (in array slots) belong to bigrams too common to be worth walking. */
  private readonly commonPostings: number
  /** Scratch: shared bigrams per word, reset after each query. */
  private readonly shared: Int32Array

  constructor(words: readonly string[]) {
    this.words = words
    this.shared = new Int32Array(words.length)
    this.commonPostings = 2 * Math.max(16, words.length >> 4)
    this.letters = new Int32Array(words.length * LETTER_SLOTS)
    this.lettersLow = new Int32Array(words.length)
    this.lettersHigh = new Int32Array(words.length)
    const lengths: number[][] = []
    const lists = new Map<number, number[]>()
    words.forEach((word, id) => {
      ;(lengths[word.length] ??= []).push(id)
      for (const [key, count] of bigramCounts(word)) {
        const list = lists.get(key)
        if (list) list.push(id, count)
        else lists.set(key, [id, count])
      }
      for (let i = 0; i < word.length; i++) {
        const slot = letterSlot(word.charCodeAt(i))
        this.letters[id * LETTER_SLOTS + slot]! += 1
        if (slot < 32) this.lettersLow[id]! |= 1 << slot
        else this.lettersHigh[id]! |= 1 << (slot - 32)
      }
    })
    this.byLength = Array.from(lengths, (ids) => Int32Array.from(ids ?? []))
    for (const [key, list] of lists) this.postings.set(key, Int32Array.from(list))
  }

  /** Ids (ascending: the words' own order) of the words at most `k` edits from `needle`. */
  within(needle: string, k: number): number[] {
    const found: number[] = []
    for (const bucket of this.candidates(needle, k)) for (const id of bucket) if (editDistance(needle, this.words[id]!, k) <= k) found.push(id)
    return found.sort((a, b) => a - b)
  }

  /**
   * Ids of the words at the smallest distance from `needle` that is at most `limit`, in the words' order: what a full
   * scan keeping only the best distance returns. Empty when none is that close.
   */
  closest(needle: string, limit: number): number[] {
    const buckets = this.candidates(needle, limit)
    let best = limit + 1
    let found: number[] = []
    for (let bound = 0; bound < buckets.length && bound <= best; bound++) {
      for (const id of buckets[bound]!) {
        const d = editDistance(needle, this.words[id]!, Math.min(best, limit))
        if (d < best) {
          best = d
          found = [id]
        } else if (d === best && d <= limit) found.push(id)
      }
    }
    return found.sort((a, b) => a - b)
  }

  /** The words that may be within `limit` edits, bucketed by the best lower bound on their distance. */
  private candidates(needle: string, limit: number): number[][] {
    const n = needle.length
    const shared = this.shared
    const letters = this.letters
    const buckets: number[][] = Array.from({ length: limit + 1 }, () => [])
    const needleBigrams = bigramCounts(needle)
    // A bigram most words have (`a/`, `er`) is counted as shared by every word instead of walking its long posting
    // list: over-counting shared bigrams only weakens the bound, and the letter bound below does the pruning there.
    let sharedByAll = 0
    for (const [key, count] of needleBigrams) {
      const list = this.postings.get(key)
      if (!list) continue
      if (list.length > this.commonPostings) {
        sharedByAll += count
        continue
      }
      for (let i = 0; i < list.length; i += 2) shared[list[i]!]! += Math.min(count, list[i + 1]!)
    }
    // The needle's letters as parallel arrays (slot, count): read once per candidate word, so no iterator there.
    const letterCounts = new Int32Array(LETTER_SLOTS)
    for (let i = 0; i < n; i++) letterCounts[letterSlot(needle.charCodeAt(i))]! += 1
    const slots: number[] = []
    const counts: number[] = []
    let needleLow = 0
    let needleHigh = 0
    for (let slot = 0; slot < LETTER_SLOTS; slot++) {
      if (letterCounts[slot]! > 0) {
        slots.push(slot)
        counts.push(letterCounts[slot]!)
        if (slot < 32) needleLow |= 1 << slot
        else needleHigh |= 1 << (slot - 32)
      }
    }
    const lettersLow = this.lettersLow
    const lettersHigh = this.lettersHigh
    const lastLength = Math.min(this.byLength.length - 1, n + limit)
    for (let m = Math.max(0, n - limit); m <= lastLength; m++) {
      const ids = this.byLength[m]
      if (!ids) continue
      const longest = Math.max(n, m)
      const lengthBound = Math.abs(n - m)
      for (let j = 0; j < ids.length; j++) {
        const id = ids[j]!
        // ceil((longest - 1 - shared) / 3) in integers (negative values do not matter: lengthBound >= 0).
        let bound = Math.max(lengthBound, ((longest + 1 - shared[id]! - sharedByAll) / 3) | 0)
        shared[id] = 0
        if (bound > limit) continue
        // First from the masks: the needle's letters the word lacks entirely cannot be shared (a weaker bound, a few
        // operations); the exact counts below only for the words that pass it.
        let missing = 0
        for (let x = needleLow & ~lettersLow[id]!; x !== 0; x &= x - 1) missing += letterCounts[31 - Math.clz32(x & -x)]!
        for (let x = needleHigh & ~lettersHigh[id]!; x !== 0; x &= x - 1) missing += letterCounts[63 - Math.clz32(x & -x)]!
        if (longest - Math.min(n - missing, m) > limit) continue
        let sharedLetters = 0
        const base = id * LETTER_SLOTS
        for (let q = 0; q < slots.length; q++) sharedLetters += Math.min(counts[q]!, letters[base + slots[q]!]!)
        bound = Math.max(bound, longest - sharedLetters)
        if (bound <= limit) buckets[bound]!.push(id)
      }
    }
    // Words outside the length window may have been counted: clear them too.
    for (const [key] of needleBigrams) {
      const list = this.postings.get(key)
      if (list && list.length <= this.commonPostings) for (let i = 0; i < list.length; i += 2) this.shared[list[i]!] = 0
    }
    return buckets
  }
}

/** Letters a-z, digits and the separators zone names use get a slot each; every other character shares the last. */
const LETTER_SLOTS = 40

function letterSlot(code: number): number {
  if (code >= 97 && code <= 122) return code - 97
  if (code >= 48 && code <= 57) return 26 + code - 48
  if (code === 47) return 36 // `/`
  if (code === 95) return 37 // `_`
  if (code === 45) return 38 // `-`
  // Sharing a slot can only over-count shared letters, which weakens the bound and never breaks it.
  return 39
}

/** Bigrams of a word as integer keys (two UTF-16 units), with how often each occurs. */
function bigramCounts(word: string): Map<number, number> {
  const counts = new Map<number, number>()
  for (let i = 0; i + 1 < word.length; i++) {
    const key = word.charCodeAt(i) * 65_536 + word.charCodeAt(i + 1)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}
