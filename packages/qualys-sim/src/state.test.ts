import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { FixtureError, loadDefaultFixture, parseFixture, startSimulator, StateFileError } from './index.js'
import { seedCreateRequest } from '@scanplan/test-support/seed-request'
import { call, gatewayToken, postJson } from './test-support/http.js'
import { acme, acmeExpired, acmeInactive, acmeOidcClient, azureAppSecret, globex, initech } from '@scanplan/test-support/simulator-credentials'
import { tempDir } from '@scanplan/test-support/temp-dir'

test('a state file keeps connectors and profile renames across a restart, and never holds secrets', async () => {
  const dir = tempDir('qualys-sim')
  const stateFile = join(dir, 'state.json')
  try {
    const first = await startSimulator({ port: 0, stateFile })
    const token = await gatewayToken(first.url)
    const created = JSON.parse((await postJson(first.url, '/connectors/v1.0/org/azure/', token, seedCreateRequest())).body)
    first.admin.renameOptionProfile(1003451, 240981, 'Acme Default')
    await first.stop()
    const written = await readFile(stateFile, 'utf8')
    assert.not.ok(written.includes(azureAppSecret), 'the app secret is not written')
    assert.not.ok(written.includes('not-a-real-password'), 'fixture passwords are not written')

    const second = await startSimulator({ port: 0, stateFile })
    try {
      const token2 = await gatewayToken(second.url)
      const got = await call(second.url, `/connectors/v1.0/org/azure/${created.id}`, { headers: { Authorization: `Bearer ${token2}` } })
      assert.is(got.status, 200)
      assert.equal(JSON.parse(got.body), created)
      const body = seedCreateRequest()
      body.name = 'second tenant'
      const next = JSON.parse((await postJson(second.url, '/connectors/v1.0/org/azure/', token2, body)).body)
      assert.is(next.id, created.id + 1, 'ids continue where they stopped')
      const again = await postJson(second.url, '/connectors/v1.0/org/azure/', token2, seedCreateRequest())
      assert.is(again.status, 400, 'names read back from the state file are still taken')
      assert.match(again.body, /already exists/)
      assert.is(second.admin.state().subscriptions[0]!.optionProfiles[0]!.title, 'Acme Default')
    } finally {
      await second.stop()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('a corrupt state file is refused with a clear error, and left as it was', async () => {
  const dir = tempDir('qualys-sim')
  const stateFile = join(dir, 'state.json')
  try {
    await writeFile(stateFile, '{"format":')
    try {
      await startSimulator({ port: 0, stateFile })
      assert.unreachable('should have thrown')
    } catch (error) {
      assert.instance(error, StateFileError)
      assert.match((error as Error).message, /not readable JSON/)
    }
    assert.is(await readFile(stateFile, 'utf8'), '{"format":')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('the default fixture holds the example spec\'s account: acme3ab1 on US3 with "Initial Options" = 240981', () => {
  const fixture = loadDefaultFixture()
  const acme = fixture.subscriptions.find((s) => s.users.some((u) => u.username === 'acme3ab1'))!
  assert.is(acme.platform, 'US3')
  assert.equal(acme.optionProfiles.find((p) => p.title === 'Initial Options'), { id: 240981, title: 'Initial Options', isDefault: true, isGlobal: true })
  assert.ok(new Set(fixture.subscriptions.map((s) => s.platform)).size >= 2)
})

test('the default fixture holds the credentials the workspace\'s tests log in with (@scanplan/test-support)', () => {
  const fixture = loadDefaultFixture()
  const users = fixture.subscriptions.flatMap((s) => s.users.map((u) => ({ subscription: String(s.id), username: u.username, password: u.password })))
  for (const account of [acme, acmeInactive, acmeExpired, globex, initech]) {
    assert.equal(users.find((u) => u.username === account.username)?.password, account.password, account.username)
  }
  assert.is(users.find((u) => u.username === acme.username)?.subscription, acme.subscription)
  const clients = fixture.subscriptions.flatMap((s) => s.oidcClients ?? [])
  assert.equal(clients.find((c) => c.clientId === acmeOidcClient.clientId)?.clientSecret, acmeOidcClient.clientSecret)
  assert.is(clients.find((c) => c.clientId === acmeOidcClient.clientId)?.username, acme.username)
})

test('a bad fixture lists every problem with its path', () => {
  const fixture = structuredClone(loadDefaultFixture()) as any
  fixture.subscriptions[0].platform = 'US9'
  fixture.subscriptions[1].users[0].username = 'globx3gh1'
  fixture.subscriptions[2].optionProfiles.push({ id: 880001, title: 'Twin' })
  try {
    parseFixture(fixture, 'test.json')
    assert.unreachable('should have thrown')
  } catch (error) {
    assert.instance(error, FixtureError)
    const message = (error as Error).message
    assert.match(message, /subscriptions\[0\]\.platform: expected one of US1/)
    assert.match(message, /subscriptions\[1\]\.users\[0\]\.username: globx3gh1 names platform US3 but the subscription is on EU2/)
    assert.match(message, /subscriptions\[2\]\.optionProfiles\[1\]\.id: 880001 is used twice/)
  }
})

test('the simulator listens on loopback only', async () => {
  try {
    await startSimulator({ port: 0, host: '0.0.0.0' as '127.0.0.1' })
    assert.unreachable('should have thrown')
  } catch (error) {
    assert.match((error as Error).message, /127\.0\.0\.1 only/)
  }
  const sim = await startSimulator({ port: 0 })
  assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  await Promise.all([sim.stop(), sim.stop()])
  await sim.stop()
  const refused = await call(sim.url, '/auth').then(() => 'answered', (error: NodeJS.ErrnoException) => error.code)
  assert.is(refused, 'ECONNREFUSED', 'the port is closed after stop()')
})

test('a fixture file path works, and its own subscriptions are all the simulator knows', async () => {
  const dir = tempDir('qualys-sim')
  try {
    const fixture = loadDefaultFixture()
    fixture.subscriptions = [fixture.subscriptions[1]!]
    const path = join(dir, 'fixture.json')
    await writeFile(path, JSON.stringify(fixture))
    const sim = await startSimulator({ port: 0, fixture: path })
    try {
      assert.equal(sim.admin.state().subscriptions.map((s) => s.id), [2007712])
      const auth = await call(sim.url, '/auth', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: acme.username, password: acme.password, token: 'true' }).toString() })
      assert.is(auth.status, 401)
    } finally {
      await sim.stop()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test.run()
