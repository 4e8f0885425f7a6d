import type { Span } from '../diagnostics/types.js'
import { choices, Cursor, joinSpan, span } from './cursor.js'
import type { Token } from './lexer.js'
import { ZONE_ABBREVIATIONS } from './vocabulary.js'
import { lookupZone, suggestZones, zonesWithOffset } from './zones.js'

/** The time zone clause: IANA names and their aliases, abbreviations (DSL041), offsets (DSL042), unknown names (DSL040). */

export function zoneClause(p: Cursor, intro: Span | undefined): void {
  const t = p.peek()
  if (!t || !(t.kind === 'zone' || t.kind === 'offset' || t.kind === 'word')) {
    p.zoneReported = true
    return p.error('DSL040', 'expected a time zone', t ? t.span : span(intro!.end, intro!.end), {
      help: 'name an IANA zone: `Asia/Colombo`, `Europe/Berlin`, `UTC`',
    })
  }
  p.i++
  const clauseSpan = intro ? joinSpan(intro, t.span) : t.span
  if (t.kind === 'offset') {
    p.zoneReported = true
    return offsetZone(p, t)
  }
  if (t.kind === 'word' && ZONE_ABBREVIATIONS.has(t.lower) && t.lower !== 'utc' && t.lower !== 'gmt') {
    p.zoneReported = true
    const zones = ZONE_ABBREVIATIONS.get(t.lower)!
    const fixed = t.lower === 'est' || t.lower === 'mst' || t.lower === 'hst'
    return p.error('DSL041', `\`${t.text}\` is an abbreviation, not a time zone`, t.span, {
      label: fixed ? 'a fixed offset that never observes DST' : 'ambiguous, and it changes with DST',
      help: `name the place: ${zones.map((z) => `\`${z}\``).join(', ').replace(/, ([^,]*)$/, ' or $1')}`,
      suggestions: zones.map((replacement) => ({ replacement, span: t.span, applicability: 'maybe-incorrect' as const })),
    })
  }
  const found = lookupZone(t.text)
  if (found) {
    p.clauses.push({ kind: 'zone', canonical: found.canonical, spelled: found.spelled, written: t.text, span: clauseSpan, valueSpan: t.span })
    return
  }
  p.zoneReported = true
  const suggestions = suggestZones(t.text)
  p.error('DSL040', `unknown time zone \`${t.text}\``, t.span, {
    label: 'not in the IANA time zone database',
    help: suggestions.length ? `did you mean ${suggestions.map((s) => `\`${s}\``).join(', ').replace(/, ([^,]*)$/, ' or $1')}?` : 'name an IANA zone such as `Europe/Berlin` or `UTC`',
    suggestions: choices(suggestions, t.span),
  })
}

function offsetZone(p: Cursor, t: Token): void {
  const m = /^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(t.text)!
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0))
  const places = Number.isFinite(p.nowMs) ? zonesWithOffset(minutes, p.nowMs) : []
  const posixTrap = /^gmt/i.test(t.text) ? `; note \`Etc/GMT${m[1] === '+' ? '-' : '+'}${Number(m[2])}\` is this offset (POSIX inverts the sign)` : ''
  p.error('DSL042', `\`${t.text}\` is a UTC offset, not a time zone`, t.span, {
    label: 'offsets do not follow daylight saving time',
    help: places.length
      ? `name the place; zones at this offset today: ${places.map((z) => `\`${z}\``).join(', ')}${posixTrap}`
      : `name the place, e.g. \`Asia/Kolkata\`${posixTrap}`,
    suggestions: places.map((replacement) => ({ replacement, span: t.span, applicability: 'maybe-incorrect' as const })),
  })
}
