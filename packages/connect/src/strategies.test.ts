import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { AuthError } from '@scanplan/core/adapters'
import { createSecretReader } from './secrets.js'
import { loadDefaultFixture, startSimulator } from '@scanplan/qualys-sim'
import { createQualysPool } from './qualys-pool.js'

// One user-level and one subscription-level client in the default fixture's subscription.
const userClient = { clientId: 'sim-user-client', clientSecret: 'sim-user-client-secret', username: 'acme3ab1' }
const subscriptionClient = { clientId: 'sim-subscription-client', clientSecret: 'sim-subscription-client-secret', username: 'acme3ab1', level: 'subscription' as const }

function fixture() {
  const f = loadDefaultFixture()
  f.subscriptions[0]!.oidcClients = [userClient, subscriptionClient]
  return f
}

const env = {
  USER_ID: userClient.clientId, USER_SECRET: userClient.clientSecret,
  SUB_ID: subscriptionClient.clientId, SUB_SECRET: subscriptionClient.clientSecret,
}
const platform = { apiServer: 'https://qualysapi.qg3.apps.qualys.com', gateway: 'https://gateway.qg3.apps.qualys.com' }
const source = (client: 'USER' | 'SUB', clientLevel?: 'user' | 'subscription') => ({
  site: 'acme', auth: 'oidc' as const, username: 'acme3ab1', platform,
  clientId: { env: `${client}_ID` }, clientSecret: { env: `${client}_SECRET` },
  ...(clientLevel ? { clientLevel } : {}),
})

test('source.clientLevel picks the token endpoint: user-level at /auth/oidc (the default), subscription-level at /auth/oauth', async () => {
  const sim = await startSimulator({ port: 0, fixture: fixture() })
  const pool = createQualysPool({ target: sim.url, maxRetries: 0 })
  const secrets = createSecretReader({ env, baseDir: '.' })
  try {
    for (const [client, level] of [['USER', undefined], ['USER', 'user'], ['SUB', 'subscription']] as const) {
      const connectors = await (await pool.clientFor(source(client, level), secrets)).listOrgConnectors()
      assert.ok(Array.isArray(connectors), `${client} ${level}`)
    }
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
})

test('the wrong endpoint for the client: 401, and the error names the key to change', async () => {
  const sim = await startSimulator({ port: 0, fixture: fixture() })
  const pool = createQualysPool({ target: sim.url, maxRetries: 0 })
  const secrets = createSecretReader({ env, baseDir: '.' })
  try {
    const asUser = await (await pool.clientFor(source('SUB'), secrets)).listOrgConnectors().catch((e) => e)
    assert.instance(asUser, AuthError)
    assert.is(asUser.status, 401)
    assert.match(asUser.message, /at \/auth\/oidc \(the endpoint of user-level clients.*set `clientLevel: subscription` under source \(\/auth\/oauth\)\)/)
    const asSubscription = await (await pool.clientFor(source('USER', 'subscription'), secrets)).listOrgConnectors().catch((e) => e)
    assert.instance(asSubscription, AuthError)
    assert.match(asSubscription.message, /at \/auth\/oauth \(.*set `clientLevel: user` under source \(\/auth\/oidc\)\)/)
    assert.not.ok(`${asUser.message}${asSubscription.message}`.includes('secret-'), 'no secret in the messages')
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
})

test.run()
