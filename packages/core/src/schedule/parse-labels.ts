import type { Span } from '../diagnostics/types.js'
import { Cursor, joinSpan, span } from './cursor.js'
import { type Token, UNTERMINATED } from './lexer.js'
import { CLAUSE_WORDS, DAY_WORDS, GROUP_WORDS, INTERVAL_WORDS, KEYWORDS, LONG_PERIOD_WORDS, SHORT_PERIOD_WORDS, ZONE_ABBREVIATIONS } from './vocabulary.js'
import { lookupZone } from './zones.js'

/** `prefix`/`named` labels and the option profile (DSL070, DSL071). */

export function nameClause(p: Cursor): void {
  const intro = p.tokens[p.i++]!
  const label = labelValue(p, intro, 'DSL070')
  if (label === undefined) return
  p.clauses.push({ kind: 'name', label: label.text, span: joinSpan(intro.span, label.span) })
}

export function profileClause(p: Cursor): void {
  const first = p.tokens[p.i]!
  if (first.lower === 'using' || first.lower === 'with') p.i++
  if (p.peekWord('option')) p.i++
  if (!p.peekWord('profile')) {
    const t = p.peek()
    p.error('DSL001', t ? `expected \`profile\`, found \`${t.text}\`` : `expected \`profile\` after \`${p.tokens[p.i - 1]!.text}\``, t ? t.span : span(p.tokens[p.i - 1]!.span.end, p.tokens[p.i - 1]!.span.end), {
      help: 'name the option profile: `using profile "Initial Options"` or `using profile 240981`',
    })
    return
  }
  const intro = p.tokens[p.i++]!
  const value = labelValue(p, intro, 'DSL071')
  if (value === undefined) return
  const id = value.kind === 'int' ? Number(value.text) : undefined
  if (id !== undefined && !(Number.isSafeInteger(id) && id > 0)) {
    return p.error('DSL070', `\`${value.text}\` is not a profile id`, value.span, { help: 'a profile id is a positive whole number; quote a title: `"My Profile"`' })
  }
  const profile = id !== undefined ? { id } : { title: value.text }
  p.clauses.push({ kind: 'profile', profile, span: joinSpan(first.span, value.span) })
}

/** QUOTED, INT or one LABEL after `prefix`/`named`/`profile`, with the unquoted-spaces check. */
function labelValue(p: Cursor, intro: Token, spacesCode: 'DSL070' | 'DSL071'): { text: string; span: Span; kind: 'int' | 'text' } | undefined {
  const t = p.peek()
  const what = intro.lower === 'profile' ? 'profile' : `\`${intro.text}\``
  // The lexer read the token after the introducer as exactly one LABEL (docs/schedule-language.md#grammar), so a label that is also a
  // keyword (`prefix weekend`, `named monday`, `profile weekly`) is a label, never re-read as a clause.
  if (!t || (t.kind !== 'label' && t.kind !== 'quoted' && t.kind !== 'int')) {
    return void p.error('DSL070', `${what} needs a ${intro.lower === 'profile' ? 'title or id' : 'label'}`, t ? t.span : span(intro.span.end, intro.span.end), {
      help: intro.lower === 'profile' ? 'write `profile "Initial Options"` or `profile 240981`' : `write \`${intro.lower} nightly-edge\`, or quote a label with spaces: \`${intro.lower} "nightly edge"\``,
    })
  }
  p.i++
  if (t.kind === 'quoted') {
    if (t.lower === UNTERMINATED) return void p.error('DSL070', 'unterminated quoted text', t.span, { help: 'close the quote with `"`', suggestions: [{ replacement: `"${t.text}"`, span: t.span, applicability: 'machine-applicable' }] })
    if (t.text.trim() === '') return void p.error(spacesCode, `${what} cannot be empty`, t.span, { help: 'write the text between the quotes' })
    return { text: t.text, span: t.span, kind: 'text' }
  }
  // An unquoted label followed by more plain words: the user meant one label with spaces.
  let end = t.span
  const words = [t.text]
  while (p.peek()?.kind === 'word' && (p.peek()!.lower === 'scan' || !isKnownWord(p, p.peek()!))) {
    words.push(p.peek()!.text)
    end = p.tokens[p.i++]!.span
  }
  if (words.length > 1) {
    const whole = joinSpan(t.span, end)
    const quoted = `"${words.join(' ')}"`
    return void p.error(spacesCode, spacesCode === 'DSL071' ? 'a profile title with spaces must be quoted' : 'a label with spaces must be quoted', whole, {
      help: `write \`${what === 'profile' ? 'profile' : intro.lower} ${quoted}\``,
      suggestions: [{ replacement: quoted, span: whole, applicability: 'machine-applicable' }],
    })
  }
  return { text: t.text, span: t.span, kind: t.kind === 'int' ? 'int' : 'text' }
}


function isKnownWord(_p: Cursor, t: Token): boolean {
  const w = t.lower
  return (
    CLAUSE_WORDS.has(w) || KEYWORDS.includes(w) || DAY_WORDS.has(w) || GROUP_WORDS.has(w) || ZONE_ABBREVIATIONS.has(w) ||
    INTERVAL_WORDS.has(w) || LONG_PERIOD_WORDS.has(w) || SHORT_PERIOD_WORDS.has(w) || lookupZone(t.text) !== undefined
  )
}
