import { execFile } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { positionOf } from './test-fixtures/lsp-client.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

const run = promisify(execFile)
const script = fileURLToPath(new URL('./test-fixtures/neovim-client.lua', import.meta.url))
const serverEntry = fileURLToPath(new URL('./test-fixtures/serve-stdio.ts', import.meta.url))
const uuid = '6f1c2b8e-0d1a-4c55-9a0e-3b7d2c1e9f40'

// One spec with a schedule error after astral characters on its line (Neovim turns LSP's UTF-16 columns into byte
// columns itself, so this checks our columns against an independent implementation) and an old zone name whose
// rename is a machine-applicable fix.
const text = `source:
  site: acme-prod
  username: acme3ab1
  auth: session
  password: { env: QUALYS_PASSWORD }
connectors:
  - kind: azure-org
    name: Acme production tenant
    tenant: { id: ${uuid} }
    application: { id: ${uuid}, secret: { env: AZURE_APP_SECRET } }
    apps: [{ name: AI, identifier: ${uuid} }]
    autoActivate: [VM]
    perimeterScan: { prefix: "scan-😀é", schedule: "daily at 25:00 UTC", optionProfile: 240981 }
  - kind: azure-org
    name: Acme staging tenant
    tenant: { id: ${uuid} }
    application: { id: ${uuid}, secret: { env: AZURE_APP_SECRET } }
    apps: [{ name: AI, identifier: ${uuid} }]
    autoActivate: [VM]
    perimeterScan:
      schedule: weekly on mon at 12:00 Asia/Calcutta
      prefix: custom-scan
      optionProfile: 240981
`

test('Neovim\'s built-in LSP client gets diagnostics with the right columns, hover, completion and the quick fix', async () => {
  const dir = tempDir('nvim')
  try {
    const file = join(dir, 'acme.scanplan.yaml')
    const out = join(dir, 'result.json')
    await writeFile(file, text)
    const request = {
      file,
      out,
      root: dir,
      cmd: [process.execPath, '--conditions=@scanplan/source', '--import', 'tsx', serverEntry],
      hover: positionOf(text, 'weekly on mon', 2),
      completion: positionOf(text, 'weekly on mon', 'weekly on mo'.length),
      action: positionOf(text, 'Asia/Calcutta', 2),
    }
    await run('nvim', ['--headless', '--clean', '-n', '-u', 'NONE', '-c', `luafile ${script}`], {
      env: { ...process.env, NODE_OPTIONS: '', SCANPLAN_NVIM_REQUEST: JSON.stringify(request), SCANPLAN_LSP_NOW: '2026-12-03T10:00:00Z', SCANPLAN_LSP_DEBOUNCE_MS: '20' },
      timeout: 90_000,
    })
    const result = JSON.parse(await readFile(out, 'utf8'))
    assert.ok(result.attached, 'diagnostics reached Neovim')
    const bad = result.diagnostics.find((d: { code: string }) => d.code === 'DSL020')
    assert.ok(bad, JSON.stringify(result.diagnostics))
    const line = text.split('\n')[bad.lnum] as string
    assert.is(bad.lnum, positionOf(text, '25:00').line)
    assert.is(bad.col, Buffer.byteLength(line.slice(0, line.indexOf('25:00'))), 'the byte column Neovim computed from our UTF-16 column')
    assert.is(bad.end_col, bad.col + 5)
    assert.is(bad.severity, 1, 'an error')
    assert.ok(result.diagnostics.some((d: { code: string }) => d.code === 'W102'), 'the old zone name is reported')
    assert.match(result.hover.contents.value, /Weekly on Monday at 12:00 in Asia\/Kolkata/)
    const labels = (Array.isArray(result.completion) ? result.completion : result.completion.items).map((i: { label: string }) => i.label)
    assert.ok(labels.includes('monday'), JSON.stringify(labels.slice(0, 20)))
    const fixes = result.actions.filter((a: { kind: string }) => a.kind === 'quickfix')
    assert.ok(fixes.some((a: { edit: { changes: Record<string, { newText: string }[]> } }) => Object.values(a.edit.changes)[0]?.[0]?.newText === 'Asia/Kolkata'), JSON.stringify(result.actions))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test.run()
