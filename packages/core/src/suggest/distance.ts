/**
 * Optimal-string-alignment Damerau-Levenshtein distance (adjacent transpositions count as one edit), as
 * rustc and Elm use for "did you mean". Hand-written: the candidate lists are small and the npm packages
 * for this either lack transpositions or pull in more than the core may carry.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  const cols = b.length + 1
  // Three reused rows: suggestions scan hundreds of zone names per unknown word, so no allocation per call.
  if (rowBuffer.length < cols * 3) rowBuffer = new Int32Array(cols * 6)
  let prevPrev = 0
  let prev = cols
  let cur = cols * 2
  const rows = rowBuffer
  for (let j = 0; j < cols; j++) {
    rows[prev + j] = j
    rows[prevPrev + j] = 0
  }
  for (let i = 1; i <= a.length; i++) {
    rows[cur] = i
    let rowMin = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j < cols; j++) {
      const cb = b.charCodeAt(j - 1)
      let v = Math.min(rows[prev + j]! + 1, rows[cur + j - 1]! + 1, rows[prev + j - 1]! + (ca === cb ? 0 : 1))
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, rows[prevPrev + j - 2]! + 1)
      rows[cur + j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > limit) return limit + 1
    const t = prevPrev
    prevPrev = prev
    prev = cur
    cur = t
  }
  return rows[prev + cols - 1]!
}

let rowBuffer = new Int32Array(96)

/** The largest distance still worth suggesting for a word: 2, or a third of its length for long words. */
export function suggestionLimit(word: string): number {
  return Math.max(2, Math.floor(word.length / 3))
}

/**
 * Candidates close to `word` (case-insensitive), best first, at most `max`. Ties keep the candidates' order,
 * so callers list the likelier words first.
 */
export function closestWords(word: string, candidates: readonly string[], max = 4): string[] {
  const needle = word.toLowerCase()
  const limit = suggestionLimit(needle)
  const scored: { candidate: string; distance: number; index: number }[] = []
  candidates.forEach((candidate, index) => {
    const distance = editDistance(needle, candidate.toLowerCase(), limit)
    if (distance <= limit) scored.push({ candidate, distance, index })
  })
  scored.sort((x, y) => x.distance - y.distance || x.index - y.index)
  return scored.slice(0, max).map((s) => s.candidate)
}
