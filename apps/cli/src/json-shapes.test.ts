import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { commands } from './command-table.js'
import { assertMatchesSchema } from './test-support/json-schema.js'
import { runCli } from './test-support/run-cli.js'
import { readSimEnv } from '@scanplan/test-support/sim-env'
import { tempDir } from '@scanplan/test-support/temp-dir'

// Every command's --json output, as a subprocess prints it, against the schema docs/cli.md documents
// (apps/cli/schemas/NAME.json). A new command must be added here, with a schema or a stated reason.

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url))
const seed = `${examples}seed-azure-org.yaml`
/** What plan and apply take: the seed with realistic fake ids (placeholder ids are an error there). */
const acme = `${examples}acme-azure-org.yaml`
const simEnv = readSimEnv()
const now = '2026-11-22T09:00:00Z'
const tmp = tempDir('json-shapes')
test.after(() => rmSync(tmp, { recursive: true, force: true }))

interface Case {
  args: string[]
  env?: Record<string, string>
  stdin?: string
  schema: string
  /** JSON Lines: one document per line. */
  lines?: boolean
  codes: number[]
}

const cases: Record<string, Case[] | string> = {
  schedule: [{ args: ['schedule', '--json', '--now', now, '-'], stdin: 'weekly on MON,WED at 12:00 Asia/Colombo using profile 240981 prefix edge\ndaily at 25:00 UTC\n', schema: 'schedule', lines: true, codes: [1] }],
  explain: [{ args: ['explain', '--json', '--now', now, 'daily at 02:20 Europe/Berlin'], schema: 'explain', lines: true, codes: [0] }],
  compile: [
    { args: ['compile', '--json', '--now', now, seed], schema: 'compile', codes: [0] },
    { args: ['compile', '--json', '--now', now, '-'], stdin: 'source: {}\n', schema: 'compile', codes: [1] },
  ],
  platform: [
    { args: ['platform', '--json', 'acme3ab1'], schema: 'platform', codes: [0] },
    { args: ['platform', '--json', 'zz'], schema: 'platform', codes: [1] },
  ],
  schema: 'prints the spec JSON Schema itself, with or without --json (checked below)',
  init: [{ args: ['init', '--json', '--username', 'acme3ab1', '--out', join(tmp, 'spec.yaml')], schema: 'init', codes: [0] }],
  doctor: [
    { args: ['doctor', '--json', '--offline', '--now', '2026-11-22', seed], env: simEnv, schema: 'doctor', codes: [0] },
    { args: ['doctor', '--json', '--target', 'sim', '--now', '2026-11-22', seed], env: simEnv, schema: 'doctor', codes: [0] },
    { args: ['doctor', '--json', '--probe', '--target', 'sim', '--now', '2026-11-22', seed], env: simEnv, schema: 'doctor', codes: [0] },
  ],
  plan: [
    { args: ['plan', '--json', '--target', 'sim', '--now', now, acme], env: simEnv, schema: 'plan', codes: [0] },
    { args: ['plan', '--json', '--target', 'sim', '--now', now, acme], env: { ...simEnv, QUALYS_PASSWORD: 'wrong' }, schema: 'plan', codes: [3] },
    { args: ['plan', '--json', '--keep-going', '--target', 'sim', '--now', now, acme], env: { ...simEnv, QUALYS_PASSWORD: 'wrong' }, schema: 'plan', codes: [3] },
  ],
  apply: [{ args: ['apply', '--json', '--yes', '--target', 'sim', '--now', now, acme], env: simEnv, schema: 'plan', codes: [0] }],
  // An in-process simulator has no connectors: the refusal (exit 1) is checked here, a written spec in commands/import.test.ts.
  import: [{ args: ['import', '--json', '--target', 'sim', '--now', now, acme], env: simEnv, schema: 'import', codes: [1] }],
  sim: 'runs until stopped; its own test (commands/sim.test.ts) checks `sim --json` against schemas/sim.json',
  serve: 'runs until stopped and prints its URL; the service answers JSON over HTTP (docs/webhook.md)',
  playground: 'runs until stopped and prints its URL',
  lsp: 'speaks the Language Server Protocol on stdout, not JSON documents (commands/lsp.test.ts)',
}

test('every command is covered: a schema-checked --json case or a stated reason', () => {
  assert.equal(Object.keys(cases).sort(), commands.map((c) => c.name).sort(), 'json-shapes.test.ts lists exactly the commands of the table')
})

for (const [name, list] of Object.entries(cases)) {
  if (typeof list === 'string') continue
  test(`${name} --json matches schemas/${list[0]!.schema}.json`, async () => {
    for (const c of list) {
      const r = await runCli(c.args, { ...(c.env ? { env: c.env } : {}), ...(c.stdin !== undefined ? { stdin: c.stdin } : {}) })
      assert.ok(c.codes.includes(r.code ?? -1), `scanplan ${c.args.join(' ')}: exit ${r.code}\n${r.stderr}`)
      const documents = c.lines ? r.stdout.trim().split('\n') : [r.stdout]
      assert.ok(documents.length > 0 && documents[0] !== '', `scanplan ${c.args.join(' ')} printed no JSON`)
      for (const d of documents) assertMatchesSchema(JSON.parse(d), c.schema)
    }
  })
}

test('schema prints a draft-07 JSON Schema', async () => {
  const r = await runCli(['schema'])
  assert.is(r.code, 0)
  assert.is((JSON.parse(r.stdout) as { $schema: string }).$schema, 'http://json-schema.org/draft-07/schema#')
})

test('schema --webhook-config prints the webhook configuration\'s schema, the file @scanplan/webhook ships', async () => {
  const r = await runCli(['schema', '--webhook-config'])
  assert.is(r.code, 0, r.stderr)
  const printed = JSON.parse(r.stdout) as { $id: string; title: string }
  assert.is(printed.title, 'scanplan webhook configuration')
  assert.is(r.stdout, readFileSync(fileURLToPath(new URL('../../webhook/config-schema.json', import.meta.url)), 'utf8'))
})

test.run()
