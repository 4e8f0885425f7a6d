import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { AuthError, type Transport } from '@scanplan/core/adapters'
import { QualysApiError } from '@scanplan/qualys'
import { createFetchTransport } from '@scanplan/transport-fetch'
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

/**
 * The platform's two hosts, both served by one simulator: requests to `qualysapi.test` and `gateway.test` go to it,
 * and each is recorded with the host it was meant for (a token fetched from the API server would show here).
 */
function twoHosts(simUrl: string): { transport: Transport; sent: string[] } {
  const inner = createFetchTransport({ maxRetries: 0 })
  const sent: string[] = []
  return {
    sent,
    transport: {
      send(request) {
        const url = new URL(request.url)
        sent.push(`${request.method} ${url.host}${url.pathname}`)
        return inner.send({ ...request, url: `${simUrl}${url.pathname}${url.search}` })
      },
    },
  }
}

const oidcFixture = (enabled: boolean) => {
  const f = fixture()
  if (enabled) f.subscriptions[0]!.oidcOnApiServer = true
  return f
}
const onApiServer = { ...source('USER'), platform: { apiServer: 'http://qualysapi.test', gateway: 'http://gateway.test' }, oidcOnApiServer: true }

test('source.oidcOnApiServer: option profile titles are resolved with the OIDC token, fetched from the gateway', async () => {
  const sim = await startSimulator({ port: 0, fixture: oidcFixture(true) })
  const { transport, sent } = twoHosts(sim.url)
  const pool = createQualysPool({ transport })
  try {
    const client = await pool.clientFor(onApiServer, createSecretReader({ env, baseDir: '.' }))
    assert.equal(await client.resolveOptionProfile('Initial Options'), { id: 240981, title: 'Initial Options', isDefault: true })
    assert.equal(await client.listOrgConnectors(), [])
    assert.equal(sent, ['POST gateway.test/auth/oidc', 'GET qualysapi.test/api/2.0/fo/subscription/option_profile/vm/', 'GET gateway.test/connectors/v1.0/AZURE/list'], 'one token, from the gateway, for both')
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
})

test('source.oidcOnApiServer where the subscription does not take the token: a 401 that names the fix', async () => {
  const sim = await startSimulator({ port: 0, fixture: oidcFixture(false) })
  const pool = createQualysPool({ transport: twoHosts(sim.url).transport })
  try {
    const client = await pool.clientFor(onApiServer, createSecretReader({ env, baseDir: '.' }))
    const refused = await client.listOptionProfiles().catch((e: unknown) => e)
    assert.instance(refused, QualysApiError)
    assert.is((refused as QualysApiError).status, 401)
    assert.match((refused as QualysApiError).message, /code 2000: Bad Login\/Password; the API server did not take the OIDC token: Qualys Support enables OIDC on \/api\/2\.0\/ per subscription \(oauth_oidc\.htm\); until it is, remove `oidcOnApiServer` from source and give option profiles by numeric id/)
    // Without the key, nothing is sent to the API server at all.
    const gatewayOnly = await pool.clientFor({ ...onApiServer, oidcOnApiServer: false }, createSecretReader({ env, baseDir: '.' }))
    assert.match(String(await gatewayOnly.listOptionProfiles().catch((e: unknown) => e)), /NoApiServerLoginError: .*needs an API server login/)
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
})

test.run()
