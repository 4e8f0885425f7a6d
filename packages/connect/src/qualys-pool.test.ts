import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { AuthStrategy } from '@scanplan/core/adapters'
import { applySpecs, planSpecs, type StrategiesFor } from '@scanplan/qualys'
import { startSimulator } from '@scanplan/qualys-sim'
import { createQualysPool } from './qualys-pool.js'
import { secretsOfSpecFiles } from './secrets.js'
import { strategiesForAuthKind } from './strategies.js'
import { acme, azureAppSecret } from '@scanplan/test-support/simulator-credentials'

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url))
const spec = { file: 'acme-azure-org.yaml', text: readFileSync(`${examples}acme-azure-org.yaml`, 'utf8') }
// The simulator's default fixture accepts these (examples/sim.env).
const env = { QUALYS_PASSWORD: acme.password, AZURE_APP_SECRET: azureAppSecret }
const now = new Date('2026-06-01T00:00:00Z')

test('the default strategies: the seed spec planned and applied against the simulator, sessions logged out', async () => {
  const sim = await startSimulator({ port: 0 })
  const pool = createQualysPool({ target: sim.url })
  const secretsOf = secretsOfSpecFiles({ env, cwd: examples })
  try {
    const planned = await planSpecs([spec], pool, { secretsOf, now })
    assert.is(planned[0]!.error, undefined)
    const [applied] = await applySpecs(planned, { secretsOf })
    assert.equal(applied!.applied!.map((c) => c.result.status), ['created'])
  } finally {
    await pool.closeAll()
    const counters = sim.admin.counters().subscriptions['1003451']!
    assert.is(counters.logins, counters.logouts)
    await sim.stop()
  }
})

test('a strategy of your own plugs in: every call goes through it (docs/extending.md)', async () => {
  const sim = await startSimulator({ port: 0 })
  const seen: string[] = []
  // A strategy that decorates another, as a proxy's extra header or an audit log would: what the caller composes.
  const audited = (inner: AuthStrategy): AuthStrategy => ({
    kind: `audited-${inner.kind}`,
    async authenticate(request, ctx) {
      seen.push(`${inner.kind} ${request.method} ${new URL(request.url).pathname}`)
      return inner.authenticate({ ...request, headers: { ...request.headers, 'X-Audit': 'connect-test' } }, ctx)
    },
    ...(inner.renew ? { renew: (response, ctx) => inner.renew!(response, ctx) } : {}),
    close: () => inner.close(),
  })
  const strategiesFor: StrategiesFor = async (source, secrets) => {
    const auth = await strategiesForAuthKind(source, secrets)
    return { ...(auth.v2 ? { v2: audited(auth.v2) } : {}), gateway: audited(auth.gateway) }
  }
  const pool = createQualysPool({ target: sim.url, strategiesFor })
  try {
    const [planned] = await planSpecs([spec], pool, { secretsOf: secretsOfSpecFiles({ env, cwd: examples }), now })
    assert.is(planned!.error, undefined)
    assert.equal(planned!.plan!.changes.map((c) => c.action), ['create'])
    assert.ok(seen.includes('jwt GET /connectors/v1.0/AZURE/list'), seen.join('\n'))
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
})

test.run()
