/**
 * Optimal-string-alignment Damerau-Levenshtein distance (adjacent transpositions count as one edit), as
 * rustc and Elm use for "did you mean". Hand-written: the candidate lists are small and the npm packages
 * for this either lack transpositions or pull in more than the core may carry.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  const rows = a.length + 1
  const cols = b.length + 1
  let prevPrev = new Array<number>(cols).fill(0)
  let prev = Array.from({ length: cols }, (_, j) => j)
  let cur = new Array<number>(cols).fill(0)
  for (let i = 1; i < rows; i++) {
    cur[0] = i
    let rowMin = cur[0]
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1)
      cur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > limit) return limit + 1
    ;[prevPrev, prev, cur] = [prev, cur, prevPrev]
  }
  return prev[cols - 1]!
}

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
