import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml'
import { diffOrgConnector, liveFieldValue } from '../payload/connector-diff.js'
import { formatDuration, runFrequencyMinutes } from '../payload/run-frequency.js'
import { describeSchedulePhrase } from '../schedule/describe.js'
import { compileSpec } from './compile.js'
import { envWords, siteEnvName } from './variable-names.js'

/**
 * `scanplan import`: the live Azure organization connectors of an account written back as a spec, the inverse of
 * the compiler. Pure: the caller reads the account (`@scanplan/qualys`) and writes the file. The result is checked
 * by compiling it and comparing every body with the live connector it came from, so a plan of it (its variables set)
 * is all `noop`, or the problems say which field would not be.
 */

export interface ImportSpecInput {
  /** The spec whose `source` names the account: its `source` mapping is copied as written, comments included. */
  specText: string
  /** The live connectors, as the account lists them (`OrgConnector`s), in the order to write them. */
  connectors: readonly Record<string, unknown>[]
  /** Option profile titles by id, for the comment beside each id (absent: the account cannot list them, OIDC). */
  profileTitles?: ReadonlyMap<number, string>
  /** The `$schema` reference of the editor modeline (first line). */
  schema: string
  /** Compiling the result checks it; `now` is only the reference instant of that compile (core has no clock). */
  now: Date
}

/** An environment variable the imported spec reads, for the user to set. */
export interface ImportVariable {
  name: string
  /** What it holds, e.g. `the Azure application secret of "Acme production" (id 186015)`. */
  holds: string
  /** The connector it belongs to (absent for the source's own credentials). */
  connector?: { name: string; id: number }
}

export interface ImportProblem {
  severity: 'error' | 'warning'
  /** The live connector the problem is about (absent: the spec as a whole). */
  connector?: { name: string; id: number }
  message: string
}

export type ImportSpecResult =
  | { ok: true; text: string; variables: ImportVariable[]; problems: ImportProblem[] }
  /** Nothing to write: a connector cannot be written as a spec (the problems say which and why). */
  | { ok: false; problems: ImportProblem[] }

type Live = Record<string, unknown>

/** The spec language's `autoActivate` modules, in the order `docs/spec.md` lists them, and their body fields. */
const MODULES = [
  ['VM', 'autoActivateVM'],
  ['PC', 'autoActivatePC'],
  ['SCA', 'autoActivateSCA'],
  ['CertView', 'autoActivateCertView'],
  ['CV', 'autoActivateCV'],
] as const

/** Spec key -> the request body field it compiles to, for the booleans of a connector. */
const FLAGS = {
  subscriptions: { autoCreateConnectors: 'isCreateConnectorForNewSubscriptionsAutomatically', disableForDeletedManagementGroups: 'isDisableConnectorsForDeletedManagementGroups' },
  staticTags: { assets: 'isAssignStaticTagToAssetsPulledByThatConnector', connector: 'isAssignStaticTagToConnector', managementGroups: 'isCreateStaticTagsForManagementGroups' },
} as const

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

/** The variable of a connector's Azure secret: site prefix, connector name, `AZURE_SECRET` (one per connector). */
function secretVariable(site: string, name: string, id: number): string {
  return siteEnvName(site, `${envWords(name) || `CONNECTOR_${id}`}_AZURE_SECRET`)
}

/** Variable names for the connectors, made unique with the connector id where two names give the same words. */
function secretVariables(site: string, connectors: readonly { name: string; id: number }[]): string[] {
  const names = connectors.map((c) => secretVariable(site, c.name, c.id))
  return names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? `${n}_${connectors[i]!.id}` : n))
}

interface Written {
  /** The connector as the spec language writes it (plain data; comments are added to its node). */
  entry: Record<string, unknown>
  /** Paths of the entry (`staticTags.assets`) written as scanplan's defaults because the live connector does not say. */
  unknown: string[]
  /** Why the schedule phrase is not exact, when it is not. */
  schedule?: string
  profileId?: number
  problems: ImportProblem[]
}

/** A live connector as a spec entry. */
function writeConnector(live: Live, id: number, name: string, variable: string): Written {
  const who = { name, id }
  const problems: ImportProblem[] = []
  const unknown: string[] = []
  const flag = (field: string, path: string): boolean => {
    const value = liveFieldValue(live, field)
    if (typeof value === 'boolean') return value
    unknown.push(path)
    return false
  }
  const tenantId = text(live.tenantId) ?? text(live.organizationId)
  const applicationId = text(live.applicationId)
  if (!tenantId) problems.push({ severity: 'error', connector: who, message: 'Qualys lists it without a tenant id (`tenantId` or `organizationId`)' })
  if (!applicationId) problems.push({ severity: 'error', connector: who, message: 'Qualys lists it without an application id (`applicationId`)' })

  const sync: Record<string, string> = {}
  for (const [key, field] of [['organization', 'orgRunFrequency'], ['connectors', 'connectorRunFrequency']] as const) {
    const minutes = runFrequencyMinutes(liveFieldValue(live, field))
    if (minutes !== undefined && Number.isSafeInteger(minutes) && minutes > 0) sync[key] = formatDuration(minutes)
    else problems.push({ severity: 'error', connector: who, message: `its \`${field}\` ${JSON.stringify(liveFieldValue(live, field))} is not a duration` })
  }

  const entry: Record<string, unknown> = { kind: 'azure-org', id, name }
  if (live.disabled === true || live.isDisabled === true) entry.enabled = false
  if (text(live.description)) entry.description = live.description
  if (text(live.connectorPrefixName)) entry.prefixName = live.connectorPrefixName
  entry.tenant = { id: tenantId, ...(text(live.tenantName) ? { name: live.tenantName } : {}) }
  entry.application = { id: applicationId, secret: { env: variable } }
  entry.apps = list(live.connectorAppInfos).map((raw) => {
    const app = (raw ?? {}) as Live
    return { name: app.name, identifier: app.identifier, ...(typeof app.tagId === 'number' ? { tagId: app.tagId } : {}) }
  })
  entry.sync = sync
  entry.managementGroups = { include: list(liveFieldValue(live, 'includedMem')), exclude: list(liveFieldValue(live, 'excludedMem')) }
  entry.defaultTagIds = list(liveFieldValue(live, 'defaultTagIds'))
  entry.autoActivate = MODULES.filter(([, field]) => live[field] === true).map(([module]) => module)
  for (const [group, keys] of Object.entries(FLAGS)) {
    entry[group] = Object.fromEntries(Object.entries(keys).map(([key, field]) => [key, flag(field, `${group}.${key}`)]))
  }
  entry.remediation = flag('isRemediationEnabled', 'remediation')

  const written: Written = { entry, unknown, problems }
  if (live.isCPSEnabled === true) {
    const setting = (live.connectorScanSetting ?? {}) as Live
    const config = live.connectorScanConfig as Live | null | undefined
    if (setting.isCustomScanConfigEnabled !== true) entry.perimeterScan = 'global'
    else if (config === null || typeof config !== 'object') {
      problems.push({ severity: 'error', connector: who, message: 'a custom Cloud Perimeter Scan without its `connectorScanConfig`' })
    } else {
      const described = describeSchedulePhrase({ recurrence: config.recurrence, daysOfWeek: config.daysOfWeek, startTime: config.startTime, timezone: config.timezone, startDate: config.startDate })
      const profileId = typeof config.optionProfileId === 'string' && /^\d+$/.test(config.optionProfileId) ? Number(config.optionProfileId) : config.optionProfileId
      if (!described.ok && !described.phrase) problems.push({ severity: 'error', connector: who, message: `its scan schedule cannot be written as a phrase: ${described.reason}` })
      if (!text(config.scanPrefix)) problems.push({ severity: 'error', connector: who, message: 'a custom Cloud Perimeter Scan without a `scanPrefix`' })
      if (typeof profileId !== 'number') problems.push({ severity: 'error', connector: who, message: `its option profile id ${JSON.stringify(config.optionProfileId)} is not a number` })
      entry.perimeterScan = { schedule: described.phrase, prefix: config.scanPrefix, optionProfile: profileId }
      if (typeof profileId === 'number') written.profileId = profileId
      if (!described.ok && described.phrase) written.schedule = described.reason
    }
  }
  return written
}

const FLOW = ['tenant', 'sync', 'managementGroups', 'subscriptions', 'staticTags'] as const

/** Short comments and flow style: the entry reads like `docs/spec.md`'s whole-file example. */
function decorate(node: YAMLMap, w: Written, titles: ReadonlyMap<number, string> | undefined): void {
  for (const key of FLOW) {
    const inner = node.get(key, true)
    if (isMap(inner)) inner.flow = true
  }
  for (const key of ['autoActivate', 'defaultTagIds']) {
    const inner = node.get(key, true)
    if (isSeq(inner)) inner.flow = true
  }
  const secret = node.getIn(['application', 'secret'], true)
  if (isMap(secret)) secret.flow = true
  const apps = node.get('apps', true)
  if (isSeq(apps)) for (const app of apps.items) if (isMap(app)) app.flow = true
  const comment = (path: string[], words: string) => {
    const value = node.getIn(path, true)
    if (isScalar(value) || isMap(value)) value.comment = ` ${words}`
  }
  comment(['id'], 'pinned: plan finds this connector by id, so a new name renames it')
  comment(['application', 'secret'], 'Qualys never returns a secret: set this variable')
  if (w.entry.enabled === false) comment(['enabled'], 'disabled in Qualys')
  if (w.profileId !== undefined) {
    const title = titles?.get(w.profileId)
    comment(['perimeterScan', 'optionProfile'], title !== undefined ? JSON.stringify(title) : titles ? 'not in the subscription\'s option profiles' : 'title not listed (OIDC signs in to the gateway only)')
  }
  const unknownTop = [...new Set(w.unknown.map((p) => p.split('.')[0]!))]
  for (const key of unknownTop) {
    const paths = w.unknown.filter((p) => p.split('.')[0] === key)
    comment([key], `Qualys' answer does not show ${paths.length > 1 ? 'these' : 'this'}: scanplan's default, check it in the Qualys UI`)
  }
}

function sourceVariables(source: unknown): ImportVariable[] {
  if (source === null || typeof source !== 'object') return []
  return (['password', 'clientId', 'clientSecret'] as const).flatMap((key) => {
    const env = (source as Record<string, { env?: unknown } | undefined>)[key]?.env
    return typeof env === 'string' ? [{ name: env, holds: `source.${key} (the Qualys ${key === 'password' ? 'password' : `OIDC ${key === 'clientId' ? 'client id' : 'client secret'}`})` }] : []
  })
}

export function renderImportedSpec(input: ImportSpecInput): ImportSpecResult {
  const given = parseDocument(input.specText)
  const sourceNode = given.get('source', true) as Node | undefined
  const source = given.toJS()?.source as Record<string, unknown> | undefined
  const site = typeof source?.site === 'string' ? source.site : ''
  const named = input.connectors.map((live) => ({ live, id: Number(live.id), name: String(live.name) }))
  // A spec needs a connector (SPEC003): an empty account has nothing to write.
  if (named.length === 0) return { ok: false, problems: [{ severity: 'error', message: 'the account lists no Azure organization connectors: there is nothing to import' }] }
  const variables = secretVariables(site, named)
  const written = named.map((c, i) => writeConnector(c.live, c.id, c.name, variables[i]!))
  const problems = written.flatMap((w) => w.problems)
  if (problems.some((p) => p.severity === 'error') || !sourceNode) return { ok: false, problems }

  const doc = new Document({})
  const count = named.length === 1 ? 'one Azure organization connector' : `${named.length} Azure organization connectors`
  doc.commentBefore = [
    ` yaml-language-server: $schema=${input.schema}`,
    ` Written by \`scanplan import\`: ${count} of ${site}, as Qualys lists them.`,
    ' Ids are pinned, so plan matches each connector by id; secrets are references to the variables listed at the end.',
  ].join('\n')
  // A block mapping (YAML) is copied with its comments; a flow one (JSON) is written afresh as block YAML.
  const asWritten = isMap(sourceNode) && !sourceNode.flow
  const copied = asWritten ? (sourceNode.clone() as YAMLMap) : (doc.createNode(source) as YAMLMap)
  if (!asWritten) for (const pair of copied.items) if (isMap(pair.value)) pair.value.flow = true
  doc.set('source', copied)
  const entries = doc.createNode([]) as { items: Node[] }
  written.forEach((w, i) => {
    const node = doc.createNode(w.entry) as YAMLMap
    decorate(node, w, input.profileTitles)
    entries.items.push(node)
  })
  doc.set('connectors', entries)
  const all: ImportVariable[] = [
    ...sourceVariables(source),
    ...named.map((c, i) => ({ name: variables[i]!, holds: `the Azure application secret of ${JSON.stringify(c.name)} (id ${c.id})`, connector: { name: c.name, id: c.id } })),
  ]
  const width = Math.max(0, ...all.map((v) => v.name.length))
  doc.comment = [
    ' Set these environment variables before `scanplan plan` (or use { file: PATH } references instead):',
    ...all.map((v) => `   ${v.name.padEnd(width)}  ${v.holds}`),
  ].join('\n')
  const stringify = () => {
    const out = doc.toString({ lineWidth: 0 })
    return out.endsWith('\n') ? out : `${out}\n`
  }
  const rendered = stringify()

  // The round trip: compile what was written and compare each body with its live connector, as plan will.
  const compiled = compileSpec(rendered, { now: input.now, placeholders: 'warning', allowNoConnectors: true })
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0) {
    return { ok: false, problems: [...problems, ...errors.map((d): ImportProblem => ({ severity: 'error', ...connectorAt(d.path, named), message: `the written spec does not compile: ${d.code} ${d.message}` }))] }
  }
  let inexact = false
  for (const request of compiled.requests) {
    const c = named[request.index]!
    const diff = diffOrgConnector(request.body as unknown as Record<string, unknown>, c.live, { computed: request.computed })
    if (diff.length === 0) continue
    problems.push({ severity: 'warning', connector: { name: c.name, id: c.id }, message: `a plan will show an update of ${diff.map((d) => d.field).join(', ')}` })
    // A phrase that is not exact only matters where the plan sees it (days in another order are the same days).
    const reason = written[request.index]!.schedule
    const phrase = (entries.items[request.index] as YAMLMap).getIn(['perimeterScan', 'schedule'], true)
    if (reason && isScalar(phrase) && diff.some((d) => d.field.startsWith('connectorScanConfig.'))) {
      phrase.comment = ` the closest phrase: ${reason}`
      inexact = true
    }
  }
  return { ok: true, text: inexact ? stringify() : rendered, variables: all, problems }
}

/** The connector a diagnostic path (`connectors[2].apps[0].name`) is under, if any. */
function connectorAt(path: string | undefined, named: readonly { name: string; id: number }[]): { connector?: { name: string; id: number } } {
  const index = /^connectors\[(\d+)\]/.exec(path ?? '')?.[1]
  const c = index === undefined ? undefined : named[Number(index)]
  return c ? { connector: { name: c.name, id: c.id } } : {}
}
