import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSpec } from '@scanplan/core'
import { startSimulator } from '@scanplan/qualys-sim'
import { acme, azureAppSecret } from '@scanplan/test-support/simulator-credentials'
import { probeQualys, type ProbeQualysOptions, type ProbeReport } from './doctor-probe.js'

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url))
const text = readFileSync(`${examples}acme-azure-org.yaml`, 'utf8')
const now = new Date('2026-06-01T00:00:00Z')
const compiled = compileSpec(text, { file: 'acme-azure-org.yaml', now })

function options(targetUrl: string, password: string, account: { probe?: ProbeReport } = {}): ProbeQualysOptions {
  return {
    source: compiled.source!, targetUrl, specDir: examples, haveCredentials: true, text, file: 'acme-azure-org.yaml', now,
    titles: compiled.unresolvedProfiles, account, env: { QUALYS_PASSWORD: password, AZURE_APP_SECRET: azureAppSecret }, userAgent: 'scanplan-test',
  }
}

test('probeQualys: reachability, login and option profiles against the simulator, through the client plan uses', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const checks = await probeQualys(options(sim.url, acme.password))
    assert.equal(checks.map((c) => [c.id, c.status]), [['reachability', 'ok'], ['login', 'ok'], ['option-profiles', 'ok']])
    assert.match(checks[1]!.message, /^as acme3ab1 on the API server \(session\) and the gateway/)
  } finally {
    await sim.stop()
  }
})

test('probeQualys: a wrong password fails the login with advice and never shows the password; --probe readings are taken', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const wrong = 'not-the-password-7f3a'
    const account: { probe?: ProbeReport } = { probe: { skipped: 'not yet' } }
    const checks = await probeQualys(options(sim.url, wrong, account))
    const login = checks.find((c) => c.id === 'login')!
    assert.is(login.status, 'fail')
    assert.match(login.help ?? '', /check the username, the password/)
    assert.not.match(JSON.stringify(checks), new RegExp(wrong))
    assert.not.equal(account.probe, { skipped: 'not yet' })
  } finally {
    await sim.stop()
  }
})

test('probeQualys: an address nobody listens on fails reachability and skips login and option profiles', async () => {
  // A port that was free a moment ago: nothing listens there now.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
  const checks = await probeQualys(options(`http://127.0.0.1:${port}`, acme.password))
  assert.equal(checks.map((c) => [c.id, c.status]), [['reachability', 'fail'], ['login', 'skip'], ['option-profiles', 'skip']])
})

test.run()
