import { rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { assertMatchesSchema } from '../test-support/json-schema.js'
import { runCli, startCliServer, type ServingCli } from '../test-support/run-cli.js'
import { acme } from '@scanplan/test-support/simulator-credentials'
import { tempDir } from '@scanplan/test-support/temp-dir'

/** Starts `scanplan sim` as a real process and waits for the URL it prints on stdout. */
function serve(args: string[], env: Record<string, string> = {}): Promise<ServingCli> {
  // Plain output is the URL line; --json prints one document with a "url" member.
  return startCliServer(['sim', ...args], { env, urlPattern: /^(?:(http:\/\/127\.0\.0\.1:\d+)\n|\{[\s\S]*"url": "(http:\/\/127\.0\.0\.1:\d+)"[\s\S]*\n\}\n)/ })
}

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('scanplan sim --port 0 prints its URL, serves the default fixture, and stops cleanly on SIGTERM', async () => {
  const served = await serve(['--port', '0'])
  try {
    // The credentials of examples/sim.env open the default fixture.
    const login = await post(`${served.url}/api/2.0/fo/session/`, new URLSearchParams({ action: 'login', username: acme.username, password: acme.password }).toString(), {
      'X-Requested-With': 'test',
      'Content-Type': 'application/x-www-form-urlencoded',
    })
    assert.is(login.status, 200)
    assert.ok(login.body.includes('<TEXT>Logged in</TEXT>'))
    assert.match(served.stderr(), /acme3ab1 \(US3\)/)
    assert.not.ok(served.stderr().includes(acme.password))
  } finally {
    served.child.kill('SIGTERM')
  }
  assert.is(await served.exit, 0)
})

test('the admin token comes from SCANPLAN_SIM_ADMIN_TOKEN and is never printed', async () => {
  const served = await serve(['--port', '0', '--json'], { SCANPLAN_SIM_ADMIN_TOKEN: 'cli-test-admin-token' })
  try {
    const res = await new Promise<number>((resolve, reject) => {
      request(`${served.url}/__admin/state`, { headers: { Authorization: 'Bearer cli-test-admin-token' }, agent: false }, (r) => {
        r.resume()
        resolve(r.statusCode ?? 0)
      })
        .on('error', reject)
        .end()
    })
    assert.is(res, 200)
    assert.not.match(served.stderr(), /cli-test-admin-token/)
    const printed = JSON.parse(served.stdout()) as { url: string; subscriptions: Array<{ users: string[] }> }
    assertMatchesSchema(printed, 'sim')
    assert.is(printed.url, served.url)
    assert.ok(printed.subscriptions[0]!.users.includes('acme3ab1'))
  } finally {
    served.child.kill('SIGINT')
  }
  assert.is(await served.exit, 0)
})

test('a bad fixture is a clear error with exit 1; a bad port is a usage error', async () => {
  const dir = tempDir('sim')
  try {
    await writeFile(join(dir, 'fixture.json'), JSON.stringify({ subscriptions: [{ id: 1, uuid: 'u', company: 'c', platform: 'US3', vmActivated: true, optionProfiles: [], users: [] }] }))
    const bad = await runCli(['sim', '--port', '0', '--fixture', 'fixture.json'], { cwd: dir })
    assert.is(bad.code, 1)
    assert.match(bad.stderr, /invalid simulator fixture .*fixture\.json/)
    assert.match(bad.stderr, /subscriptions\[0\]\.users: expected a non-empty array/)
    const port = await runCli(['sim', '--port', 'eighty'])
    assert.is(port.code, 2)
    assert.match(port.stderr, /invalid port `eighty`/)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('--variant plays other readings of the docs (comma list or repeated); an unknown name is a usage error', async () => {
  const served = await serve(['--port', '0', '--json', '--variant', 'update-post,token-503', '--variant', 'frequency-minutes'])
  try {
    const printed = JSON.parse(served.stdout()) as { url: string; variants: string[] }
    assertMatchesSchema(printed, 'sim')
    assert.equal(printed.variants.sort(), ['frequency-minutes', 'token-503', 'update-post'])
    // token-503 in play: the first token request meets a 503 page.
    const token = await post(`${served.url}/auth`, new URLSearchParams({ username: acme.username, password: acme.password, token: 'true' }).toString(), { 'Content-Type': 'application/x-www-form-urlencoded' })
    assert.is(token.status, 503)
  } finally {
    served.child.kill('SIGTERM')
  }
  assert.is(await served.exit, 0)
  assert.match(served.stderr(), /playing variants: update-post, token-503, frequency-minutes/)
  const bad = await runCli(['sim', '--port', '0', '--variant', 'update-put'])
  assert.is(bad.code, 2)
  assert.match(bad.stderr, /unknown variant "update-put"; known: org-list-absent, update-post/)
})

test.run()
