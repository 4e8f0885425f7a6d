import type { Span } from '../diagnostics/types.js'

type TokenKind =
  | 'word' // letters, apostrophe (o'clock), dotted meridiem (a.m.)
  | 'int'
  | 'ordinal' // 4th
  | 'time' // 9:30, 09:30:15, 9:30am, 12pm
  | 'zone' // a word with '/': Asia/Colombo, Etc/GMT+5
  | 'offset' // UTC+05:30, GMT+5, +0530
  | 'iso-date'
  | 'slash-date'
  | 'dotted-date' // 10.05.2023: reported, never guessed
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

/** The phrase after normalization (docs/schedule-language.md#grammar), and where each of its code units came from in the original. */
export interface NormalizedText {
  text: string
  /** `origin[i]` is the original offset of normalized offset i; `origin[text.length]` is the original length. */
  origin: number[] | undefined
  /** Invisible characters (controls, bidi marks, zero-width spaces) taken out of `text`, at their original offsets. */
  invisible: { offset: number; codePoint: number }[]
}

/**
 * Characters that show as nothing (or reorder what is shown: bidi controls, "Trojan Source"), which a phrase
 * pasted from a chat or a web page can carry: C0/C1 controls other than whitespace, soft hyphen, zero-width
 * spaces and joiners, LRM/RLM, bidi embeddings, overrides and isolates, word joiner, BOM.
 */
export const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/

/** Names of the invisible characters people meet most, for messages (`U+200F right-to-left mark`). */
export const INVISIBLE_NAMES: Record<number, string> = {
  0x07: 'bell', 0x08: 'backspace', 0x1b: 'escape', 0x7f: 'delete', 0xad: 'soft hyphen', 0x61c: 'Arabic letter mark',
  0x200b: 'zero width space', 0x200c: 'zero width non-joiner', 0x200d: 'zero width joiner', 0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark', 0x202a: 'left-to-right embedding', 0x202b: 'right-to-left embedding', 0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override', 0x202e: 'right-to-left override', 0x2060: 'word joiner', 0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate', 0x2068: 'first strong isolate', 0x2069: 'pop directional isolate', 0xfeff: 'zero width no-break space (BOM)',
}

/** `U+200F` */
export const codePointName = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`

const NEEDS_NORMALIZING = /[^\x20-\x7e]/

/**
 * NFKC per code point, NBSP -> space, en/em dash -> `-`, curly quotes -> `"`, keeping a map back to the original
 * offsets so every span points into the text the user wrote. ASCII input (the common case) is returned as is.
 */
export function normalize(input: string): NormalizedText {
  if (!NEEDS_NORMALIZING.test(input)) return { text: input, origin: undefined, invisible: [] }
  let text = ''
  const origin: number[] = []
  const invisible: NormalizedText['invisible'] = []
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    const ch = input.slice(i, i + width)
    let out: string
    if (INVISIBLE.test(ch)) {
      invisible.push({ offset: i, codePoint: cp })
      i += width
      continue
    }
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
  return { text, origin, invisible }
}

const MERIDIEM = '(?:am|pm|a\\.m\\.?|p\\.m\\.?)'
type Pattern = [TokenKind, RegExp]
// Patterns by the class of the first character, so each token tries only the rules that can match it.
const DIGIT_PATTERNS: Pattern[] = [
  ['iso-date', /\d{4}-\d{1,2}-\d{1,2}(?![\w/:-])/y],
  ['slash-date', /\d{1,2}\/\d{1,2}\/\d{1,4}(?![\w/:])/y],
  ['dotted-date', /\d{1,2}\.\d{1,2}\.\d{2,4}(?![\w.:])/y],
  // `9.30` is lexed as a time so the parser can say "use a colon" instead of three separate errors.
  ['time', new RegExp(`\\d{1,2}:\\d{1,2}(?::\\d{1,2})?(?:${MERIDIEM})?(?![\\w:])|\\d{1,2}${MERIDIEM}(?![\\w])|\\d{1,2}\\.\\d{2}(?![\\w.:])`, 'iy')],
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

const TIME_FIRST_PATTERNS: Pattern[] = [DIGIT_PATTERNS[2]!, ...DIGIT_PATTERNS.filter((_, i) => i !== 2)]

function patternsFor(c: number, text: string, pos: number): Pattern[] {
  // `09:00` and `9:30am` are the commonest digit tokens: try the time pattern first when a colon is near.
  if (c >= 48 && c <= 57) return text.charCodeAt(pos + 1) === 58 || text.charCodeAt(pos + 2) === 58 ? TIME_FIRST_PATTERNS : DIGIT_PATTERNS
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f)) return LETTER_PATTERNS
  if (c === 43) return PLUS_PATTERNS
  if (c === 46) return DOT_PATTERNS
  return NO_PATTERNS
}
const LABEL = /[A-Za-z0-9._-]+/y
const INT_ONLY = /^\d+$/

/** Words after which the next token is one LABEL (docs/schedule-language.md#grammar). */
const LABEL_INTRODUCERS = new Set(['prefix', 'named', 'profile'])

/**
 * Splits a normalized phrase into tokens with spans in normalized offsets (the caller maps them back). Never
 * fails: a character no rule knows becomes an `other` token, which the parser reports.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let pos = 0
  let labelNext = false
  const length = text.length
  while (pos < length) {
    const c = text.charCodeAt(pos)
    if (c === 32) {
      pos++
      continue
    }
    const wantLabel = labelNext
    labelNext = false
    if (c === 34 /* " */) {
      const close = text.indexOf('"', pos + 1)
      const end = close === -1 ? length : close + 1
      // An unterminated quote keeps the rest of the phrase as its text; the parser reports it.
      tokens.push({ kind: 'quoted', text: text.slice(pos + 1, close === -1 ? end : close), lower: close === -1 ? UNTERMINATED : '', span: { start: pos, end } })
      pos = end
      continue
    }
    if (wantLabel) {
      LABEL.lastIndex = pos
      const m = LABEL.exec(text)
      if (m) {
        pushToken(tokens, INT_ONLY.test(m[0]) ? 'int' : 'label', text, pos, pos + m[0].length)
        pos += m[0].length
        continue
      }
    }
    if (c === 44) {
      pushToken(tokens, 'comma', text, pos, ++pos)
      continue
    }
    if (c === 38) {
      pushToken(tokens, 'amp', text, pos, ++pos)
      continue
    }
    // Fast path for the common tokens, a plain word or a plain number followed by a separator; anything else
    // (zones, times, dates, offsets, `a.m.`) goes through the patterns.
    const letter = (c | 32) >= 97 && (c | 32) <= 122
    const digit = c >= 48 && c <= 57
    if (letter || digit) {
      let end = pos + 1
      if (letter) while (end < length && ((text.charCodeAt(end) | 32) >= 97 && (text.charCodeAt(end) | 32) <= 122)) end++
      else while (end < length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++
      const next = end < length ? text.charCodeAt(end) : 32
      if (next === 32 || next === 44 || (letter && next === 45 && !(pos + 3 <= length && /^(?:utc|gmt)$/i.test(text.slice(pos, end))))) {
        const kind = letter ? 'word' : 'int'
        const word = pushToken(tokens, kind, text, pos, end)
        if (letter && LABEL_INTRODUCERS.has(word)) labelNext = true
        pos = end
        continue
      }
    }
    let matched = false
    for (const [kind, re] of patternsFor(c, text, pos)) {
      re.lastIndex = pos
      const m = re.exec(text)
      if (m) {
        const lower = pushToken(tokens, kind, text, pos, pos + m[0].length)
        pos += m[0].length
        matched = true
        if (kind === 'word' && LABEL_INTRODUCERS.has(lower)) labelNext = true
        break
      }
    }
    if (matched) continue
    if (c === 45) {
      pushToken(tokens, 'dash', text, pos, ++pos)
      continue
    }
    const width = (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1
    pushToken(tokens, 'other', text, pos, pos + width)
    pos += width
  }
  return tokens
}

/** The `lower` of an unterminated quoted token: no real text lower-cases to it. */
export const UNTERMINATED = '\u0000unterminated'

function pushToken(tokens: Token[], kind: TokenKind, text: string, start: number, end: number): string {
  const value = text.slice(start, end)
  const lower = value.toLowerCase()
  tokens.push({ kind, text: value, lower, span: { start, end } })
  return lower
}
