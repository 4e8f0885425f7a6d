import type { Diagnostic, Span } from '../diagnostics/index.js'
import {
  buildCreateOrgConnector,
  buildUpdateOrgConnector,
  secretMask,
  type ConnectorRequest,
  type ConnectorScanConfig,
  type OrgConnectorSettings,
  type PerimeterScanSetting,
} from '../payload/org-connector.js'
import { runFrequencyProblem, toHoursMinutes } from '../payload/run-frequency.js'
import { resolvePlatform, type ResolvedPlatform } from '../platform/resolve.js'
import { compileSchedule, lookupZone } from '../schedule/index.js'
import { closestWords } from '../suggest/index.js'
import { uuidPlaceholder } from './brands.js'
import { ConnectorScanConfigCodec, type AuthKind, type AzureOrgConnector, type SecretRef, type Spec } from './codecs.js'
import { formatPath, locate, scalarOffsets, shiftSpan, spanAt, type PathSegment, type SpecDocument } from './document.js'
import { loadSpec } from './load.js'
import { isScalar } from 'yaml'

export interface CompileSpecOptions {
  file?: string
  /** The reference instant (relative schedule dates, password expiry, the default start date). Core never reads the clock. */
  now: Date
  /** Option profile titles -> ids, from a `--profiles` file or resolved online by the client. */
  profiles?: Readonly<Record<string, number>>
  /** The zone for schedules that name none and have no `perimeterScan.timezone`. */
  defaultZone?: string
  /** Build update requests (PUT) for this connector id instead of creates; the spec must then hold one connector. */
  operation?: { op: 'create' } | { op: 'update'; id: number }
}

/** The Qualys account of the spec, resolved: platform URLs found, secrets still references (core does no I/O). */
export interface CompiledSource {
  site: string
  auth: AuthKind
  username: string
  platform: ResolvedPlatform
  password?: SecretRef
  clientId?: SecretRef
  clientSecret?: SecretRef
  passwordExpires?: string
  contactEmail?: string
}

export interface CompiledRequest extends ConnectorRequest {
  /** The connector's name in the spec. */
  connector: string
  /** Where the masked (`***`) body fields get their values from. */
  secrets: { secretValue: SecretRef }
}

export interface CompileSpecResult {
  ok: boolean
  source?: CompiledSource
  requests: CompiledRequest[]
  /** Each connector's settings (secret masked), for clients that build updates themselves. */
  connectors: { name: string; settings: OrgConnectorSettings; secrets: { secretValue: SecretRef } }[]
  /** Option profile titles no mapping resolved: the client resolves these online and compiles again with `profiles`. */
  unresolvedProfiles: string[]
  diagnostics: Diagnostic[]
}

const dayMs = 86_400_000
/** Qualys' own default poll interval for tenant connectors (connector UI docs), used when `sync` leaves one out. */
export const defaultRunFrequency = '4h'
/** How long before a password expires that the compiler starts warning. */
export const passwordWarningDays = 14

class Context {
  readonly diagnostics: Diagnostic[] = []
  constructor(readonly document: SpecDocument, readonly file: string | undefined) {}

  add(d: Omit<Diagnostic, 'suggestions' | 'path' | 'file'> & { path: readonly PathSegment[]; suggestions?: Diagnostic['suggestions'] }): Diagnostic {
    const diagnostic: Diagnostic = { ...d, path: formatPath(d.path), suggestions: d.suggestions ?? [], ...(this.file !== undefined ? { file: this.file } : {}) }
    this.diagnostics.push(diagnostic)
    return diagnostic
  }

  span(path: readonly PathSegment[], part: 'value' | 'key' | 'missing' = 'value'): Span {
    return spanAt(this.document, path, part)
  }

  /** A span inside a scalar's value, moved to file offsets (quotes, escapes and folding accounted for). */
  spanInValue(path: readonly PathSegment[], inner: Span): Span {
    const node = locate(this.document, path).value
    if (!isScalar(node)) return this.span(path)
    return shiftSpan(inner, scalarOffsets(this.document.text, node), this.document.text)
  }
}

function dateInZone(now: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('month')}/${get('day')}/${get('year')}`
}

function compileSource(spec: Spec, ctx: Context, now: Date): CompiledSource | undefined {
  const s = spec.source
  const platformResult = resolvePlatform({
    username: s.username,
    ...(s.platform !== undefined ? { platform: s.platform } : {}),
    ...(s.baseUrl !== undefined ? { baseUrl: s.baseUrl } : {}),
    ...(s.gateway !== undefined ? { gateway: s.gateway } : {}),
  })
  for (const d of platformResult.diagnostics) {
    const field = d.path ?? 'username'
    const related = d.related?.map((r) => ({ ...r, span: ctx.spanInValue(['source', d.relatedPath ?? 'username'], r.span) }))
    ctx.add({ ...d, path: ['source', field], span: ctx.spanInValue(['source', field], d.span), ...(related ? { related } : {}), suggestions: d.suggestions.map((x) => ({ ...x, span: ctx.spanInValue(['source', field], x.span) })) })
  }
  const needs: { key: 'password' | 'clientId' | 'clientSecret'; why: string }[] =
    s.auth === 'oidc' ? [{ key: 'clientId', why: 'OIDC' }, { key: 'clientSecret', why: 'OIDC' }] : [{ key: 'password', why: `${s.auth} authentication` }]
  for (const need of needs) {
    if (s[need.key] === undefined) {
      ctx.add({ code: 'SPEC003', severity: 'error', message: `${need.why} needs \`source.${need.key}\``, span: ctx.span(['source', 'auth']), path: ['source', need.key],
        label: `auth: ${s.auth}`, help: `add \`${need.key}: { env: ${need.key === 'password' ? 'QUALYS_PASSWORD' : need.key === 'clientId' ? 'QUALYS_CLIENT_ID' : 'QUALYS_CLIENT_SECRET'} }\`` })
    }
  }
  if (s.passwordExpires !== undefined) {
    const expires = Date.parse(`${s.passwordExpires}T00:00:00Z`)
    const daysLeft = Math.floor((expires - now.getTime()) / dayMs)
    if (expires <= now.getTime()) {
      ctx.add({ code: 'SPEC030', severity: 'error', message: `the Qualys password expired on ${s.passwordExpires}`, span: ctx.span(['source', 'passwordExpires']), path: ['source', 'passwordExpires'],
        label: 'in the past', help: 'change the password in Qualys, then update the secret and this date' })
    } else if (daysLeft < passwordWarningDays) {
      ctx.add({ code: 'SPEC031', severity: 'warning', message: `the Qualys password expires on ${s.passwordExpires}, in ${daysLeft === 0 ? 'less than a day' : `${daysLeft} day${daysLeft === 1 ? '' : 's'}`}`,
        span: ctx.span(['source', 'passwordExpires']), path: ['source', 'passwordExpires'], label: `within ${passwordWarningDays} days`, help: 'change the password in Qualys soon, then update the secret and this date' })
    }
  }
  if (!platformResult.ok) return undefined
  return {
    site: s.site,
    auth: s.auth,
    username: s.username,
    platform: platformResult.platform,
    ...(s.password !== undefined ? { password: s.password as SecretRef } : {}),
    ...(s.clientId !== undefined ? { clientId: s.clientId as SecretRef } : {}),
    ...(s.clientSecret !== undefined ? { clientSecret: s.clientSecret as SecretRef } : {}),
    ...(s.passwordExpires !== undefined ? { passwordExpires: s.passwordExpires } : {}),
    ...(s.contactEmail !== undefined ? { contactEmail: s.contactEmail } : {}),
  }
}

/** Where the phrase names a prefix or a profile, for "given twice" errors (the schedule model keeps no spans). */
function phraseClause(phrase: string, kind: 'prefix' | 'profile'): Span | undefined {
  const pattern = kind === 'prefix' ? /\b(?:prefix|named)\s+("[^"]*"|\S+)/i : /\b(?:(?:using|with)\s+)?(?:option\s+)?profile\s+("[^"]*"|\S+)/i
  const match = pattern.exec(phrase)
  return match ? { start: match.index, end: match.index + match[0].length } : undefined
}

function compilePerimeterScan(connector: AzureOrgConnector, at: PathSegment[], ctx: Context, options: CompileSpecOptions, unresolved: Set<string>): PerimeterScanSetting | undefined {
  const scan = connector.perimeterScan
  if (scan === undefined) return { mode: 'off' }
  if (!(connector.autoActivate ?? []).includes('VM')) {
    ctx.add({ code: 'SPEC040', severity: 'error', message: 'Cloud Perimeter Scan needs the VM module activated', span: ctx.span([...at, 'perimeterScan'], 'key'), path: [...at, 'perimeterScan'],
      label: 'CPS is on here', help: connector.autoActivate === undefined ? 'add `autoActivate: [VM]` to this connector' : 'add `VM` to this connector\'s `autoActivate` list' })
  }
  if (scan === 'global') return { mode: 'global' }
  const scanPath = [...at, 'perimeterScan']
  const schedulePath = [...scanPath, 'schedule']
  const zone = (scan.timezone !== undefined ? lookupZone(scan.timezone)?.canonical : undefined) ?? options.defaultZone
  const compiled = compileSchedule(scan.schedule, { now: options.now, ...(zone !== undefined ? { defaultZone: zone } : {}) })
  for (const d of compiled.diagnostics) {
    ctx.add({
      ...d,
      path: schedulePath,
      span: ctx.spanInValue(schedulePath, d.span),
      suggestions: d.suggestions.map((s) => ({ ...s, span: ctx.spanInValue(schedulePath, s.span) })),
      ...(d.related ? { related: d.related.map((r) => ({ ...r, span: ctx.spanInValue(schedulePath, r.span) })) } : {}),
    })
  }
  if (!compiled.ok) return undefined
  const schedule = compiled.schedule
  let failed = false

  if (scan.timezone !== undefined && lookupZone(scan.timezone)?.canonical !== schedule.timezone) {
    failed = true
    ctx.add({ code: 'SPEC046', severity: 'error', message: `the schedule says ${schedule.timezone} but \`timezone\` says ${scan.timezone}`, span: ctx.span([...scanPath, 'timezone']), path: [...scanPath, 'timezone'],
      label: 'this zone', help: 'name the zone in one place: remove `timezone`, or drop the zone from the phrase',
      related: [{ span: ctx.span(schedulePath), label: `the phrase names ${schedule.timezone}` }] })
  }

  const twice = (kind: 'prefix' | 'profile', key: 'prefix' | 'optionProfile', code: string) => {
    failed = true
    const inPhrase = phraseClause(scan.schedule, kind)
    ctx.add({ code, severity: 'error', message: `the ${kind === 'prefix' ? 'scan prefix' : 'option profile'} is given twice: in the schedule and in \`${key}\``, span: ctx.span([...scanPath, key]), path: [...scanPath, key],
      label: 'given here', help: `keep one: remove \`${key}\` or the \`${kind}\` clause of the schedule`,
      related: [{ span: inPhrase ? ctx.spanInValue(schedulePath, inPhrase) : ctx.span(schedulePath), label: 'and here' }] })
  }

  let scanPrefix: string | undefined
  if (schedule.prefix !== null && scan.prefix !== undefined) twice('prefix', 'prefix', 'SPEC041')
  else scanPrefix = schedule.prefix ?? scan.prefix
  if (scanPrefix === undefined && !failed) {
    failed = true
    ctx.add({ code: 'SPEC043', severity: 'error', message: 'a custom perimeter scan needs a scan prefix', span: ctx.span(scanPath, 'key'), path: [...scanPath, 'prefix'],
      label: 'no prefix', help: 'add `prefix: custom-scan` (scans are named <prefix>-<connectorId>-<timestamp>), or `prefix custom-scan` to the schedule' })
  }

  let profile: { id: number } | { title: string } | undefined
  const yamlProfile = scan.optionProfile === undefined ? undefined : typeof scan.optionProfile === 'number' ? { id: scan.optionProfile } : { title: scan.optionProfile as string }
  const profileFromPhrase = schedule.profile !== null
  if (schedule.profile !== null && yamlProfile !== undefined) twice('profile', 'optionProfile', 'SPEC042')
  else profile = schedule.profile ?? yamlProfile
  const profilePath = profileFromPhrase ? schedulePath : [...scanPath, 'optionProfile']
  let optionProfileId: number | undefined
  if (profile === undefined) {
    if (!(schedule.profile !== null && yamlProfile !== undefined)) {
      failed = true
      ctx.add({ code: 'SPEC044', severity: 'error', message: 'a custom perimeter scan needs an option profile', span: ctx.span(scanPath, 'key'), path: [...scanPath, 'optionProfile'],
        label: 'no option profile', help: 'add `optionProfile: "Initial Options"` (a title) or its numeric id' })
    }
  } else if ('id' in profile) {
    optionProfileId = profile.id
  } else {
    const title = profile.title
    const mapping = options.profiles
    if (mapping !== undefined && Object.hasOwn(mapping, title)) {
      optionProfileId = mapping[title]
    } else {
      failed = true
      unresolved.add(title)
      const span = profileFromPhrase ? (phraseClause(scan.schedule, 'profile') ? ctx.spanInValue(schedulePath, phraseClause(scan.schedule, 'profile')!) : ctx.span(schedulePath)) : ctx.span(profilePath)
      if (mapping === undefined) {
        ctx.add({ code: 'SPEC045', severity: 'error', message: `option profile \`${title}\` is a title: its id must be resolved online`, span, path: profilePath, label: 'a title, not an id',
          help: 'run `scanplan plan` (it looks the title up in the subscription), pass `--profiles FILE` mapping titles to ids, or write the numeric id' })
      } else {
        const [best] = closestWords(title, Object.keys(mapping), 1)
        ctx.add({ code: 'SPEC045', severity: 'error', message: `option profile \`${title}\` is not in the profiles mapping`, span, path: profilePath, label: 'unknown title',
          help: best ? `did you mean \`${best}\`? (titles must match exactly)` : `the mapping has ${Object.keys(mapping).map((k) => `\`${k}\``).join(', ') || 'no titles'}` })
      }
    }
  }
  if (failed || scanPrefix === undefined || optionProfileId === undefined) return undefined
  const config: ConnectorScanConfig = {
    scanPrefix,
    optionProfileId,
    recurrence: schedule.recurrence,
    // Without `starting ...` the scan starts on the compile day in the schedule's own zone.
    startDate: schedule.startDate ?? dateInZone(options.now, schedule.timezone),
    startTime: schedule.startTime,
    timezone: schedule.timezone,
    daysOfWeek: schedule.daysOfWeek,
  }
  const problem = scanConfigProblem(config)
  if (problem) {
    ctx.add({ code: 'SPEC047', severity: 'error', message: `the scan configuration compiled from this schedule is not one Qualys accepts: ${problem}`, span: ctx.span(schedulePath), path: schedulePath,
      label: 'compiled from here', help: 'this is a scanplan bug: please report the phrase; meanwhile write the schedule differently' })
    return undefined
  }
  return { mode: 'custom', config }
}

/** Why a built scan configuration breaks the documented CPS rules, or undefined. */
export function scanConfigProblem(config: ConnectorScanConfig): string | undefined {
  const decoded = ConnectorScanConfigCodec.decode(config)
  if (decoded._tag === 'Left') {
    const first = decoded.left[0]!
    return `\`${first.context.map((c) => c.key).filter(Boolean).join('.')}\` is ${JSON.stringify(first.value)}`
  }
  if (config.recurrence === 'WEEKLY' && config.daysOfWeek.length === 0) return 'a WEEKLY scan without days'
  if (config.recurrence === 'DAILY' && config.daysOfWeek.length > 0) return 'days of the week with DAILY'
  return undefined
}

function compileConnector(connector: AzureOrgConnector, index: number, ctx: Context, options: CompileSpecOptions, unresolved: Set<string>): OrgConnectorSettings | undefined {
  const at: PathSegment[] = ['connectors', index]
  let ok = true
  for (const key of ['organization', 'connectors'] as const) {
    const given = connector.sync?.[key]
    if (given === undefined) continue
    const problem = runFrequencyProblem(given)
    if (problem) {
      ok = false
      ctx.add({ code: 'SPEC050', severity: 'error', message: `Qualys rejects this run frequency: ${problem}`, span: ctx.span([...at, 'sync', key]), path: [...at, 'sync', key],
        label: 'rejected by Qualys', help: 'use a duration from 1m up to 7d, e.g. `1h`, `4h` or `1d`' })
    }
  }
  const placeholders: PathSegment[][] = []
  if (connector.tenant.id === uuidPlaceholder) placeholders.push([...at, 'tenant', 'id'])
  if (connector.application.id === uuidPlaceholder) placeholders.push([...at, 'application', 'id'])
  connector.apps.forEach((app, i) => { if (app.identifier === uuidPlaceholder) placeholders.push([...at, 'apps', i, 'identifier']) })
  if (placeholders.length > 0) {
    ctx.add({ code: 'SPEC060', severity: 'warning', message: `${placeholders.length} id${placeholders.length === 1 ? ' is' : 's are'} still the placeholder \`${uuidPlaceholder}\` (${placeholders.map(formatPath).join(', ')})`,
      span: ctx.span(placeholders[0]!), path: placeholders[0]!, label: 'placeholder', help: 'replace them with the real Azure ids before `scanplan apply`' })
  }
  const perimeterScan = compilePerimeterScan(connector, at, ctx, options, unresolved)
  if (!ok || perimeterScan === undefined) return undefined
  return {
    name: connector.name,
    ...(connector.description !== undefined ? { description: connector.description } : {}),
    ...(connector.prefixName !== undefined ? { prefixName: connector.prefixName } : {}),
    tenantId: connector.tenant.id,
    ...(connector.tenant.name !== undefined ? { tenantName: connector.tenant.name } : {}),
    applicationId: connector.application.id,
    secretValue: secretMask,
    apps: connector.apps.map((a) => ({ identifier: a.identifier, name: a.name, tagId: a.tagId ?? null })),
    orgRunFrequency: toHoursMinutes(connector.sync?.organization ?? defaultRunFrequency),
    connectorRunFrequency: toHoursMinutes(connector.sync?.connectors ?? defaultRunFrequency),
    includedManagementGroups: [...(connector.managementGroups?.include ?? [])],
    excludedManagementGroups: [...(connector.managementGroups?.exclude ?? [])],
    defaultTagIds: [...(connector.defaultTagIds ?? [])],
    autoActivate: [...(connector.autoActivate ?? [])],
    createConnectorsForNewSubscriptions: connector.subscriptions?.autoCreateConnectors ?? false,
    disableConnectorsForDeletedManagementGroups: connector.subscriptions?.disableForDeletedManagementGroups ?? false,
    assignStaticTagToAssets: connector.staticTags?.assets ?? false,
    assignStaticTagToConnector: connector.staticTags?.connector ?? false,
    createStaticTagsForManagementGroups: connector.staticTags?.managementGroups ?? false,
    remediation: connector.remediation ?? false,
    perimeterScan,
  }
}

/**
 * Spec text -> the Qualys Connector API requests it stands for, offline: load and decode, resolve the platform,
 * compile every schedule (its diagnostics point into the file), apply the cross-field rules and build the bodies.
 * Secrets stay references: bodies carry `***` and `requests[i].secrets` says where the value comes from.
 */
export function compileSpec(text: string, options: CompileSpecOptions): CompileSpecResult {
  const loaded = loadSpec(text, options.file !== undefined ? { file: options.file } : {})
  const empty = { requests: [], connectors: [], unresolvedProfiles: [] }
  if (!loaded.ok) return { ok: false, ...empty, diagnostics: loaded.diagnostics }
  const ctx = new Context(loaded.document, options.file)
  ctx.diagnostics.push(...loaded.diagnostics)
  const source = compileSource(loaded.spec, ctx, options.now)
  const unresolved = new Set<string>()
  const connectors: CompileSpecResult['connectors'] = []
  loaded.spec.connectors.forEach((connector, index) => {
    const settings = compileConnector(connector, index, ctx, options, unresolved)
    if (settings) connectors.push({ name: connector.name, settings, secrets: { secretValue: connector.application.secret as SecretRef } })
  })
  const operation = options.operation ?? { op: 'create' }
  if (operation.op === 'update' && loaded.spec.connectors.length !== 1) {
    ctx.add({ code: 'SPEC080', severity: 'error', message: `an update targets one connector, but this spec has ${loaded.spec.connectors.length}`, span: ctx.span(['connectors'], 'key'), path: ['connectors'],
      label: 'several connectors', help: 'split the spec into one file per connector to update by id, or let `scanplan apply` match connectors by name' })
  }
  const ok = !ctx.diagnostics.some((d) => d.severity === 'error')
  const requests: CompiledRequest[] = ok
    ? connectors.map((c) => ({ connector: c.name, ...(operation.op === 'update' ? buildUpdateOrgConnector(operation.id, c.settings) : buildCreateOrgConnector(c.settings)), secrets: c.secrets }))
    : []
  return { ok, ...(source ? { source } : {}), requests, connectors: ok ? connectors : [], unresolvedProfiles: [...unresolved], diagnostics: ctx.diagnostics }
}
