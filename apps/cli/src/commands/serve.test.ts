import { copyFileSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEnv } from 'node:util'
import { signStandardWebhook } from '@scanplan/webhook-inbox'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runCli, startCliServer } from '../test-support/run-cli.js'
import { acme, azureAppSecret } from '@scanplan/test-support/simulator-credentials'
import { tempDir } from '@scanplan/test-support/temp-dir'

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url))

/** The demo's config and env file, copied so the inbox file lands in a temp dir, not in examples/. */
function demoDir() {
  const dir = tempDir('serve')
  copyFileSync(join(examples, 'webhook.config.yaml'), join(dir, 'webhook.config.yaml'))
  copyFileSync(join(examples, 'webhook.env'), join(dir, 'webhook.env'))
  return dir
}

test('serve: the demo loop against the simulator, then a clean SIGTERM stop', async () => {
  const dir = demoDir()
  const env = parseEnv(readFileSync(join(dir, 'webhook.env'), 'utf8')) as Record<string, string>
  const served = await startCliServer(['serve', '--config', join(dir, 'webhook.config.yaml'), '--port', '0', '--target', 'sim'], {
    urlPattern: /^(http:\/\/127\.0\.0\.1:\d+)\n/,
  })
  const { child, url, exit } = served
  try {
    const deadline = Date.now() + 30_000
    const body = readFileSync(join(examples, 'webhook-delivery.json'), 'utf8')
    const id = 'msg_cli_demo'
    const timestamp = Math.floor(Date.now() / 1000)
    const response = await fetch(`${url}/hooks/spec`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signStandardWebhook(env.SCANPLAN_WEBHOOK_SECRET!, id, timestamp, body),
      },
      body,
    })
    assert.is(response.status, 202)
    let status = ''
    while (status !== 'applied' && Date.now() < deadline) {
      const record = await fetch(`${url}/deliveries/${id}`, { headers: { authorization: `Bearer ${env.SCANPLAN_WEBHOOK_ADMIN_TOKEN}` } })
      status = ((await record.json()) as { status: string }).status
      if (status === 'failed') break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    assert.is(status, 'applied')
    child.kill('SIGTERM')
    assert.is(await exit, 0)
    assert.is(served.stdout(), `${url}\n`, 'stdout holds the URL only; logs go to stderr')
    assert.match(served.stderr(), /Qualys simulator on http:\/\/127\.0\.0\.1:\d+/)
    assert.match(served.stderr(), /"msg":"delivery applied"/)
    for (const secret of [acme.password, azureAppSecret]) assert.not.ok(served.stderr().includes(secret))
  } finally {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
})

test('serve: a configuration problem is a clear error, exit 1', async () => {
  const missing = await runCli(['serve', '--config', 'no-such-webhook.yaml'])
  assert.is(missing.code, 1)
  assert.match(missing.stderr, /no-such-webhook\.yaml: the webhook configuration is not valid:\n {2}cannot read the file: ENOENT/)
  const dir = demoDir()
  try {
    rmSync(join(dir, 'webhook.env'))
    const noSecrets = await runCli(['serve', '--config', join(dir, 'webhook.config.yaml')])
    assert.is(noSecrets.code, 1)
    assert.match(noSecrets.stderr, /adminToken: the environment variable SCANPLAN_WEBHOOK_ADMIN_TOKEN is not set/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('serve: a port held by another process fails loudly, exit 1', async () => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  const port = (blocker.address() as { port: number }).port
  const dir = demoDir()
  try {
    const result = await runCli(['serve', '--config', join(dir, 'webhook.config.yaml'), '--port', String(port)])
    assert.is(result.code, 1)
    assert.match(result.stderr, /EADDRINUSE/)
    assert.match(result.stderr, /another process holds the port/)
    assert.is(result.stdout, '')
  } finally {
    blocker.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('serve: a bad port or a stray argument is a usage error, exit 2', async () => {
  assert.is((await runCli(['serve', '--port', 'eighty'])).code, 2)
  assert.is((await runCli(['serve', 'webhook.yaml'])).code, 2)
})

test.run()
