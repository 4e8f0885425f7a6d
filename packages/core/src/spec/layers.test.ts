import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSpec } from './compile.js'
import { resolveSpecPath, specBasesToRead, type SpecBases } from './layers.js'
import { renderSpecDiagnostics } from './secrets.js'

const now = new Date('2026-12-01T00:00:00Z')
const example = (path: string) => readFileSync(fileURLToPath(new URL(`../../../../examples/mssp/${path}`, import.meta.url)), 'utf8')
const base = example('provider-base.yaml')
const acme = example('customers/acme.yaml')
const acmeFile = 'examples/mssp/customers/acme.yaml'
const baseFile = 'examples/mssp/provider-base.yaml'
const bases = (text = base): SpecBases => new Map([[baseFile, text]])

test('resolveSpecPath: relative to the naming file, normalized; absolute kept; stdin from the working directory', () => {
  assert.is(resolveSpecPath(acmeFile, '../provider-base.yaml'), baseFile)
  assert.is(resolveSpecPath('a/b/c.yaml', './../../x/./y.yaml'), 'x/y.yaml')
  assert.is(resolveSpecPath('c.yaml', '../up.yaml'), '../up.yaml')
  assert.is(resolveSpecPath('a/c.yaml', '/etc/mssp/base.yaml'), '/etc/mssp/base.yaml')
  assert.is(resolveSpecPath('<stdin>', 'base.yaml'), 'base.yaml')
})

test('specBasesToRead names the files still to read, then nothing', () => {
  assert.equal(specBasesToRead(acme, acmeFile, new Map()), [baseFile])
  assert.equal(specBasesToRead(acme, acmeFile, bases()), [])
})

test('the five-customer layout: the base gives source and connector defaults, the customer wins key by key', () => {
  const result = compileSpec(acme, { file: acmeFile, now, bases: bases(), profiles: { 'Initial Options': 240981 } })
  assert.ok(result.ok, JSON.stringify(result.diagnostics))
  assert.is(result.source?.auth, 'session')
  assert.is(result.source?.contactEmail, 'soc@mssp.example')
  const body = result.requests[0]!.body as Record<string, any>
  assert.is(body.connectorScanConfig.timezone, 'Europe/Berlin', 'the customer\'s connectorDefaults merged into the base\'s perimeterScan')
  assert.is(body.connectorScanConfig.scanPrefix, 'mssp-perimeter')
  assert.is(body.isAssignStaticTagToAssetsPulledByThatConnector, true)
  assert.is(body.connectorAppInfos.length, 2)
})

test('a connector\'s own key wins over the defaults; `null` removes an inherited key; secret references are replaced whole', () => {
  const spec = acme.replace('    apps:', '    perimeterScan: null\n    apps:').replace('password: { env: ACME_QUALYS_PASSWORD }', 'password: { file: ./acme-password }')
  const withEnv = base.replace('auth: session', 'auth: session\n  password: { env: SHARED }')
  const result = compileSpec(spec, { file: acmeFile, now, bases: bases(withEnv) })
  assert.ok(result.ok, JSON.stringify(result.diagnostics))
  assert.equal(result.source?.password, { file: './acme-password' })
  assert.is((result.requests[0]!.body as Record<string, any>).isCPSEnabled, false)
})

test('a problem in the base is reported once, in the base file, with its line and caret', () => {
  const broken = base.replace('autoActivate: [VM]', 'autoActivate: [VM]\n  remediaton: true')
  const result = compileSpec(acme, { file: acmeFile, now, bases: bases(broken) })
  assert.not.ok(result.ok)
  const [d] = result.diagnostics
  assert.is(result.diagnostics.length, 1)
  assert.is(d!.code, 'SPEC002')
  assert.is(d!.file, baseFile)
  const rendered = renderSpecDiagnostics(acme, result.diagnostics, { file: acmeFile, sources: new Map([[acmeFile, acme], [baseFile, broken]]) })
  assert.match(rendered, `--> ${baseFile}:11:3`)
  assert.match(rendered, /11 \|   remediaton: true\n {3}\| {3}\^{10} unknown key/)
})

test('missing base, cycle and depth are errors at the `extends` entry with the chain; without bases extends is refused', () => {
  const missing = compileSpec(acme, { file: acmeFile, now, bases: new Map([[baseFile, { error: 'no such file' }]]) })
  assert.is(missing.diagnostics[0]?.code, 'SPEC091')
  assert.match(missing.diagnostics[0]!.message, `cannot read the base file \`${baseFile}\`: no such file (${acmeFile} -> ${baseFile})`)
  const cycle = compileSpec(acme, { file: acmeFile, now, bases: bases(`extends: customers/acme.yaml\n${base}`) })
  assert.is(cycle.diagnostics[0]?.code, 'SPEC092')
  assert.is(cycle.diagnostics[0]?.file, baseFile)
  assert.match(cycle.diagnostics[0]!.message, `${acmeFile} -> ${baseFile} -> ${acmeFile}`)
  const chain = new Map<string, string>()
  for (let i = 0; i < 12; i++) chain.set(`examples/mssp/b${i}.yaml`, `extends: b${i + 1}.yaml\n`)
  const deep = compileSpec(acme.replace('../provider-base.yaml', '../b0.yaml'), { file: acmeFile, now, bases: chain })
  assert.is(deep.diagnostics[0]?.code, 'SPEC092')
  assert.match(deep.diagnostics[0]!.message, /more than 8 files deep/)
  const alone = compileSpec(acme, { now })
  assert.is(alone.diagnostics[0]?.code, 'SPEC090')
  assert.is(alone.diagnostics[0]?.span.start, acme.indexOf('../provider-base.yaml'))
})

test('connectorDefaults in a single file, and a default for a key each connector has is refused', () => {
  const single = compileSpec(acme.replace('extends: ../provider-base.yaml\n', '').replace('source:', 'source:\n  auth: session').replace('connectorDefaults:\n  perimeterScan: { timezone: Europe/Berlin }', 'connectorDefaults:\n  remediation: true'), { now })
  assert.ok(single.ok, JSON.stringify(single.diagnostics))
  assert.is((single.requests[0]!.body as Record<string, any>).isRemediationEnabled, true)
  const own = compileSpec(acme, { file: acmeFile, now, bases: bases(base.replace('connectorDefaults:', 'connectorDefaults:\n  tenant: { id: x }')) })
  assert.is(own.diagnostics[0]?.code, 'SPEC093')
  assert.is(own.diagnostics[0]?.file, baseFile)
})

test.run()
