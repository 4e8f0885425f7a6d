import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { machineDiagnostic } from '@scanplan/core'
import { annotationOf, workflowCommand, workflowCommands } from './annotations.js'
import { compiled, file, misspelledKey } from './test-fixtures/diagnostics.js'

test('a spec diagnostic becomes an ::error command on its line and columns, title and message escaped', () => {
  const [d] = compiled(misspelledKey)
  const sources = new Map([[file, misspelledKey]])
  const line = misspelledKey.slice(0, misspelledKey.indexOf('descripton')).split('\n').length
  const col = misspelledKey.indexOf('descripton') - misspelledKey.lastIndexOf('\n', misspelledKey.indexOf('descripton'))
  assert.equal(annotationOf(d!, sources), {
    level: 'error',
    message: 'unknown key `descripton` at `connectors[0].descripton`\nhelp: did you mean `description`?\ndocs: https://github.com/scanplan/scanplan/blob/main/docs/spec.md#spec002',
    title: 'SPEC002: unknown or duplicate key',
    file,
    line,
    endLine: line,
    col,
    endColumn: col + 'descripton'.length - 1,
  })
  assert.is(
    workflowCommands([d!], sources),
    `::error title=SPEC002%3A unknown or duplicate key,file=specs/acme prod.yaml,line=${line},endLine=${line},col=${col},endColumn=${col + 9}::unknown key \`descripton\` at \`connectors[0].descripton\`%0Ahelp: did you mean \`description\`?%0Adocs: https://github.com/scanplan/scanplan/blob/main/docs/spec.md#spec002\n`,
  )
})

test("GitHub's escaping: % CR LF in data; also : and , in properties; nothing else touched", () => {
  assert.is(
    workflowCommand({ level: 'warning', title: 'a: b, c', file: 'dir,1/x:y%.yaml', line: 3, message: '100% done\r\nnext: a, b ::x::' }),
    '::warning title=a%3A b%2C c,file=dir%2C1/x%3Ay%25.yaml,line=3::100%25 done%0D%0Anext: a, b ::x::',
  )
})

test('a note is a notice; a diagnostic whose file text is unknown names the file without a line', () => {
  const d = machineDiagnostic({ code: 'QUALYS-AUTH', severity: 'note', message: 'login refused', span: { start: 0, end: 0 }, suggestions: [], file: 'a.yaml' })
  assert.is(workflowCommand(annotationOf(d, new Map())), '::notice title=QUALYS-AUTH%3A Qualys refused the credentials,file=a.yaml::login refused%0Adocs: https://github.com/scanplan/scanplan/blob/main/docs/plan-apply.md#qualys-auth')
})

test('a span over several lines gets lines only (GitHub ignores columns across lines)', () => {
  const text = 'a: 1\nb: 2\nc: 3\n'
  const d = machineDiagnostic({ code: 'SPEC002', severity: 'error', message: 'm', span: { start: 2, end: 9 }, suggestions: [], file: 'x.yaml' })
  const a = annotationOf(d, new Map([['x.yaml', text]]))
  assert.equal([a.line, a.endLine, a.col, a.endColumn], [1, 2, undefined, undefined])
})

test.run()
