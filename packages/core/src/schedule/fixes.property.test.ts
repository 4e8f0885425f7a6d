import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Suggestion } from '../diagnostics/types.js'
import { compileSchedule } from './compile.js'

// Issue 22's property: every machine-applicable fix of a broken phrase gives a phrase that compiles and means what
// the unbroken phrase meant (the same days, time and zone): a fix never changes a part the user did not misspell.
const now = new Date('2024-06-12T09:00:00Z')
const compile = (phrase: string) => compileSchedule(phrase, { now })
const apply = (phrase: string, s: Suggestion) => phrase.slice(0, s.span.start) + s.replacement + phrase.slice(s.span.end)

const zones = ['UTC', 'Asia/Colombo', 'Europe/Berlin', 'America/New_York', 'Asia/Singapore', 'Africa/Nairobi', 'Europe/Lisbon', 'Australia/Sydney', 'America/Sao_Paulo', 'Asia/Tokyo', 'Europe/Madrid', 'Asia/Kolkata']
const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const recurrence = fc.oneof(
  fc.constant('daily'),
  fc.constant('weekdays'),
  fc.constant('every day'),
  fc.uniqueArray(fc.constantFrom(...days.slice(0, 7)), { minLength: 1, maxLength: 3 }).map((ds) => `weekly on ${ds.join(',')}`),
  fc.constantFrom(...days.slice(0, 7)).map((d) => `every ${d}`),
)
const time = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom('am', 'pm')).map(([h, x]) => `${h}${x}`),
  fc.constant('noon'),
)
const phrase = fc.tuple(recurrence, time, fc.constantFrom(...zones)).map(([r, t, z]) => ({ r, t, z, text: `${r} at ${t} ${z}` }))

/** One edit a person makes by accident: a letter dropped, doubled, swapped or replaced in one word. */
const typo = (word: string, kind: number, at: number, letter: string) => {
  const i = at % word.length
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1)
  if (kind === 1) return word.slice(0, i) + word[i] + word.slice(i)
  if (kind === 2 && i + 1 < word.length) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
  return word.slice(0, i) + letter + word.slice(i + 1)
}

const broken = fc
  .tuple(phrase, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), fc.constantFrom('\u200f', '\u200b', '\u0007', '\u202e'))
  .map(([p, where, kind, at, letter, invisible]) => {
    const words = p.text.split(' ')
    let text: string
    if (where <= 3) {
      // Misspell one word of length >= 4 (shorter ones have too many neighbours to be a typo of one).
      const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 4 && /^[A-Za-z/_]+$/.test(w))
      if (candidates.length === 0) return { ...p, broken: p.text }
      const [w, i] = candidates[(where + at) % candidates.length]!
      words[i] = typo(w, kind, at, letter)
      text = words.join(' ')
    } else if (where === 4) {
      const i = at % (p.text.length + 1)
      text = p.text.slice(0, i) + invisible + p.text.slice(i)
    } else if (where === 5) {
      text = p.r === 'daily' ? p.text.replace('daily', 'daily except holidays') : p.text
    } else {
      const m = /at (\d{2}):(\d{2})/.exec(p.text)
      text = m ? p.text.replace(m[0], `at ${Number(m[1])}h${m[2]}`) : p.text
    }
    return { ...p, broken: text }
  })

test('every machine-applicable fix of a one-error phrase compiles to the meaning of the unbroken phrase', () => {
  let applied = 0
  fc.assert(
    fc.property(broken, (b) => {
      const intended = compile(b.text)
      assert.ok(intended.ok, b.text)
      const result = compile(b.broken)
      const errors = result.diagnostics.filter((d) => d.severity === 'error')
      if (result.ok || errors.length !== 1) return
      for (const s of result.diagnostics.flatMap((d) => d.suggestions)) {
        if (s.applicability !== 'machine-applicable') continue
        applied++
        const fixed = compile(apply(b.broken, s))
        assert.ok(fixed.ok, `${JSON.stringify(b.broken)}: the fix \`${s.replacement}\` gives ${JSON.stringify(apply(b.broken, s))}, which does not compile`)
        if (!fixed.ok || !intended.ok) return
        const meaning = ({ recurrence, daysOfWeek, startTime, timezone }: typeof fixed.schedule) => ({ recurrence, daysOfWeek, startTime, timezone })
        assert.equal(meaning(fixed.schedule), meaning(intended.schedule), `${JSON.stringify(b.broken)} fixed as ${JSON.stringify(apply(b.broken, s))}`)
      }
    }),
    { numRuns: 4000, seed: 22 },
  )
  assert.ok(applied > 500, `only ${applied} machine-applicable fixes were tried`)
})

test('no suggestion repeats the typed word', () => {
  fc.assert(
    fc.property(broken, (b) => {
      for (const d of compile(b.broken).diagnostics) {
        for (const s of d.suggestions) assert.is.not(s.replacement.toLowerCase(), b.broken.slice(s.span.start, s.span.end).toLowerCase(), `${b.broken}: ${d.code}`)
      }
    }),
    { numRuns: 2000, seed: 23 },
  )
})

test.run()
