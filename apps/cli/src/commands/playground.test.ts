import { mkdir, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { runCli, startCliServer, type ServingCli } from '../test-support/run-cli.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

/** Starts `scanplan playground` as a real process and waits for the URL it prints. */
function serve(args: string[]): Promise<ServingCli> {
  return startCliServer(['playground', ...args], { urlPattern: /^(http:\/\/127\.0\.0\.1:\d+\/)\n/ })
}

function get(url: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const served = suite<{ dir: string; server?: ServingCli }>('playground server', { dir: '' })

served.before(async (ctx) => {
  ctx.dir = tempDir('playground')
  await mkdir(join(ctx.dir, 'assets'))
  await writeFile(join(ctx.dir, 'index.html'), '<!doctype html><title>playground</title>')
  await writeFile(join(ctx.dir, 'assets', 'main-abc123.js'), 'console.log(1)')
  await writeFile(join(tmpdir(), 'scanplan-playground-secret.txt'), 'outside')
  ctx.server = await serve(['--dir', ctx.dir, '--port', '0'])
})

served.after(async (ctx) => {
  ctx.server?.child.kill('SIGKILL')
  await rm(ctx.dir, { recursive: true, force: true })
  await rm(join(tmpdir(), 'scanplan-playground-secret.txt'), { force: true })
})

served('prints the loopback URL on stdout and serves the page at /', async (ctx) => {
  const r = await get(ctx.server!.url)
  assert.is(r.status, 200)
  assert.is(r.headers['content-type'], 'text/html; charset=utf-8')
  assert.is(r.headers['cache-control'], 'no-cache')
  assert.match(String(r.headers['content-security-policy']), /default-src 'self'/)
  assert.is(r.body, '<!doctype html><title>playground</title>')
  assert.match(ctx.server!.stderr(), /serving the schedule playground from/)
})

served('serves hashed assets with their type and a long cache; HEAD sends no body', async (ctx) => {
  const r = await get(`${ctx.server!.url}assets/main-abc123.js`)
  assert.is(r.status, 200)
  assert.is(r.headers['content-type'], 'text/javascript; charset=utf-8')
  assert.match(String(r.headers['cache-control']), /immutable/)
  assert.is(r.body, 'console.log(1)')
  const head = await get(`${ctx.server!.url}assets/main-abc123.js`, 'HEAD')
  assert.is(head.status, 200)
  assert.is(head.headers['content-length'], '14')
  assert.is(head.body, '')
})

served('answers 404 for missing files and for paths that climb out of the folder; 405 for writes', async (ctx) => {
  assert.is((await get(`${ctx.server!.url}nope.js`)).status, 404)
  const climb = await get(`${ctx.server!.url}..%2fscanplan-playground-secret.txt`)
  assert.is(climb.status, 404)
  assert.not.match(climb.body, /outside/)
  assert.is((await get(`${ctx.server!.url}%E0%A4%A`)).status, 404)
  assert.is((await get(ctx.server!.url, 'POST')).status, 405)
})

served('stops cleanly (exit 0) on SIGTERM', async (ctx) => {
  ctx.server!.child.kill('SIGTERM')
  assert.is(await ctx.server!.exit, 0)
})

served.run()

const errors = suite('playground errors')

errors('a folder without a built page is a clear error (exit 1) naming the build command', async () => {
  const empty = tempDir('playground-empty')
  try {
    const r = await runCli(['playground', '--dir', empty, '--port', '0'])
    assert.is(r.code, 1)
    assert.is(r.stdout, '')
    assert.match(r.stderr, /error: no built playground in /)
    assert.match(r.stderr, /help: .*pnpm --filter @scanplan\/playground build/)
  } finally {
    await rm(empty, { recursive: true, force: true })
  }
})

errors('a bad port is a usage error (exit 2)', async () => {
  const r = await runCli(['playground', '--port', 'eighty'])
  assert.is(r.code, 2)
  assert.match(r.stderr, /error: invalid port `eighty`/)
})

errors('a port in use is a clear error with the way out', async () => {
  const dir = tempDir('playground-busy')
  await writeFile(join(dir, 'index.html'), 'x')
  const first = await serve(['--dir', dir, '--port', '0'])
  try {
    const port = new URL(first.url).port
    const r = await runCli(['playground', '--dir', dir, '--port', port])
    assert.is(r.code, 1)
    assert.match(r.stderr, new RegExp(`error: port ${port} on 127\\.0\\.0\\.1 is in use`))
    assert.match(r.stderr, /--port 0/)
  } finally {
    first.child.kill('SIGTERM')
    await first.exit
    await rm(dir, { recursive: true, force: true })
  }
})

errors.run()
