import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileMarkdown, planMarkdown } from './markdown.js'
import type { PlanDocument } from './documents.js'
import { compiled, file, misspelledKey } from './test-fixtures/diagnostics.js'

const plan: PlanDocument = {
  format: 'scanplan.plan/1',
  ok: true,
  changes: [
    { connector: 'Acme | <img src=x> **prod**', action: 'create', file, diff: [{ field: 'name', old: null, new: 'Acme' }, { field: 'authRecord.secret', old: null, new: '(sensitive)' }] },
    { connector: 'Acme `dev`', action: 'update', id: 186015, file, diff: [{ field: 'description', old: 'a|b', new: 'c' }] },
    { connector: 'Acme test', action: 'noop', id: 186016, file, diff: [] },
  ],
  diagnostics: [],
}

test('a plan: the summary, one table row per connector, a diff per change; names shown as written, never as HTML', () => {
  const md = planMarkdown(plan, { sources: new Map() })
  assert.is(
    md,
    [
      '### scanplan plan',
      '',
      '**Plan: 1 to create, 1 to update, 1 unchanged.**',
      '',
      '| action | connector | id | spec | fields |',
      '| --- | --- | --- | --- | --- |',
      '| create | `Acme \\| <img src=x> **prod**` |  | `specs/acme prod.yaml` | 2 |',
      '| update | `` Acme `dev` `` | 186015 | `specs/acme prod.yaml` | 1 |',
      '| no change | `Acme test` | 186016 | `specs/acme prod.yaml` | 0 |',
      '',
      '<details><summary>create <code>Acme | &lt;img src=x&gt; **prod**</code>: 2 fields</summary>',
      '',
      '| field | old | new |',
      '| --- | --- | --- |',
      '| `name` |  | `"Acme"` |',
      '| `authRecord.secret` |  | `"(sensitive)"` |',
      '',
      '</details>',
      '',
      '<details><summary>update <code>Acme `dev`</code> (id 186015): 1 field</summary>',
      '',
      '| field | old | new |',
      '| --- | --- | --- |',
      '| `description` | `"a\\|b"` | `"c"` |',
      '',
      '</details>',
      '',
    ].join('\n'),
  )
})

test('an apply adds the result column; a failed one says so instead of the summary', () => {
  const applied: PlanDocument = {
    format: 'scanplan.apply/1',
    ok: false,
    changes: [{ ...plan.changes[0]!, result: { status: 'failed', error: 'Qualys said <no>' } }],
    diagnostics: [],
  }
  const md = planMarkdown(applied, { sources: new Map() })
  assert.ok(md.startsWith('### scanplan apply\n\n**The apply did not succeed: see the diagnostics and results below.**\n'), md)
  assert.ok(md.includes('| action | connector | id | spec | fields | result |\n| --- | --- | --- | --- | --- | --- |\n'), md)
  assert.ok(md.includes('| 2 | failed: Qualys said &lt;no&gt; |'), md)
})

test('diagnostics: severity, the code linked to its docs, file:line:col, message and help in plain words', () => {
  const diagnostics = compiled(misspelledKey)
  const md = planMarkdown({ format: 'scanplan.plan/1', ok: false, changes: [], diagnostics }, { sources: new Map([[file, misspelledKey]]) })
  const line = misspelledKey.slice(0, misspelledKey.indexOf('descripton')).split('\n').length
  assert.ok(md.includes('**The plan has errors: nothing can be applied until they are fixed.**'), md)
  assert.ok(
    md.includes(`#### Diagnostics\n\n- **error** [SPEC002](https://github.com/scanplan/scanplan/blob/main/docs/spec.md#spec002) \`specs/acme prod.yaml:${line}:5\`: unknown key \\\`descripton\\\` at \\\`connectors\\[0\\].descripton\\\`<br>help: did you mean \\\`description\\\`?\n`),
    md,
  )
})

test('compile: each request in a fence longer than any backtick run of its body', () => {
  const md = compileMarkdown({ format: 'scanplan.compile/1', ok: true, requests: [{ connector: 'A', method: 'POST', path: '/x', body: { note: '```' } }], diagnostics: [] }, { sources: new Map() })
  assert.is(md, '### scanplan compile\n\n**1 request.**\n\n`POST /x` for `A`\n\n````json\n{\n  "note": "```"\n}\n````\n')
})

test.run()
