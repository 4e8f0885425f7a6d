/** A 1-based line and column (UTF-16 code units, like every span), as editors, GitHub and SARIF count them. */
export interface LineColumn {
  line: number
  column: number
}

/** Finds lines of one text by offset: built once per text, then a binary search per lookup. */
export interface LineIndex {
  /** The 0-based line that holds `offset` (clamped to the text). */
  lineOf(offset: number): number
  /** Where line `line` (0-based) starts. */
  lineStart(line: number): number
  /** How many lines the text has (an empty text has one). */
  readonly lines: number
  /** `offset` as a 1-based line and column. */
  positionOf(offset: number): LineColumn
}

/** The one offset -> line/column mapping of the diagnostics (the rustc-style renderer, GitHub annotations, SARIF). */
export function lineIndex(text: string): LineIndex {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1)
  const lineOf = (offset: number) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  return {
    lineOf,
    lineStart: (line) => starts[line]!,
    lines: starts.length,
    positionOf(offset) {
      const clamped = Math.max(0, Math.min(offset, text.length))
      const line = lineOf(clamped)
      return { line: line + 1, column: clamped - starts[line]! + 1 }
    },
  }
}
