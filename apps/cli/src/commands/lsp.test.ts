import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runCli } from '../test-support/run-cli.js'

// The built bin, as an editor starts it: `scanplan lsp --stdio` loads @scanplan/language-server from its dist/.
const bin = fileURLToPath(new URL('../../dist/bin.cjs', import.meta.url))
const seed = fileURLToPath(new URL('../../../../examples/seed-azure-org.yaml', import.meta.url))

const frame = (message: object): string => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message })
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
}

/** Splits LSP's framing (`Content-Length` headers) into messages. */
function readFrames(buffer: Buffer): { messages: { id?: number; method?: string; params?: any; result?: any }[]; rest: Buffer } {
  const messages = []
  let rest = buffer
  for (;;) {
    const headerEnd = rest.indexOf('\r\n\r\n')
    if (headerEnd < 0) break
    const length = Number(/Content-Length: (\d+)/i.exec(rest.subarray(0, headerEnd).toString())?.[1])
    if (rest.length < headerEnd + 4 + length) break
    messages.push(JSON.parse(rest.subarray(headerEnd + 4, headerEnd + 4 + length).toString()))
    rest = rest.subarray(headerEnd + 4 + length)
  }
  return { messages, rest }
}

test('`scanplan lsp --stdio` speaks LSP on stdio: the seed example gets its diagnostics, and shutdown + exit ends it with 0', async () => {
  const text = await readFile(seed, 'utf8')
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC' } })
  let pending: Buffer = Buffer.alloc(0)
  const seen: { id?: number; method?: string; params?: any; result?: any }[] = []
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const waitFor = (pick: (m: (typeof seen)[number]) => boolean) => new Promise<(typeof seen)[number]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no such message within 30 s; got ${JSON.stringify(seen).slice(0, 500)}; stderr ${stderr}`)), 30_000)
    const look = () => {
      const found = seen.find(pick)
      if (found) {
        clearTimeout(timer)
        child.stdout.off('data', look)
        resolve(found)
      }
    }
    child.stdout.on('data', look)
    look()
  })
  child.stdout.on('data', (chunk: Buffer) => {
    const { messages, rest } = readFrames(Buffer.concat([pending, chunk]))
    pending = rest
    seen.push(...messages)
  })
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve))
  child.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }))
  const init = await waitFor((m) => m.id === 1)
  assert.ok(init.result.capabilities.hoverProvider)
  child.stdin.write(frame({ method: 'initialized', params: {} }))
  child.stdin.write(frame({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///x/seed-azure-org.yaml', languageId: 'yaml', version: 1, text } } }))
  const published = await waitFor((m) => m.method === 'textDocument/publishDiagnostics')
  assert.ok(published.params.diagnostics.some((d: { code: string }) => d.code === 'SPEC060'), JSON.stringify(published.params))
  child.stdin.write(frame({ id: 2, method: 'shutdown' }))
  await waitFor((m) => m.id === 2)
  child.stdin.end(frame({ method: 'exit' }))
  assert.is(await exit, 0)
  assert.is(stderr, '', 'nothing on stderr')
})

test('`scanplan lsp` without --stdio is a usage error that says what to write', async () => {
  const r = await runCli(['lsp'])
  assert.is(r.code, 2)
  assert.match(r.stderr, /lsp --stdio/)
})

test.run()
