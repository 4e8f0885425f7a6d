import { strategiesForAuthKind } from '@scanplan/connect'
import type { AuthStrategy } from '@scanplan/core/adapters'
import type { StrategiesFor } from '@scanplan/qualys'
import { startSimulator } from '@scanplan/qualys-sim'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadServiceConfig } from './config/load-config.js'
import { startWebhookService } from './service.js'
import { deliveryBody, eventually, getDelivery, sendSigned, serviceEnv, writeServiceConfig } from './test-fixtures/service-fixture.js'

test('a strategy of your own plugs into the service: the delivery is applied through it (docs/extending.md)', async () => {
  const sim = await startSimulator({ port: 0 })
  const written = writeServiceConfig()
  const seen: string[] = []
  const audited = (inner: AuthStrategy): AuthStrategy => ({
    kind: `audited-${inner.kind}`,
    authenticate(request, ctx) {
      seen.push(`${inner.kind} ${request.method} ${new URL(request.url).pathname}`)
      return inner.authenticate(request, ctx)
    },
    ...(inner.renew ? { renew: (response, ctx) => inner.renew!(response, ctx) } : {}),
    close: () => inner.close(),
  })
  const strategiesFor: StrategiesFor = async (source, secrets) => {
    const auth = await strategiesForAuthKind(source, secrets)
    return { ...(auth.v2 ? { v2: audited(auth.v2) } : {}), gateway: audited(auth.gateway) }
  }
  const service = await startWebhookService({ config: loadServiceConfig(written.file, { env: serviceEnv() }), target: sim.url, strategiesFor })
  try {
    const sent = await sendSigned(service.url, deliveryBody('Tenant own strategy'), { id: 'msg_own_strategy' })
    assert.is(sent.status, 202)
    const done = await eventually(
      () => getDelivery(service.url, 'msg_own_strategy'),
      (r) => r.json.status !== 'queued' && r.json.status !== 'applying',
    )
    assert.is(done.json.status, 'applied', JSON.stringify(done.json.outcome ?? done.json.lastError))
    assert.ok(seen.includes('jwt POST /connectors/v1.0/org/azure/'), seen.join('\n'))
  } finally {
    await service.close()
    await sim.stop()
    written.remove()
  }
})

test.run()
