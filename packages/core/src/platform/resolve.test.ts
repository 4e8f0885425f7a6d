import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { publicPlatforms, resolvePlatform } from './index.js'

const seedTable: [string, string, string][] = [
  ['_', 'US1', 'https://qualysapi.qualys.com'],
  ['2', 'US2', 'https://qualysapi.qg2.apps.qualys.com'],
  ['3', 'US3', 'https://qualysapi.qg3.apps.qualys.com'],
  ['6', 'US4', 'https://qualysapi.qg4.apps.qualys.com'],
  ['-', 'EU1', 'https://qualysapi.qualys.eu'],
  ['5', 'EU2', 'https://qualysapi.qg2.apps.qualys.eu'],
  ['!', 'EU2', 'https://qualysapi.qg2.apps.qualys.eu'],
  ['B', 'EU3', 'https://qualysapi.qg3.apps.qualys.it'],
  ['8', 'IN1', 'https://qualysapi.qg1.apps.qualys.in'],
  ['9', 'CA1', 'https://qualysapi.qg1.apps.qualys.ca'],
  ['7', 'AE1', 'https://qualysapi.qg1.apps.qualys.ae'],
  ['1', 'UK1', 'https://qualysapi.qg1.apps.qualys.co.uk'],
  ['4', 'AU1', 'https://qualysapi.qg1.apps.qualys.com.au'],
  ['A', 'KSA1', 'https://qualysapi.qg1.apps.qualysksa.com'],
]

test('every identifier of the seed table picks its platform and API server', () => {
  for (const [identifier, id, apiServer] of seedTable) {
    const result = resolvePlatform({ username: `acme${identifier}jd1` })
    assert.ok(result.ok, identifier)
    if (!result.ok) continue
    assert.is(result.platform.id, id, identifier)
    assert.is(result.platform.apiServer, apiServer, identifier)
    assert.is(result.platform.identifier, identifier)
    assert.is(result.platform.gateway, apiServer.replace('qualysapi.qualys.com', 'gateway.qg1.apps.qualys.com').replace('qualysapi.qualys.eu', 'gateway.qg1.apps.qualys.eu').replace('qualysapi.', 'gateway.'))
    assert.is(result.platform.ui, apiServer.replace('qualysapi.', 'qualysguard.'))
  }
  assert.is(new Set(seedTable.map(([i]) => i)).size, 14, 'thirteen platforms, EU2 with two identifiers')
  assert.is(publicPlatforms.length, 14, 'the thirteen of the platform page, and GOV1')
})

test('GOV1 is chosen with platform: GOV1 (its username identifier is not public), whatever the username reads as', () => {
  for (const input of [{ platform: 'GOV1' }, { platform: 'GOV1', username: 'acme3ab1' }, { platform: 'GOV1', username: 'x' }]) {
    const result = resolvePlatform(input)
    assert.ok(result.ok, JSON.stringify(result.diagnostics))
    if (!result.ok) continue
    assert.is(result.platform.id, 'GOV1')
    assert.is(result.platform.from, 'platform')
    assert.is(result.platform.apiServer, 'https://qualysapi.gov1.qualys.us')
    assert.is(result.platform.gateway, 'https://gateway.gov1.qualys.us')
    assert.is(result.platform.identifier, undefined)
  }
  const byUrl = resolvePlatform({ baseUrl: 'https://qualysapi.gov1.qualys.us' })
  assert.ok(byUrl.ok && byUrl.platform.id === 'GOV1')
  // A username alone never lands on GOV1: no identifier is known for it.
  const noIdentifier = resolvePlatform({ username: 'acme?ab1' })
  assert.not.ok(noIdentifier.ok)
  assert.not.match(noIdentifier.diagnostics[0]!.help ?? '', /GOV1/)
})

test('the seed worked example hustn3ps is US3, whose API server is qualysapi (not qualysguard)', () => {
  const result = resolvePlatform({ username: 'hustn3ps' })
  assert.ok(result.ok)
  if (result.ok) {
    assert.is(result.platform.apiServer, 'https://qualysapi.qg3.apps.qualys.com')
    assert.is(result.platform.ui, 'https://qualysguard.qg3.apps.qualys.com')
  }
})

test('an explicit platform that contradicts the username is an error naming both', () => {
  const result = resolvePlatform({ username: 'acme3ab1', platform: 'EU1' })
  assert.not.ok(result.ok)
  const [d] = result.diagnostics
  assert.is(d?.code, 'SPEC021')
  assert.is(d?.path, 'platform')
  assert.match(d!.message, /platform `EU1` is on EU1 but username `acme3ab1` \(identifier `3`\) is on US3/)
  assert.equal(d?.related?.[0]?.span, { start: 4, end: 5 })
  assert.is(d?.relatedPath, 'username')
})

test('a baseUrl that contradicts the username is an error; a matching one is fine (trailing slash too)', () => {
  const bad = resolvePlatform({ username: 'acme3ab1', baseUrl: 'https://qualysapi.qualys.eu' })
  assert.not.ok(bad.ok)
  assert.match(bad.diagnostics[0]!.message, /baseUrl `https:\/\/qualysapi.qualys.eu` is on EU1 but username `acme3ab1`/)
  const good = resolvePlatform({ username: 'acme3ab1', baseUrl: 'https://qualysapi.qg3.apps.qualys.com/' })
  assert.ok(good.ok)
})

test('private platforms take explicit URLs; the gateway is derived from a qualysapi host', () => {
  const result = resolvePlatform({ username: 'acme3ab1', platform: 'private', baseUrl: 'https://qualysapi.acme.example' })
  assert.ok(result.ok)
  if (result.ok) {
    assert.is(result.platform.id, 'private')
    assert.is(result.platform.gateway, 'https://qualysgateway.acme.example')
    assert.is(result.platform.ui, 'https://qualysguard.acme.example')
  }
  const explicit = resolvePlatform({ platform: 'private', baseUrl: 'https://api.acme.example', gateway: 'https://gw.acme.example' })
  assert.ok(explicit.ok && explicit.platform.gateway === 'https://gw.acme.example')
  const noGateway = resolvePlatform({ platform: 'private', baseUrl: 'https://api.acme.example' })
  assert.is(noGateway.diagnostics[0]?.code, 'SPEC023')
  const noUrl = resolvePlatform({ platform: 'private' })
  assert.match(noUrl.diagnostics[0]!.message, /needs its API server URL/)
})

test('an unknown platform URL without platform: private says how to use a private platform', () => {
  const result = resolvePlatform({ username: 'acme3ab1', baseUrl: 'https://qualysapi.acme.example' })
  assert.not.ok(result.ok)
  assert.match(result.diagnostics[0]!.help!, /platform: private/)
  const http = resolvePlatform({ baseUrl: 'http://qualysapi.qualys.com' })
  assert.match(http.diagnostics[0]!.message, /not an https URL/)
})

test('a username without a known identifier points at the character and lists the table', () => {
  const result = resolvePlatform({ username: 'acmeZab1' })
  assert.not.ok(result.ok)
  assert.equal(result.diagnostics[0]!.span, { start: 4, end: 5 })
  assert.match(result.diagnostics[0]!.message, /`Z` in username `acmeZab1` is not a Qualys platform identifier/)
  assert.match(result.diagnostics[0]!.help!, /`5`\/`!` EU2/)
  const unreadable = resolvePlatform({ username: 'ACME' })
  assert.match(unreadable.diagnostics[0]!.message, /cannot read a platform identifier/)
  // An explicit platform rescues a username that names none.
  assert.ok(resolvePlatform({ username: 'acmeZab1', platform: 'US2' }).ok)
})

test('an unknown platform name gets a did-you-mean', () => {
  const result = resolvePlatform({ platform: 'US5' })
  assert.not.ok(result.ok)
  assert.is(result.diagnostics[0]!.code, 'SPEC020')
  assert.match(result.diagnostics[0]!.help!, /did you mean `US\d`/)
})

test.run()
