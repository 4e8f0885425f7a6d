import type { Diagnostic } from '../diagnostics/index.js'
import {
  buildCreateOrgConnector,
  buildUpdateOrgConnector,
  secretMask,
  type ConnectorRequest,
  type OrgConnectorSettings,
} from '../payload/org-connector.js'
import { runFrequencyProblem, toHoursMinutes, wholeDaysRoundedUp } from '../payload/run-frequency.js'
import { resolvePlatform, type ResolvedPlatform } from '../platform/resolve.js'
import { uuidPlaceholder } from './patterns.js'
import type { AuthKind, AzureOrgConnector, OidcClientLevel, SecretRef, Spec } from './codecs.js'
import { CompileContext } from './compile-context.js'
import { formatPath, type PathSegment } from './document.js'
import { loadSpec } from './load.js'
import { onePerPlace, type SpecBases } from './layers.js'
import { daysLeftWords, passwordExpiry, passwordWarningDays } from './password-expiry.js'
import { compilePerimeterScan, type PerimeterScanOptions } from './perimeter-scan.js'

export interface CompileSpecOptions {
  file?: string
  /** The reference instant (relative schedule dates, password expiry, the default start date). Core never reads the clock. */
  now: Date
  /** Option profile titles -> ids, from a `--profiles` file or resolved online by the client. */
  profiles?: Readonly<Record<string, number>>
  /**
   * Option profile titles -> ids per `source.site` (a `--profiles` file keyed by site: ids differ per subscription).
   * The spec's own site's section is used; a spec whose site has none cannot resolve titles offline.
   */
  profilesBySite?: Readonly<Record<string, Readonly<Record<string, number>>>>
  /** The zone for schedules that name none and have no `perimeterScan.timezone`. */
  defaultZone?: string
  /** Build update requests (PUT) for this connector id instead of creates; the spec must then hold one connector. */
  operation?: { op: 'create' } | { op: 'update'; id: number }
  /**
   * How placeholder ids (`xxxxxxxx-...`, SPEC060) count: a `warning` for `compile` (the seed example compiles to the
   * seed's own body), an `error` for anything that sends the request (plan, apply, the webhook). Default `warning`.
   */
  placeholders?: 'warning' | 'error'
  /** Accept `connectors: []`: the source alone (`scanplan import` writes the connectors). */
  allowNoConnectors?: boolean
  /** The base files `extends:` names, by resolved name (`LoadOptions.bases`). */
  bases?: SpecBases
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
  /** oidc: the client's level, which picks the token endpoint (`user`: `/auth/oidc`, `subscription`: `/auth/oauth`). */
  clientLevel?: OidcClientLevel
  /** oidc: the API server takes the OIDC token too (enabled per subscription by Qualys Support), so titles resolve online. */
  oidcOnApiServer?: boolean
  passwordExpires?: string
  contactEmail?: string
}

export interface CompiledRequest extends ConnectorRequest {
  /** The connector's name in the spec. */
  connector: string
  /** Its position in the spec's `connectors` (for diagnostics found later, at plan time). */
  index: number
  /** The Qualys connector id the spec pins it to (`id:`), if any. */
  id?: number
  /** Whether the connector should be enabled (`enabled:`, default true). */
  enabled: boolean
  /** Body paths the spec does not set (e.g. an unwritten start date): not compared, kept from the live connector. */
  computed: string[]
  /** Where the masked (`***`) body fields get their values from. */
  secrets: { secretValue: SecretRef }
}

export interface CompileSpecResult {
  ok: boolean
  source?: CompiledSource
  requests: CompiledRequest[]
  /** Each connector's settings (secret masked), for clients that build updates themselves. */
  connectors: { name: string; settings: OrgConnectorSettings; secrets: { secretValue: SecretRef }; index: number; id?: number; enabled: boolean; computed: string[] }[]
  /** Option profile titles no mapping resolved: the client resolves these online and compiles again with `profiles`. */
  unresolvedProfiles: string[]
  diagnostics: Diagnostic[]
}

/** The longest connector name Qualys takes (Qualys/TotalCloud `_MAX_NAME_LEN`; the simulator enforces it too). */
const maxConnectorNameLength = 255
/** Qualys' own default poll interval for tenant connectors (connector UI docs), used when `sync` leaves one out. */
const defaultRunFrequency = '4h'

function compileSource(spec: Spec, ctx: CompileContext, now: Date): CompiledSource | undefined {
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
    const expiry = passwordExpiry(s.passwordExpires, now)
    if (expiry.state === 'expired') {
      ctx.add({ code: 'SPEC030', severity: 'error', message: `the Qualys password expired on ${s.passwordExpires}`, span: ctx.span(['source', 'passwordExpires']), path: ['source', 'passwordExpires'],
        label: 'in the past', help: 'change the password in Qualys, then update the secret and this date' })
    } else if (expiry.state === 'expiring') {
      ctx.add({ code: 'SPEC031', severity: 'warning', message: `the Qualys password expires on ${s.passwordExpires}, ${daysLeftWords(expiry.daysLeft)}`,
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
    ...(s.clientLevel !== undefined ? { clientLevel: s.clientLevel } : {}),
    ...(s.oidcOnApiServer !== undefined ? { oidcOnApiServer: s.oidcOnApiServer } : {}),
    ...(s.passwordExpires !== undefined ? { passwordExpires: s.passwordExpires } : {}),
    ...(s.contactEmail !== undefined ? { contactEmail: s.contactEmail } : {}),
  }
}


function compileConnector(connector: AzureOrgConnector, index: number, ctx: CompileContext, options: CompileSpecOptions & Pick<PerimeterScanOptions, 'auth' | 'oidcOnApiServer'>, unresolved: Set<string>, computed: string[]): OrgConnectorSettings | undefined {
  const at: PathSegment[] = ['connectors', index]
  let ok = true
  if (connector.name.length > maxConnectorNameLength) {
    ok = false
    ctx.add({ code: 'SPEC061', severity: 'error', message: `the connector name is ${connector.name.length} characters long; Qualys takes at most ${maxConnectorNameLength}`, span: ctx.span([...at, 'name']), path: [...at, 'name'],
      label: `more than ${maxConnectorNameLength} characters`, help: `shorten the name to ${maxConnectorNameLength} characters or fewer` })
  }
  for (const key of ['organization', 'connectors'] as const) {
    const given = connector.sync?.[key]
    if (given === undefined) continue
    const problem = runFrequencyProblem(given)
    if (problem) {
      ok = false
      ctx.add({ code: 'SPEC050', severity: 'error', message: `Qualys rejects this run frequency: ${problem}`, span: ctx.span([...at, 'sync', key]), path: [...at, 'sync', key],
        label: 'rejected by Qualys', help: 'use a duration from 1m up to 7d, e.g. `1h`, `4h` or `1d`' })
      continue
    }
    // Connector 2.14 (release_2_14_api.htm): values that are not whole days are rounded up to days. The value is
    // accepted, but it does not run as often as it says: say so where the user wrote it.
    const days = wholeDaysRoundedUp(given)
    if (days !== undefined) {
      const span = ctx.span([...at, 'sync', key])
      ctx.add({ code: 'SPEC051', severity: 'warning', message: `Qualys rounds run frequencies up to whole days: this runs every ${days === 1 ? 'day' : `${days} days`}, not as often as written`,
        span, path: [...at, 'sync', key], label: `runs every ${days === 1 ? 'day' : `${days} days`}`, help: `write \`${days}d\` to say what Qualys will do (release 2.14 of the Connector API)`,
        // Safe to apply: `Nd` is what Qualys runs already.
        ...(typeof given === 'string' ? { suggestions: [{ replacement: `${days}d`, span, applicability: 'machine-applicable' as const }] } : {}) })
    }
  }
  const placeholders: PathSegment[][] = []
  if (connector.tenant.id === uuidPlaceholder) placeholders.push([...at, 'tenant', 'id'])
  if (connector.application.id === uuidPlaceholder) placeholders.push([...at, 'application', 'id'])
  connector.apps.forEach((app, i) => { if (app.identifier === uuidPlaceholder) placeholders.push([...at, 'apps', i, 'identifier']) })
  if (placeholders.length > 0) {
    if (options.placeholders === 'error') ok = false
    ctx.add({ code: 'SPEC060', severity: options.placeholders ?? 'warning', message: `${placeholders.length} id${placeholders.length === 1 ? ' is' : 's are'} still the placeholder \`${uuidPlaceholder}\` (${placeholders.map(formatPath).join(', ')})`,
      span: ctx.span(placeholders[0]!), path: placeholders[0]!, label: 'placeholder', help: options.placeholders === 'error' ? 'replace them with the real Azure ids (Azure portal: the tenant\'s and the app registration\'s overview pages)' : 'replace them with the real Azure ids before `scanplan apply`' })
  }
  const perimeterScan = compilePerimeterScan(connector, at, ctx, options, unresolved, computed)
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
  const loaded = loadSpec(text, { ...(options.file !== undefined ? { file: options.file } : {}), ...(options.allowNoConnectors ? { allowNoConnectors: true } : {}), ...(options.bases ? { bases: options.bases } : {}) })
  const empty = { requests: [], connectors: [], unresolvedProfiles: [] }
  if (!loaded.ok) return { ok: false, ...empty, diagnostics: loaded.diagnostics }
  const ctx = new CompileContext(loaded.places)
  ctx.diagnostics.push(...loaded.diagnostics)
  const source = compileSource(loaded.spec, ctx, options.now)
  const unresolved = new Set<string>()
  const connectors: CompileSpecResult['connectors'] = []
  const site = loaded.spec.source.site
  const bySite = options.profilesBySite
  const profiles = bySite ? (Object.hasOwn(bySite, site) ? { profiles: bySite[site]! } : { profiles: {}, profilesSiteMissing: { site, sites: Object.keys(bySite) } }) : {}
  loaded.spec.connectors.forEach((connector, index) => {
    const computed: string[] = []
    const settings = compileConnector(connector, index, ctx, { ...options, ...profiles, auth: loaded.spec.source.auth, ...(loaded.spec.source.oidcOnApiServer === true ? { oidcOnApiServer: true } : {}) }, unresolved, computed)
    if (settings) {
      connectors.push({ name: connector.name, settings, secrets: { secretValue: connector.application.secret as SecretRef }, index, ...(connector.id !== undefined ? { id: connector.id } : {}), enabled: connector.enabled ?? true, computed })
    }
  })
  const operation = options.operation ?? { op: 'create' }
  if (operation.op === 'update' && loaded.spec.connectors.length !== 1) {
    ctx.add({ code: 'SPEC080', severity: 'error', message: `an update targets one connector, but this spec has ${loaded.spec.connectors.length}`, span: ctx.span(['connectors'], 'key'), path: ['connectors'],
      label: 'several connectors', help: 'split the spec into one file per connector to update by id, or let `scanplan apply` match connectors by name' })
  }
  const ok = !ctx.diagnostics.some((d) => d.severity === 'error')
  const requests: CompiledRequest[] = ok
    ? connectors.map((c) => ({
        connector: c.name,
        ...(operation.op === 'update' ? buildUpdateOrgConnector(operation.id, c.settings) : buildCreateOrgConnector(c.settings)),
        index: c.index,
        ...(c.id !== undefined ? { id: c.id } : {}),
        enabled: c.enabled,
        computed: c.computed,
        secrets: c.secrets,
      }))
    : []
  return { ok, ...(source ? { source } : {}), requests, connectors: ok ? connectors : [], unresolvedProfiles: [...unresolved], diagnostics: loaded.places.documents.length > 1 ? onePerPlace(ctx.diagnostics) : ctx.diagnostics }
}
