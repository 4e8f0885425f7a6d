import { sameRunFrequency } from './run-frequency.js'

/**
 * Qualys answers a create or update of an Azure organization connector with an object that is not the request:
 * it renames some fields (`isRemediationEnabled` comes back as `remediationEnabled`), adds its own (`id`, `state`,
 * `connectorScanConfig.type`, ...) and never returns the secret. A plan therefore compares the desired request body
 * with the live connector through this table, never key by key (the seed's sample response; docs/plan-apply.md).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface ResponseFieldMapping {
  /** Dotted path in the request body. */
  request: string
  /** Where the live connector carries it, in order of preference; empty when the service never returns it. */
  response: readonly string[]
  /** A secret: never shown, never compared (it cannot be read back). */
  sensitive?: boolean
  /** How two values are made comparable (sets sorted, objects reduced to the request's keys, absent lists empty). */
  compare?: 'set' | 'app-infos' | 'set-or-absent' | 'run-frequency' | 'id'
}

const renamed = (request: string, response: string): ResponseFieldMapping => ({ request, response: [response, request] })

/** Request fields whose response name or comparison differs from the default (same name, plain equality). */
export const ORG_CONNECTOR_RESPONSE_MAPPING: readonly ResponseFieldMapping[] = [
  { request: 'secretValue', response: [], sensitive: true },
  renamed('isRemediationEnabled', 'remediationEnabled'),
  renamed('isCreateConnectorForNewSubscriptionsAutomatically', 'createConnectorForNewSubscriptionsAutomatically'),
  renamed('isDisableConnectorsForDeletedManagementGroups', 'disableConnectorsForDeletedManagementGroups'),
  { request: 'connectorAppInfos', response: ['connectorAppInfos'], compare: 'app-infos' },
  { request: 'includedMem', response: ['includedMem'], compare: 'set' },
  { request: 'excludedMem', response: ['excludedMem'], compare: 'set' },
  { request: 'defaultTagIds', response: ['defaultTagIds'], compare: 'set' },
  // The sample response leaves daysOfWeek out of a DAILY configuration: absent means none. The days are a set: a
  // connector made elsewhere may list them in any order, and the compiler writes SUN..SAT.
  { request: 'connectorScanConfig.daysOfWeek', response: ['connectorScanConfig.daysOfWeek'], compare: 'set-or-absent' },
  // Run frequencies are durations: `{hours, minutes}` as sent, minutes as strings in documented answers (`"60"`,
  // and `runFrequency` for the organization's in the documented listings), rounded up to whole days since 2.14.
  { request: 'orgRunFrequency', response: ['orgRunFrequency', 'runFrequency'], compare: 'run-frequency' },
  { request: 'connectorRunFrequency', response: ['connectorRunFrequency'], compare: 'run-frequency' },
  // No public answer shows how the id is echoed (the v3 XSD says int): `"240981"` is the same id as 240981.
  { request: 'connectorScanConfig.optionProfileId', response: ['connectorScanConfig.optionProfileId'], compare: 'id' },
]

/** Objects whose fields are compared one by one, so that a diff names `connectorScanConfig.recurrence`. */
const NESTED = new Set(['connectorScanSetting', 'connectorScanConfig'])

export interface FieldChange {
  /** Dotted request path, e.g. `connectorScanConfig.startTime`. */
  field: string
  /** The live value; undefined when the field does not exist yet (a create). */
  old: unknown
  new: unknown
  sensitive?: boolean
}

const MISSING = Symbol('missing')

function read(object: unknown, path: string): unknown {
  let current: unknown = object
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !(key in current)) return MISSING
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}

function sortedCopy(values: unknown[]): unknown[] {
  return [...values].sort((a, b) => (canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0))
}

function comparable(mapping: ResponseFieldMapping | undefined, desired: unknown, live: unknown): [unknown, unknown] {
  switch (mapping?.compare) {
    case 'set':
      return [Array.isArray(desired) ? sortedCopy(desired) : desired, Array.isArray(live) ? sortedCopy(live) : live]
    case 'set-or-absent': {
      const asSet = (value: unknown) => (Array.isArray(value) ? sortedCopy(value) : value)
      return [asSet(desired ?? []), asSet(live === MISSING || live === null ? [] : live)]
    }
    case 'app-infos': {
      // The response adds isTagAttachedToOrgConnector and tagMetadata to each app: keep only what was asked for.
      const project = (list: unknown, keys: string[]) =>
        Array.isArray(list)
          ? sortedCopy(list.map((item) => Object.fromEntries(keys.map((k) => [k, (item as Record<string, unknown>)?.[k] ?? null]))))
          : list
      const keys = Array.isArray(desired) ? [...new Set(desired.flatMap((item) => Object.keys(item as object)))] : []
      return [project(desired, keys), project(live, keys)]
    }
    case 'run-frequency':
      // Equal durations (or the desired one as Qualys rounds it) compare equal; otherwise the values as they are.
      return sameRunFrequency(desired, live) ? [0, 0] : [desired, live]
    case 'id':
      return [typeof desired === 'string' && /^\d+$/.test(desired) ? Number(desired) : desired, typeof live === 'string' && /^\d+$/.test(live) ? Number(live) : live]
    default:
      return [desired, live]
  }
}

function leafPaths(body: Record<string, unknown>): string[] {
  const paths: string[] = []
  for (const [key, value] of Object.entries(body)) {
    if (NESTED.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of Object.keys(value)) paths.push(`${key}.${inner}`)
    } else paths.push(key)
  }
  return paths
}

function mappingFor(path: string): ResponseFieldMapping | undefined {
  return ORG_CONNECTOR_RESPONSE_MAPPING.find((m) => m.request === path)
}

/**
 * A request field's value in the live connector (`isRemediationEnabled` is read from `remediationEnabled`,
 * `orgRunFrequency` from `runFrequency` in the documented listings, ...), as the answer carries it; undefined when it
 * carries none (the secret, never returned). `scanplan import` reads live connectors through this.
 */
export function liveFieldValue(live: Record<string, unknown>, requestPath: string): unknown {
  for (const name of mappingFor(requestPath)?.response ?? [requestPath]) {
    const value = read(live, name)
    if (value !== MISSING) return value
  }
  return undefined
}

export interface DiffOptions {
  /**
   * Request paths the spec does not set (Terraform's computed fields, e.g. an unwritten start date): never compared,
   * so a plan does not drift when the value the compiler filled in changes from one day to the next.
   */
  computed?: readonly string[]
}

/**
 * `desired` with each computed path (see DiffOptions) taken from the live connector, where it has one: what an update
 * sends, so that it keeps the live start date instead of moving it to today.
 */
export function withLiveComputed<T extends Record<string, unknown>>(desired: T, live: Record<string, unknown>, computed: readonly string[]): T {
  const copy = structuredClone(desired) as Record<string, unknown>
  for (const path of computed) {
    const value = liveFieldValue(live, path)
    if (value === null || value === undefined) continue
    const keys = path.split('.')
    let target: unknown = copy
    for (const key of keys.slice(0, -1)) target = (target as Record<string, unknown> | undefined)?.[key]
    if (target !== null && typeof target === 'object' && keys.at(-1)! in target) (target as Record<string, unknown>)[keys.at(-1)!] = value
  }
  return copy as T
}

/**
 * The fields of `desired` (a create/update request body) that differ from the `live` connector as Qualys returned
 * it. Fields the service does not return (the secret, and any field absent from the live object) cannot be
 * compared and are left out: a plan cannot see them, and says so in its documentation (docs/plan-apply.md).
 */
export function diffOrgConnector(desired: Record<string, unknown>, live: Record<string, unknown>, options: DiffOptions = {}): FieldChange[] {
  const changes: FieldChange[] = []
  const computed = new Set(options.computed ?? [])
  for (const path of leafPaths(desired)) {
    const mapping = mappingFor(path)
    if (mapping?.sensitive || computed.has(path)) continue
    const desiredValue = read(desired, path)
    const names = mapping?.response ?? [path]
    let liveValue: unknown = MISSING
    for (const name of names) {
      liveValue = read(live, name)
      if (liveValue !== MISSING) break
    }
    if (liveValue === MISSING && mapping?.compare !== 'set-or-absent') continue
    const [a, b] = comparable(mapping, desiredValue, liveValue)
    if (canonical(a) !== canonical(b)) changes.push({ field: path, old: liveValue === MISSING ? undefined : liveValue, new: desiredValue })
  }
  return changes
}

/** Every field of a create, as changes from nothing. A secret's value is left out (only flagged), so no output can show it. */
export function describeOrgConnectorCreate(desired: Record<string, unknown>): FieldChange[] {
  return leafPaths(desired).map((path) => {
    const sensitive = mappingFor(path)?.sensitive === true
    return sensitive ? { field: path, old: undefined, new: undefined, sensitive } : { field: path, old: undefined, new: read(desired, path) }
  })
}

export type { Json as ConnectorJson }
