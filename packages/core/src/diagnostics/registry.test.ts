import { readFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSchedule } from '../schedule/compile.js'
import { machineDiagnostic } from './machine.js'
import { DIAGNOSTICS, type DiagnosticCode } from './registry.js'

const docs = (page: string) => readFileSync(new URL(`../../../../docs/${page}`, import.meta.url), 'utf8')
const codes = Object.keys(DIAGNOSTICS) as DiagnosticCode[]
/** The pages whose diagnostics tables must list exactly the registered codes of their families. */
const pages: Record<string, RegExp> = {
  'schedule-language.md': /\b(?:DSL|W)\d{3}\b/g,
  'spec.md': /\bSPEC\d{3}\b/g,
  'webhook.md': /\bWEBHOOK\d{3}\b/g,
  'plan-apply.md': /\bQUALYS-[A-Z]+\b/g,
}

test('every registered code is documented: its docs anchor exists on its page', () => {
  for (const code of codes) {
    const [page, anchor] = DIAGNOSTICS[code].docs.split('#') as [string, string]
    assert.ok(page in pages, `${code}: docs page ${page} is not one of the reference pages`)
    assert.ok(docs(page).includes(`<a id="${anchor}"></a>`), `${code}: docs/${page} has no <a id="${anchor}"></a>`)
    assert.is(anchor, code.toLowerCase())
  }
})

test('every code the reference pages mention is registered, on that page', () => {
  for (const [page, pattern] of Object.entries(pages)) {
    for (const mentioned of new Set(docs(page).match(pattern) ?? [])) {
      assert.ok(mentioned in DIAGNOSTICS, `docs/${page} documents ${mentioned}, which is not in the registry`)
      assert.ok(DIAGNOSTICS[mentioned as DiagnosticCode].docs.startsWith(`${page}#`), `${mentioned} is documented on docs/${page} but registered for ${DIAGNOSTICS[mentioned as DiagnosticCode].docs}`)
    }
  }
})

test('every schedule code has a row in the table with an example, its severity and its fix', () => {
  const text = docs('schedule-language.md')
  for (const code of codes.filter((c) => /^(DSL|W)\d{3}$/.test(c) && c !== 'DSL999')) {
    const row = text.split('\n').find((l) => l.startsWith(`| <a id="${code.toLowerCase()}"></a>${code} |`))
    assert.ok(row, `no table row for ${code}`)
    const cells = row!.split(' | ')
    assert.ok(cells.length >= 5, `${code}: the row needs severity, example, message and help`)
    assert.is(cells[1], DIAGNOSTICS[code].severity, `${code}: the documented severity is the registered one`)
  }
})

test('the machine form keeps every span, the title and the docs anchor (DSL060 has two places)', () => {
  const d = compileSchedule('daily at 09:00 at 10:00 UTC', { now: new Date('2024-06-12T09:00:00Z') }).diagnostics[0]!
  assert.equal(machineDiagnostic(d), {
    code: 'DSL060',
    severity: 'error',
    title: 'given twice',
    docs: 'schedule-language.md#dsl060',
    message: 'the start time is given twice',
    span: { start: 15, end: 23 },
    label: 'given again here',
    related: [{ span: { start: 6, end: 14 }, label: 'first given here' }],
    help: 'keep one of the two',
    suggestions: [],
  })
})

test('DST findings carry the transition as data: no consumer reads dates out of the message', () => {
  const result = compileSchedule('daily at 02:30 America/New_York', { now: new Date('2025-01-10T12:00:00Z') })
  const gap = result.diagnostics.find((d) => d.data?.kind === 'dst-gap')!
  assert.equal(gap.data, {
    kind: 'dst-gap',
    zone: 'America/New_York',
    date: '2025-03-09',
    time: '02:30',
    interval: { from: '02:00', to: '02:59' },
    transition: '2025-03-09T07:00:00.000Z',
    offsetBefore: -300,
    offsetAfter: -240,
    firstRun: false,
  })
  const overlap = compileSchedule('daily at 01:30 America/New_York', { now: new Date('2025-01-10T12:00:00Z') }).diagnostics.find((d) => d.data?.kind === 'dst-overlap')!
  assert.is(overlap.data?.kind === 'dst-overlap' && overlap.data.date, '2025-11-02')
  const first = compileSchedule('daily at 02:30 America/New_York starting 2025-03-09', { now: new Date('2025-01-10T12:00:00Z') }).diagnostics.find((d) => d.severity === 'error')!
  assert.is(first.code, 'DSL052')
  assert.is(first.data?.kind === 'dst-gap' && first.data.firstRun, true)
})

test.run()
