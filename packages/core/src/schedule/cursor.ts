import type { DiagnosticCode } from '../diagnostics/registry.js'
import type { Applicability, Diagnostic, Span, Suggestion } from '../diagnostics/types.js'
import { closestWords } from '../suggest/distance.js'
import type { Token } from './lexer.js'
import type { Clause } from './syntax.js'
import type { FreeDateReader } from './types.js'

export const span = (start: number, end: number): Span => ({ start, end })
export const joinSpan = (a: Span, b: Span): Span => span(a.start, b.end)

/** One fix. */
export const fix = (replacement: string, at: Span, applicability: Applicability): Suggestion => ({ replacement, span: at, applicability })

/**
 * The candidates for one misspelt or malformed word: machine-applicable when there is exactly one (the reading is
 * not in doubt), maybe-incorrect when the user has to choose.
 */
export function choices(replacements: readonly string[], at: Span): Suggestion[] {
  const applicability: Applicability = replacements.length === 1 ? 'machine-applicable' : 'maybe-incorrect'
  return replacements.map((replacement) => ({ replacement, span: at, applicability }))
}

const wordSuggestionCache = new Map<string, string[]>()

/**
 * `closestWords` over a fixed vocabulary, memoized (bounded): the answer depends only on the word, and editors
 * and the fuzz tests ask about the same misspelling over and over.
 */
export function cachedClosest(word: string, vocabulary: readonly string[], key: string): string[] {
  const k = `${key}|${word}`
  let found = wordSuggestionCache.get(k)
  if (!found) {
    found = closestWords(word, vocabulary, 4)
    if (wordSuggestionCache.size >= 1024) wordSuggestionCache.clear()
    wordSuggestionCache.set(k, found)
  }
  return found
}

/**
 * The parser's state: the tokens, the position, the clauses and diagnostics found so far, and the token helpers
 * every clause parser uses (parse-days.ts, parse-time.ts, ...).
 */
export class Cursor {
  i = 0
  readonly diagnostics: Diagnostic[] = []
  readonly clauses: Clause[] = []
  /** An error already stood where the recurrence belongs (`every 3 weeks`): do not also report it missing. */
  recurrenceReported = false
  timeReported = false
  zoneReported = false

  constructor(
    readonly tokens: Token[],
    readonly textLength: number,
    /** The reference instant (ms), for the zones that have an offset today. */
    readonly nowMs: number,
    /** Free-form start dates (parse-dates.ts), when the caller loaded the reader. */
    readonly readDate?: FreeDateReader,
  ) {}

  peek(k = 0): Token | undefined {
    return this.tokens[this.i + k]
  }

  /** Whether the next token is the word `word`, or one of `words`: no rest-argument array on the hot path. */
  peekWord(word: string, ...words: string[]): boolean {
    const t = this.tokens[this.i]
    return t !== undefined && t.kind === 'word' && (t.lower === word || (words.length > 0 && words.includes(t.lower)))
  }

  isWord(t: Token | undefined, set: ReadonlySet<string> | ReadonlyMap<string, unknown>): boolean {
    return t !== undefined && t.kind === 'word' && set.has(t.lower)
  }


  error(code: DiagnosticCode, message: string, at: Span, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ code, severity: 'error', message, span: at, suggestions: [], ...extra })
  }

  warn(code: DiagnosticCode, severity: 'warning' | 'note', message: string, at: Span, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ code, severity, message, span: at, suggestions: [], ...extra })
  }

  sliceText(a: Span, b: Span): string {
    const parts: string[] = []
    for (const t of this.tokens) if (t.span.start >= a.start && t.span.end <= b.end) parts.push(t.text)
    return parts.join(' ')
  }
}
