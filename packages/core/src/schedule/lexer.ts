import type { Span } from '../diagnostics/types.js'

export type TokenKind =
  | 'word' // letters, apostrophe (o'clock), dotted meridiem (a.m.)
  | 'int'
  | 'ordinal' // 4th
  | 'time' // 9:30, 09:30:15, 9:30am, 12pm
  | 'zone' // a word with '/': Asia/Colombo, Etc/GMT+5
  | 'offset' // UTC+05:30, GMT+5, +0530
  | 'iso-date'
  | 'slash-date'
  | 'quoted'
  | 'label' // read after prefix/named/profile
  | 'comma'
  | 'amp'
  | 'dash'
  | 'dots'
  | 'other'

export interface Token {
  kind: TokenKind
  /** The token's text after normalization (for `quoted`, without the quotes). */
  text: string
  /** Lower-cased text, for keyword matching. */
  lower: string
  span: Span
}

/** The phrase after §2 normalization, and where each of its code units came from in the original. */
export interface NormalizedText {
  text: string
  /** `origin[i]` is the original offset of normalized offset i; `origin[text.length]` is the original length. */
  origin: number[] | undefined
}

const NEEDS_NORMALIZING = /[^\x20-\x7e]/

/**
 * NFKC per code point, NBSP -> space, en/em dash -> `-`, curly quotes -> `"`, keeping a map back to the original
 * offsets so every span points into the text the user wrote. ASCII input (the common case) is returned as is.
 */
export function normalize(input: string): NormalizedText {
  if (!NEEDS_NORMALIZING.test(input)) return { text: input, origin: undefined }
  let text = ''
  const origin: number[] = []
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    const ch = input.slice(i, i + width)
    let out: string
    if (ch === '\u00a0' || ch === '\u202f' || ch === '\t' || ch === '\n' || ch === '\r') out = ' '
    else if (ch === '\u2013' || ch === '\u2014' || ch === '\u2212') out = '-'
    else if (ch === '\u201c' || ch === '\u201d') out = '"'
    else if (ch === '\u2018' || ch === '\u2019') out = "'"
    else out = ch.normalize('NFKC')
    for (let k = 0; k < out.length; k++) origin.push(i)
    text += out
    i += width
  }
  origin.push(input.length)
  return { text, origin }
}

const MERIDIEM = '(?:am|pm|a\\.m\\.?|p\\.m\\.?)'
type Pattern = [TokenKind, RegExp]
// Patterns by the class of the first character, so each token tries only the rules that can match it.
const DIGIT_PATTERNS: Pattern[] = [
  ['iso-date', /\d{4}-\d{1,2}-\d{1,2}(?![\w/:-])/y],
  ['slash-date', /\d{1,2}\/\d{1,2}\/\d{1,4}(?![\w/:])/y],
  ['time', new RegExp(`\\d{1,2}:\\d{1,2}(?::\\d{1,2})?(?:${MERIDIEM})?(?![\\w:])|\\d{1,2}${MERIDIEM}(?![\\w])`, 'iy')],
  ['ordinal', /\d+(?:st|nd|rd|th)(?![\w])/iy],
  ['int', /\d+/y],
]
const LETTER_PATTERNS: Pattern[] = [
  ['offset', /(?:utc|gmt)[+-]\d{1,2}(?::?\d{2})?(?![\w:])/iy],
  ['zone', /[A-Za-z][\w+-]*(?:\/[\w+-]+)+/y],
  ['word', /[ap]\.m\.?|[A-Za-z\u00c0-\u024f]+(?:'[A-Za-z]+)?/iy],
]
const PLUS_PATTERNS: Pattern[] = [['offset', /\+\d{1,2}(?::?\d{2})?(?![\w:])/y]]
const DOT_PATTERNS: Pattern[] = [['dots', /\.\./y]]
const NO_PATTERNS: Pattern[] = []

function patternsFor(c: number): Pattern[] {
  if (c >= 48 && c <= 57) return DIGIT_PATTERNS
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f)) return LETTER_PATTERNS
  if (c === 43) return PLUS_PATTERNS
  if (c === 46) return DOT_PATTERNS
  return NO_PATTERNS
}
const LABEL = /[A-Za-z0-9._-]+/y
const INT_ONLY = /^\d+$/

/** Words after which the next token is one LABEL (design §2). */
const LABEL_INTRODUCERS = new Set(['prefix', 'named', 'profile'])

/**
 * Splits a normalized phrase into tokens with spans in normalized offsets (the caller maps them back). Never
 * fails: a character no rule knows becomes an `other` token, which the parser reports.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let pos = 0
  let labelNext = false
  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end)) =>
    tokens.push({ kind, text: value, lower: value.toLowerCase(), span: { start, end } })
  while (pos < text.length) {
    const c = text.charCodeAt(pos)
    if (c === 32) {
      pos++
      continue
    }
    const wantLabel = labelNext
    labelNext = false
    if (c === 34 /* " */) {
      const close = text.indexOf('"', pos + 1)
      const end = close === -1 ? text.length : close + 1
      // An unterminated quote keeps the rest of the phrase as its text; the parser reports it.
      tokens.push({ kind: 'quoted', text: text.slice(pos + 1, close === -1 ? end : close), lower: '', span: { start: pos, end } })
      if (close === -1) tokens[tokens.length - 1]!.lower = '\u0000unterminated'
      pos = end
      continue
    }
    if (wantLabel) {
      LABEL.lastIndex = pos
      const m = LABEL.exec(text)
      if (m) {
        push(INT_ONLY.test(m[0]) ? 'int' : 'label', pos, pos + m[0].length)
        pos += m[0].length
        continue
      }
    }
    if (c === 44) {
      push('comma', pos, ++pos)
      continue
    }
    if (c === 38) {
      push('amp', pos, ++pos)
      continue
    }
    let matched = false
    for (const [kind, re] of patternsFor(c)) {
      re.lastIndex = pos
      const m = re.exec(text)
      if (m) {
        push(kind, pos, pos + m[0].length)
        pos += m[0].length
        matched = true
        if (kind === 'word' && LABEL_INTRODUCERS.has(m[0].toLowerCase())) labelNext = true
        break
      }
    }
    if (matched) continue
    if (c === 45) {
      push('dash', pos, ++pos)
      continue
    }
    const width = (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1
    push('other', pos, pos + width)
    pos += width
  }
  return tokens
}
