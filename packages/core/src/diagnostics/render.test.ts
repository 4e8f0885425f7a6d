import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSchedule } from '../schedule/compile.js'
import { renderDiagnostics } from './render.js'
import type { Diagnostic } from './types.js'

const now = new Date('2024-06-12T09:00:00Z')

test('the design example, exactly (rustc layout, no colour unless asked)', () => {
  const phrase = 'scan weekly on MON,WED at 12:00 Asia/Colmbo'
  const result = compileSchedule(phrase, { now })
  assert.is(
    renderDiagnostics(phrase, result.diagnostics),
    [
      'error[DSL040]: unknown time zone `Asia/Colmbo`',
      '  |',
      '1 | scan weekly on MON,WED at 12:00 Asia/Colmbo',
      '  |                                 ^^^^^^^^^^^ not in the IANA time zone database',
      '  |',
      'help: did you mean `Asia/Colombo`?',
      '',
    ].join('\n'),
  )
  assert.not.match(renderDiagnostics(phrase, result.diagnostics), /\u001b\[/)
  assert.match(renderDiagnostics(phrase, result.diagnostics, { color: true }), /\u001b\[1;31merror\[DSL040\]/)
})

test('related spans are secondary labels under the same line (DSL060)', () => {
  const phrase = 'daily at 09:00 at 10:00 UTC'
  const out = renderDiagnostics(phrase, compileSchedule(phrase, { now }).diagnostics)
  assert.is(
    out,
    [
      'error[DSL060]: the start time is given twice',
      '  |',
      '1 | daily at 09:00 at 10:00 UTC',
      '  |                ^^^^^^^^ given again here',
      '  |       -------- first given here',
      '  |',
      'help: keep one of the two',
      '',
    ].join('\n'),
  )
})

test('a multi-line file: --> header, the real line numbers, gutter width, gaps elided', () => {
  const text = ['connectors:', '  - name: a', '    perimeterScan:', '      schedule: daily at 9 UTC', '', '', '', '', '', '      timezone: x', ''].join('\n')
  const at = text.indexOf('9 UTC')
  const zone = text.indexOf('timezone')
  const d: Diagnostic = {
    code: 'DSL021',
    severity: 'error',
    message: 'a bare hour',
    span: { start: at, end: at + 1 },
    label: 'morning or evening?',
    help: 'write `09:00`',
    suggestions: [],
    related: [{ span: { start: zone, end: zone + 8 }, label: 'also here' }],
    path: 'connectors[0].perimeterScan.schedule',
  }
  assert.is(
    renderDiagnostics(text, [d], { file: 'spec.yaml' }),
    [
      'error[DSL021]: a bare hour',
      '  --> spec.yaml:4:26 (connectors[0].perimeterScan.schedule)',
      '   |',
      ' 4 |       schedule: daily at 9 UTC',
      '   |                          ^ morning or evening?',
      '...',
      '10 |       timezone: x',
      '   |       -------- also here',
      '   |',
      'help: write `09:00`',
      '',
    ].join('\n'),
  )
})

test('a zero-width span at the end gets one caret; severities are named', () => {
  const phrase = 'daily at 09:00'
  const out = renderDiagnostics(phrase, compileSchedule(phrase, { now }).diagnostics)
  assert.ok(out.startsWith('error[DSL043]: missing the time zone\n'))
  assert.match(out, /\n {2}\| {15}\^\n/)
  const notes = renderDiagnostics('daily at 03:10 Asia/Saigon', compileSchedule('daily at 03:10 Asia/Saigon', { now }).diagnostics)
  assert.ok(notes.startsWith('note[W102]'))
})

test('spans point into the original text after normalization (NBSP, dashes, ligatures)', () => {
  const phrase = 'on\u00a0ﬁ–mon at 09:00 Asia/Colmbo'
  const d = compileSchedule(phrase, { now }).diagnostics
  const zone = d.find((x) => x.code === 'DSL040')!
  assert.is(phrase.slice(zone.span.start, zone.span.end), 'Asia/Colmbo')
})

test.run()
