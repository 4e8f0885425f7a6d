import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Diagnostic } from '../diagnostics/index.js'
import { withSecretValue } from '../payload/index.js'
import { compileSpec, type CompileSpecOptions } from './compile.js'

const here = dirname(fileURLToPath(import.meta.url))
const examples = join(here, '../../../../examples')
const seedText = readFileSync(join(examples, 'seed-azure-org.yaml'), 'utf8')
/** The request body of the seed's "Create a New Connector with CPS Enabled" sample, `Initial Options` replaced by its id. */
const seedBodyText = readFileSync(join(here, 'test-fixtures/seed-create-request.json'), 'utf8')
const now = new Date('2026-11-22T12:00:00Z')

const compile = (text: string, options: Partial<CompileSpecOptions> = {}) => compileSpec(text, { file: 'spec.yaml', now, ...options })
const at = (text: string, d: Diagnostic | undefined) => (d ? text.slice(d.span.start, d.span.end) : undefined)
const only = (text: string, code: string, options: Partial<CompileSpecOptions> = {}) => {
  const result = compile(text, options)
  const found = result.diagnostics.filter((d) => d.code === code)
  assert.is(found.length, 1, `${code} in ${JSON.stringify(result.diagnostics.map((d) => d.code))}`)
  return { result, d: found[0]! }
}

test('golden: the seed example compiles to the seed request body (values and key order)', () => {
  const result = compile(seedText)
  assert.ok(result.ok, JSON.stringify(result.diagnostics))
  assert.is(result.requests.length, 1)
  const [request] = result.requests
  assert.is(request!.method, 'POST')
  assert.is(request!.path, '/connectors/v1.0/org/azure/')
  assert.is(request!.body.secretValue, '***')
  assert.equal(request!.secrets, { secretValue: { env: 'AZURE_APP_SECRET' } })
  // The secret comes from AZURE_APP_SECRET in reality; the seed prints a placeholder there.
  const body = withSecretValue(request!.body, 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx')
  const expected = JSON.parse(seedBodyText) as unknown
  assert.equal(body, expected)
  assert.is(JSON.stringify(body), JSON.stringify(expected), 'same key order at every level')
  assert.is(body.connectorScanConfig!.optionProfileId, 240981)
})

test('golden: the update is a PUT of the same body to the connector id', () => {
  const result = compile(seedText, { operation: { op: 'update', id: 186015 } })
  assert.ok(result.ok)
  assert.is(result.requests[0]!.method, 'PUT')
  assert.is(result.requests[0]!.path, '/connectors/v1.0/org/azure/186015/')
  assert.is(JSON.stringify(withSecretValue(result.requests[0]!.body, 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx')), JSON.stringify(JSON.parse(seedBodyText)))
})

test('the compiled source: platform URLs from the username, secrets kept as references', () => {
  const { source } = compile(seedText)
  assert.equal(source, {
    site: 'acme-prod',
    auth: 'session',
    username: 'acme3ab1',
    platform: { id: 'US3', from: 'username', identifier: '3', apiServer: 'https://qualysapi.qg3.apps.qualys.com', gateway: 'https://gateway.qg3.apps.qualys.com', ui: 'https://qualysguard.qg3.apps.qualys.com' },
    password: { env: 'QUALYS_PASSWORD' },
    passwordExpires: '2027-01-31',
    contactEmail: 'secops@acme.example',
  })
})

test('the seed example warns about its placeholder ids (once, listing them)', () => {
  const { d } = only(seedText, 'SPEC060')
  assert.is(d.severity, 'warning')
  assert.match(d.message, /5 ids are still the placeholder/)
})

test('placeholder ids are an error for whatever sends the request (`placeholders: error`): plan, apply, the webhook', () => {
  const { result, d } = only(seedText, 'SPEC060', { placeholders: 'error' })
  assert.not.ok(result.ok)
  assert.is(d.severity, 'error')
  assert.is(at(seedText, d), 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx')
  assert.is(result.requests.length, 0)
})

test('a connector name over 255 characters is SPEC061 (the limit Qualys and the simulator enforce)', () => {
  const long = 'n'.repeat(256)
  const text = seedText.replace('name: "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "', `name: ${long}`)
  const { result, d } = only(text, 'SPEC061')
  assert.not.ok(result.ok)
  assert.is(at(text, d), long)
  assert.ok(compile(seedText.replace('name: "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "', `name: ${'n'.repeat(255)}`)).ok)
})

test('a start date the phrase does not write, or writes relative to today, is computed; an absolute one is managed', () => {
  const computed = (schedule: string) => compile(seedText.replace('daily at 12:00 Asia/Colombo starting 2023-10-05', schedule)).requests[0]!.computed
  assert.equal(computed('daily at 12:00 Asia/Colombo starting 2023-10-05'), [])
  assert.equal(computed('daily at 12:00 Asia/Colombo'), ['connectorScanConfig.startDate'])
  assert.equal(computed('daily at 12:00 Asia/Colombo starting next monday'), ['connectorScanConfig.startDate'])
  assert.equal(computed('weekly on TUE at 9am Asia/Colombo starting tomorrow'), ['connectorScanConfig.startDate'])
})

test('`id:` pins the connector and `enabled:` says whether it is on (default true)', () => {
  const text = seedText.replace('    description: Testing Org', '    id: 186015\n    enabled: false\n    description: Testing Org')
  const [request] = compile(text).requests
  assert.equal([request!.id, request!.enabled], [186015, false])
  assert.equal([compile(seedText).requests[0]!.id, compile(seedText).requests[0]!.enabled], [undefined, true])
})

test('CPS needs VM activation', () => {
  const text = seedText.replace('autoActivate: [VM]', 'autoActivate: [PC]')
  const { result, d } = only(text, 'SPEC040')
  assert.not.ok(result.ok)
  assert.is(d.path, 'connectors[0].perimeterScan')
  assert.is(at(text, d), 'perimeterScan')
  assert.match(d.help!, /add `VM`/)
  const global = seedText.replace(/perimeterScan:\n(.*\n)*/, 'perimeterScan: global\n').replace('    autoActivate: [VM]\n', '')
  assert.match(only(global, 'SPEC040').d.help!, /add `autoActivate: \[VM\]`/)
})

test('perimeterScan: global is CPS with the global configuration; no perimeterScan is CPS off', () => {
  const global = compile(seedText.replace(/perimeterScan:\n(.*\n)*/, 'perimeterScan: global\n'))
  assert.ok(global.ok)
  assert.is(global.requests[0]!.body.isCPSEnabled, true)
  assert.equal(global.requests[0]!.body.connectorScanSetting, { isCustomScanConfigEnabled: false })
  assert.not.ok('connectorScanConfig' in global.requests[0]!.body)
  const off = compile(seedText.replace(/    perimeterScan:\n(.*\n)*/, ''))
  assert.ok(off.ok)
  assert.is(off.requests[0]!.body.isCPSEnabled, false)
  assert.not.ok('connectorScanSetting' in off.requests[0]!.body)
})

test('a prefix in the phrase and in YAML is an error showing both places', () => {
  const text = seedText.replace('starting 2023-10-05', 'starting 2023-10-05 prefix other-scan')
  const { d } = only(text, 'SPEC041')
  assert.is(d.path, 'connectors[0].perimeterScan.prefix')
  assert.is(at(text, d), 'custom-scan')
  assert.is(text.slice(d.related![0]!.span.start, d.related![0]!.span.end), 'prefix other-scan')
})

test('a profile in the phrase and in YAML is an error showing both places (inside a double-quoted phrase)', () => {
  const text = seedText.replace('schedule: daily at 12:00 Asia/Colombo starting 2023-10-05', 'schedule: "daily at 12:00 Asia/Colombo starting 2023-10-05 using profile \\"PCI Scan\\""')
  const { d } = only(text, 'SPEC042')
  assert.is(at(text, d), '240981')
  assert.is(text.slice(d.related![0]!.span.start, d.related![0]!.span.end), 'using profile \\"PCI Scan\\"')
})

test('an option profile title needs a mapping offline; with one it compiles; unknown titles get a did-you-mean', () => {
  const text = seedText.replace('optionProfile: 240981', 'optionProfile: "Initial Options"')
  const { result, d } = only(text, 'SPEC045')
  assert.not.ok(result.ok)
  assert.match(d.message, /option profile `Initial Options` is a title: its id must be resolved online/)
  assert.is(at(text, d), '"Initial Options"')
  assert.equal(result.unresolvedProfiles, ['Initial Options'])
  const mapped = compile(text, { profiles: { 'Initial Options': 240981 } })
  assert.ok(mapped.ok)
  assert.is(mapped.requests[0]!.body.connectorScanConfig!.optionProfileId, 240981)
  const typo = only(text, 'SPEC045', { profiles: { 'Initial Option': 1, 'PCI Scan': 2 } }).d
  assert.match(typo.message, /is not in the profiles mapping/)
  assert.match(typo.help!, /did you mean `Initial Option`\?/)
})

test('profiles keyed by site: the section of the spec\'s own site is used; a missing site is named, with the sites there are', () => {
  const text = seedText.replace('optionProfile: 240981', 'optionProfile: "Initial Options"')
  const site = /site: ([\w-]+)/.exec(text)![1]!
  const bySite = { [site]: { 'Initial Options': 240981 }, globex: { 'Initial Options': 51451402 } }
  const mapped = compile(text, { profilesBySite: bySite })
  assert.ok(mapped.ok, JSON.stringify(mapped.diagnostics))
  assert.is(mapped.requests[0]!.body.connectorScanConfig!.optionProfileId, 240981)
  const other = compile(text.replace(`site: ${site}`, 'site: globex'), { profilesBySite: bySite })
  assert.is(other.requests[0]!.body.connectorScanConfig!.optionProfileId, 51451402)
  const missing = only(text.replace(`site: ${site}`, 'site: globexx'), 'SPEC045', { profilesBySite: bySite }).d
  assert.match(missing.message, /option profile `Initial Options` is a title, and the profiles file has no section for site `globexx`/)
  assert.match(missing.help!, /did you mean site `globex`\?/)
})

test('with auth: oidc a title cannot be resolved online: SPEC048, not a title left for plan; a mapping still works', () => {
  const oidcSource = '  auth: oidc\n  clientId: { env: QUALYS_CLIENT_ID }\n  clientSecret: { env: QUALYS_CLIENT_SECRET }\n'
  const text = seedText
    .replace('optionProfile: 240981', 'optionProfile: "Initial Options"')
    .replace(/  auth: session[^\n]*\n  password: [^\n]*\n/, oidcSource)
  assert.ok(text.includes('auth: oidc'), 'the source was rewritten')
  const { result, d } = only(text, 'SPEC048')
  assert.not.ok(result.ok)
  assert.match(d.message, /option profile `Initial Options` is a title, and `auth: oidc` has no API server login to look it up/)
  assert.match(d.help!, /numeric id/)
  assert.is(at(text, d), '"Initial Options"')
  assert.equal(result.unresolvedProfiles, [])
  assert.not.ok(result.diagnostics.some((x) => x.code === 'SPEC045'))
  const mapped = compile(text, { profiles: { 'Initial Options': 240981 } })
  assert.ok(mapped.ok, JSON.stringify(mapped.diagnostics))
  assert.is(mapped.requests[0]!.body.connectorScanConfig!.optionProfileId, 240981)
})

test('with auth: oidc and source.oidcOnApiServer: true a title is left for plan to resolve online (SPEC045), as with a password', () => {
  const oidcSource = '  auth: oidc\n  clientId: { env: QUALYS_CLIENT_ID }\n  clientSecret: { env: QUALYS_CLIENT_SECRET }\n  oidcOnApiServer: true\n'
  const text = seedText.replace('optionProfile: 240981', 'optionProfile: "Initial Options"').replace(/  auth: session[^\n]*\n  password: [^\n]*\n/, oidcSource)
  const result = compile(text)
  assert.equal(result.unresolvedProfiles, ['Initial Options'])
  assert.ok(result.diagnostics.some((x) => x.code === 'SPEC045'))
  assert.not.ok(result.diagnostics.some((x) => x.code === 'SPEC048'))
  assert.is(result.source!.oidcOnApiServer, true)
  const without = only(text.replace('  oidcOnApiServer: true\n', ''), 'SPEC048')
  assert.match(without.d.help!, /set `oidcOnApiServer: true` under source/)
})

test('source.clientLevel (oidc): user or subscription, carried to the compiled source; anything else is a spec error', () => {
  const oidcSource = (level: string) => `  auth: oidc\n  clientId: { env: QUALYS_CLIENT_ID }\n  clientSecret: { env: QUALYS_CLIENT_SECRET }\n  clientLevel: ${level}\n`
  const text = (level: string) => seedText.replace(/  auth: session[^\n]*\n  password: [^\n]*\n/, oidcSource(level))
  assert.is(compile(text('subscription')).source!.clientLevel, 'subscription')
  assert.is(compile(text('user')).source!.clientLevel, 'user')
  assert.is(compile(seedText).source!.clientLevel, undefined)
  const wrong = compile(text('tenant'))
  assert.not.ok(wrong.ok)
  assert.ok(wrong.diagnostics.some((d) => d.severity === 'error' && String(d.path) === 'source.clientLevel'), JSON.stringify(wrong.diagnostics))
})

test('a profile title in the phrase resolves through the mapping too', () => {
  const text = seedText.replace('      optionProfile: 240981                # "Initial Options"; a title works too (resolved online)\n', '').replace('starting 2023-10-05', 'starting 2023-10-05 using profile "PCI Scan"')
  const result = compile(text, { profiles: { 'PCI Scan': 240982 } })
  assert.ok(result.ok, JSON.stringify(result.diagnostics))
  assert.is(result.requests[0]!.body.connectorScanConfig!.optionProfileId, 240982)
})

test('missing prefix and missing profile are errors at perimeterScan', () => {
  const noPrefix = seedText.replace('      prefix: custom-scan\n', '')
  assert.match(only(noPrefix, 'SPEC043').d.help!, /prefix: custom-scan/)
  const noProfile = seedText.replace('      optionProfile: 240981                # "Initial Options"; a title works too (resolved online)\n', '')
  assert.is(only(noProfile, 'SPEC044').d.path, 'connectors[0].perimeterScan.optionProfile')
})

test('passwordExpires: an error once past, a warning within 14 days, silence before', () => {
  const past = only(seedText, 'SPEC030', { now: new Date('2027-02-01T00:00:00Z') })
  assert.not.ok(past.result.ok)
  assert.is(at(seedText, past.d), '2027-01-31')
  const soon = only(seedText, 'SPEC031', { now: new Date('2027-01-21T00:00:00Z') })
  assert.ok(soon.result.ok)
  assert.is(soon.d.severity, 'warning')
  assert.match(soon.d.message, /in 10 days/)
  assert.not.ok(compile(seedText, { now: new Date('2027-01-10T00:00:00Z') }).diagnostics.some((d) => d.code === 'SPEC031'))
})

test('a platform that contradicts the username names both, with both places in the file', () => {
  const text = seedText.replace('  auth: session', '  platform: EU1\n  auth: session')
  const { result, d } = only(text, 'SPEC021')
  assert.not.ok(result.ok)
  assert.is(d.path, 'source.platform')
  assert.is(at(text, d), 'EU1')
  assert.match(d.message, /platform `EU1` is on EU1 but username `acme3ab1` \(identifier `3`\) is on US3/)
  assert.is(text.slice(d.related![0]!.span.start, d.related![0]!.span.end), '3')
  assert.is(d.related![0]!.span.start, text.indexOf('acme3ab1') + 4)
})

test('a baseUrl that contradicts the username, an unknown platform name, and a private platform', () => {
  const text = seedText.replace('  auth: session', '  baseUrl: https://qualysapi.qualys.eu\n  auth: session')
  const { d } = only(text, 'SPEC021')
  assert.is(at(text, d), 'https://qualysapi.qualys.eu')
  assert.match(d.message, /baseUrl `https:\/\/qualysapi.qualys.eu` is on EU1 but username `acme3ab1`/)
  const typo = seedText.replace('  auth: session', '  platform: US33\n  auth: session')
  const t = only(typo, 'SPEC004').d
  assert.is(t.path, 'source.platform')
  assert.is(at(typo, t), 'US33')
  assert.is(t.help, 'did you mean `US3`?')
  const priv = compile(seedText.replace('  auth: session', '  platform: private\n  baseUrl: https://qualysapi.acme.example\n  auth: session'))
  assert.ok(priv.ok, JSON.stringify(priv.diagnostics))
  assert.equal([priv.source!.platform.id, priv.source!.platform.gateway], ['private', 'https://qualysgateway.acme.example'])
})

test('auth kinds need their credentials', () => {
  const text = seedText.replace('  password: { env: QUALYS_PASSWORD }       # never inline\n', '')
  assert.match(only(text, 'SPEC003').d.message, /session authentication needs `source.password`/)
  const oidc = seedText.replace('auth: session', 'auth: oidc')
  const found = compile(oidc).diagnostics.filter((d) => d.code === 'SPEC003').map((d) => d.path)
  assert.equal(found, ['source.clientId', 'source.clientSecret'])
})

test('run frequencies Qualys rejects are reported where they are written', () => {
  const text = seedText.replace('sync: { organization: 1h, connectors: 1h }', 'sync: { organization: 8d, connectors: { hours: 1, minutes: 60 } }')
  const result = compile(text)
  const found = result.diagnostics.filter((d) => d.code === 'SPEC050')
  assert.equal(found.map((d) => d.path), ['connectors[0].sync.organization', 'connectors[0].sync.connectors'])
  assert.is(at(text, found[0]), '8d')
  assert.match(found[1]!.message, /minutes must be 0-59/)
})

test('a run frequency Qualys rounds up to whole days is a warning where it is written, with the day it becomes', () => {
  const text = seedText.replace('sync: { organization: 1h, connectors: 1h }', 'sync: { organization: 25h, connectors: 2d }')
  const result = compile(text)
  assert.ok(result.ok, 'a warning, not an error: Qualys accepts the value')
  const found = result.diagnostics.filter((d) => d.code === 'SPEC051')
  assert.equal(found.map((d) => d.path), ['connectors[0].sync.organization'], 'whole days are not warned about')
  assert.is(found[0]!.severity, 'warning')
  assert.is(at(text, found[0]), '25h')
  assert.match(found[0]!.message, /every 2 days/)
  assert.equal(found[0]!.suggestions.map((x) => [x.replacement, text.slice(x.span.start, x.span.end)]), [['2d', '25h']])
})

test('a schedule error inside the file points into the file (plain scalar)', () => {
  const text = seedText.replace('Asia/Colombo', 'Asia/Colmbo')
  const result = compile(text)
  assert.not.ok(result.ok)
  const d = result.diagnostics.find((x) => x.severity === 'error')!
  assert.is(d.path, 'connectors[0].perimeterScan.schedule')
  assert.is(d.file, 'spec.yaml')
  assert.is(at(text, d), 'Asia/Colmbo')
  assert.equal(d.suggestions.map((s) => text.slice(s.span.start, s.span.end)), d.suggestions.map(() => 'Asia/Colmbo'))
})

test('schedule spans survive YAML quoting: double quotes with escapes, single quotes with doubled quotes, folded lines', () => {
  const cases = [
    'schedule: "da\\u0069ly at 12:00 \\"Asia/Colmbo\\" starting 2023-10-05"'.replace('\\"Asia/Colmbo\\"', 'Asia/Colmbo'),
    "schedule: 'daily at 12:00 Asia/Colmbo starting 2023-10-05'",
    'schedule: >-\n        daily at 12:00\n        Asia/Colmbo starting 2023-10-05',
    'schedule: daily at 12:00\n        Asia/Colmbo starting 2023-10-05',
  ]
  for (const replacement of cases) {
    const text = seedText.replace('schedule: daily at 12:00 Asia/Colombo starting 2023-10-05', replacement)
    const d = compile(text).diagnostics.find((x) => x.severity === 'error')
    assert.is(at(text, d), 'Asia/Colmbo', replacement)
  }
})

test('a timezone key and a zone in the phrase must agree', () => {
  const text = seedText.replace('      prefix: custom-scan', '      prefix: custom-scan\n      timezone: Europe/Paris')
  const { d } = only(text, 'SPEC046')
  assert.is(at(text, d), 'Europe/Paris')
  const phraseWithout = seedText.replace(' Asia/Colombo', '').replace('      prefix: custom-scan', '      prefix: custom-scan\n      timezone: Asia/Colombo')
  const ok = compile(phraseWithout)
  assert.ok(ok.ok, JSON.stringify(ok.diagnostics))
  assert.is(ok.requests[0]!.body.connectorScanConfig!.timezone, 'Asia/Colombo')
  // Links and case are accepted and compared canonically: no false conflict.
  for (const [yamlZone, phraseZone] of [['asia/kolkata', 'Asia/Kolkata'], ['Asia/Calcutta', 'Asia/Kolkata'], ['Asia/Kolkata', '']]) {
    const text2 = seedText.replace(' Asia/Colombo', phraseZone ? ` ${phraseZone}` : '').replace('      prefix: custom-scan', `      prefix: custom-scan\n      timezone: ${yamlZone}`)
    const r = compile(text2)
    assert.ok(r.ok, `${yamlZone} / ${phraseZone}: ${JSON.stringify(r.diagnostics)}`)
    assert.is(r.requests[0]!.body.connectorScanConfig!.timezone, 'Asia/Kolkata')
  }
})

test('without a start date the scan starts on the compile day in its own zone', () => {
  const text = seedText.replace(' starting 2023-10-05', '')
  const late = compile(text, { now: new Date('2026-11-22T20:00:00Z') })
  // 20:00 UTC is 01:30 the next day in Colombo (UTC+05:30).
  assert.is(late.requests[0]!.body.connectorScanConfig!.startDate, '11/23/2026')
})

test('an update needs exactly one connector', () => {
  const multi = readFileSync(join(examples, 'multi-connector.json'), 'utf8')
  const { d } = only(multi, 'SPEC080', { operation: { op: 'update', id: 5 }, profiles: { 'PCI Scan': 240982 } })
  assert.is(d.path, 'connectors')
})

test('the multi-connector example compiles to one request per connector', () => {
  const multi = readFileSync(join(examples, 'multi-connector.json'), 'utf8')
  const result = compile(multi, { profiles: { 'PCI Scan': 240982 } })
  assert.ok(result.ok, JSON.stringify(result.diagnostics))
  assert.equal(result.requests.map((r) => r.connector), ['Customer A', 'Customer B', 'Customer C (inventory only)'])
  assert.equal(result.requests[0]!.body.connectorScanConfig!.daysOfWeek, ['MON', 'THU'])
  assert.equal(result.requests[0]!.body.connectorRunFrequency, { hours: 6, minutes: 30 })
  // `prefix weekend`: a label that is also a day-group word (docs/schedule-language.md#grammar: exactly one LABEL after `prefix`).
  assert.is(result.requests[1]!.body.connectorScanConfig!.scanPrefix, 'weekend')
  assert.is(result.requests[2]!.body.isCPSEnabled, false)
  assert.is(result.source!.platform.id, 'EU3')
})

test.run()
