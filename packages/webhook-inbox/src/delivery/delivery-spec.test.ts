import { readFileSync } from 'node:fs'
import { compileSpec } from '@scanplan/core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { ConfiguredSources } from './delivery-spec.js'
import { deliveryScope, prepareDeliverySpec } from './delivery-spec.js'

const SECRET = 'hunter2-inline-secret'
const delivery = readFileSync(new URL('../../../../examples/webhook-delivery.json', import.meta.url), 'utf8')
const sources: ConfiguredSources = new Map([
  ['acme-prod', { definition: { site: 'acme-prod', username: 'acme3ab1', auth: 'session', password: { env: 'QUALYS_PASSWORD' } }, connectorSecrets: ['AZURE_APP_SECRET'] }],
])
const now = new Date('2026-11-22T12:00:00Z')

test('the example delivery is accepted (the fixture this file relies on)', () => {
  assert.ok(prepareDeliverySpec(delivery, sources, compileSpec, now).ok)
})

test('a delivery that extends a base file is refused (422, SPEC090): the service never reads files a sender names', () => {
  const body = delivery.replace(/^\{/, '{ "extends": "/etc/passwd",')
  const prepared = prepareDeliverySpec(body, sources, compileSpec, now)
  assert.not.ok(prepared.ok)
  if (prepared.ok) return
  assert.is(prepared.status, 422)
  assert.equal(prepared.diagnostics.map((d) => d.code), ['SPEC090'])
  assert.is(prepared.diagnostics[0]!.span.start, body.indexOf('"/etc/passwd"'))
})

const refused: [string, string, number][] = [
  ['an inline application secret', delivery.replace('"secret": { "env": "AZURE_APP_SECRET" }', `"secret": "${SECRET}"`), 422],
  ['a secret pasted as the variable name', delivery.replace('"secret": { "env": "AZURE_APP_SECRET" }', `"secret": { "env": "${SECRET}" }`), 422],
  ['a secret under an unknown key', delivery.replace('"secret": { "env": "AZURE_APP_SECRET" }', `"secret": { "value": "${SECRET}" }`), 422],
  ['not JSON, the secret unquoted', delivery.replace('"secret": { "env": "AZURE_APP_SECRET" }', `"secret": ${SECRET}`), 400],
  ['not JSON at all', `password: ${SECRET}`, 400],
  ['not JSON, the secret right after a stray token', `{"password": x${SECRET}}`, 400],
]

for (const [what, body, status] of refused) {
  test(`${what}: ${status}, and the answer's diagnostics do not carry the secret`, () => {
    assert.ok(body.includes(SECRET))
    const prepared = prepareDeliverySpec(body, sources, compileSpec, now)
    assert.not.ok(prepared.ok)
    if (prepared.ok) return
    assert.is(prepared.status, status)
    assert.ok(prepared.diagnostics.length > 0)
    const answer = JSON.stringify(prepared.diagnostics)
    assert.not.ok(answer.includes('hunter2'), answer)
  })
}

test('a body that is not JSON still says what is wrong', () => {
  const prepared = prepareDeliverySpec(`password: ${SECRET}`, sources, compileSpec, now)
  assert.not.ok(prepared.ok)
  if (!prepared.ok) assert.is(prepared.diagnostics[0]!.message, "the body is not JSON: Unexpected token 'p'")
})

test('deliveryScope: the account and the connectors, pinned ids before names, in one canonical order', () => {
  const body = (connectors: unknown[]) => JSON.stringify({ source: 'acme-prod', connectors })
  assert.equal(deliveryScope(body([{ name: 'B' }, { name: 'A' }])), { account: 'acme-prod', connectors: '["A","B"]' })
  assert.equal(deliveryScope(body([{ name: 'A' }, { name: 'B' }])), deliveryScope(body([{ name: 'B' }, { name: 'A' }])))
  assert.equal(deliveryScope(body([{ id: 42, name: 'Renamed' }]))!.connectors, '["#42"]')
  for (const bad of ['not json', '{"connectors":[]}', body([]), body([{}])]) assert.is(deliveryScope(bad), undefined, bad)
})

test.run()
