/**
 * Validation of Azure organization connector create/update bodies by the documented rules (https://docs.qualys.com/en/conn/latest/azure/create_azure_organization_connector.htm and its CPS fields
 * and the seed). Written independently of `@scanplan/core`'s payload builders on purpose: the simulator checks the
 * compiler instead of agreeing with it.
 */

export type RunFrequency = { hours: number; minutes: number } | number

export interface OrgConnectorInput {
  applicationId: string
  secretValue: string
  tenantId: string
  tenantName?: string
  name: string
  description?: string
  connectorAppInfos: Array<{ name: 'AI' | 'CI' | 'CSA'; identifier: string; tagId?: number | null }>
  connectorPrefixName?: string
  orgRunFrequency: RunFrequency
  connectorRunFrequency: RunFrequency
  defaultTagIds?: number[]
  includedMem?: string[]
  excludedMem?: string[]
  autoActivateVM?: boolean
  autoActivatePC?: boolean
  autoActivateSCA?: boolean
  autoActivateCertView?: boolean
  autoActivateCV?: boolean
  isAssignStaticTagToAssetsPulledByThatConnector?: boolean
  isAssignStaticTagToConnector?: boolean
  isCreateConnectorForNewSubscriptionsAutomatically?: boolean
  isCreateStaticTagsForManagementGroups?: boolean
  isDisableConnectorsForDeletedManagementGroups?: boolean
  isRemediationEnabled?: boolean
  isCPSEnabled?: boolean
  connectorScanSetting?: { isCustomScanConfigEnabled: boolean }
  connectorScanConfig?: {
    scanPrefix: string
    optionProfileId: number
    recurrence: 'DAILY' | 'WEEKLY'
    daysOfWeek?: string[]
    startDate: string
    startTime: string
    timezone: string
  }
}

export interface FieldError {
  field: string
  message: string
}

export interface ValidationContext {
  /** Option profile ids of the caller's subscription. */
  optionProfileIds: number[]
  vmActivated: boolean
  /**
   * Whether another connector of the subscription already has this name (for uniqueness). A lookup rather than a
   * list of names, so that a create costs the same with 10 or 36,000 stored connectors (the state's name index).
   */
  nameTaken: (name: string) => boolean
}

const booleanFields = [
  'autoActivateCV', 'autoActivateCertView', 'autoActivatePC', 'autoActivateSCA', 'autoActivateVM',
  'isAssignStaticTagToAssetsPulledByThatConnector', 'isAssignStaticTagToConnector',
  'isCreateConnectorForNewSubscriptionsAutomatically', 'isCreateStaticTagsForManagementGroups',
  'isDisableConnectorsForDeletedManagementGroups', 'isRemediationEnabled', 'isCPSEnabled',
] as const
const requiredStrings = ['applicationId', 'secretValue', 'tenantId', 'name'] as const
const optionalStrings = ['tenantName', 'description', 'connectorPrefixName'] as const
const knownFields = new Set<string>([
  ...booleanFields, ...requiredStrings, ...optionalStrings,
  'connectorAppInfos', 'orgRunFrequency', 'connectorRunFrequency', 'defaultTagIds', 'includedMem', 'excludedMem',
  'connectorScanSetting', 'connectorScanConfig',
])
const scanConfigFields = new Set(['scanPrefix', 'optionProfileId', 'recurrence', 'daysOfWeek', 'startDate', 'startTime', 'timezone'])
const days = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']
const appNames = ['AI', 'CI', 'CSA']
/** Connector 2.14: run frequencies are whole days, 1 to 7; more than 7 days is rejected. */
const maxRunFrequencyMinutes = 7 * 24 * 60
/**
 * Azure ids are GUIDs. The Qualys samples print `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` instead, and a real service
 * that reads the tenant through Azure cannot take that: the simulator refuses anything that is not a GUID.
 */
const guidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const guidFields = ['applicationId', 'tenantId'] as const
/** The only length limit any source gives (Qualys/TotalCloud `_MAX_NAME_LEN`). */
const maxNameLength = 255

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const show = (v: unknown) => JSON.stringify(v) ?? String(v)

// Building an Intl.DateTimeFormat is slow (it loads zone data); the answer for a name never changes.
const zoneValidity = new Map<string, boolean>()

function isIanaTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone)
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone })
      valid = true
    } catch {
      valid = false
    }
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid)
  }
  return valid
}

function isCalendarDate(mmddyyyy: string): boolean {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(mmddyyyy)
  if (!m) return false
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

function checkFrequency(value: unknown, field: string, errors: FieldError[]): void {
  let minutes: number
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return void errors.push({ field, message: `must be a whole number of minutes, got ${show(value)}` })
    minutes = value
  } else if (isObject(value)) {
    const extra = Object.keys(value).filter((k) => k !== 'hours' && k !== 'minutes')
    if (extra.length > 0) return void errors.push({ field, message: `unrecognized field(s) ${extra.join(', ')}; expected { "hours": H, "minutes": M }` })
    const { hours, minutes: mins } = value
    if (!Number.isInteger(hours) || (hours as number) < 0) return void errors.push({ field: `${field}.hours`, message: `must be a non-negative integer, got ${show(hours)}` })
    if (!Number.isInteger(mins) || (mins as number) < 0 || (mins as number) > 59) return void errors.push({ field: `${field}.minutes`, message: `must be an integer from 0 to 59, got ${show(mins)}` })
    minutes = (hours as number) * 60 + (mins as number)
  } else {
    return void errors.push({ field, message: value === undefined ? 'is mandatory' : `must be { "hours": H, "minutes": M } or minutes, got ${show(value)}` })
  }
  if (minutes <= 0) errors.push({ field, message: 'must be more than 0 minutes' })
  else if (minutes > maxRunFrequencyMinutes) errors.push({ field, message: `must be at most 7 days (${maxRunFrequencyMinutes} minutes), got ${minutes} minutes` })
}

function checkStringArray(body: Json, field: string, errors: FieldError[]): void {
  const v = body[field]
  if (v !== undefined && !(Array.isArray(v) && v.every((s) => typeof s === 'string'))) errors.push({ field, message: `must be an array of strings, got ${show(v)}` })
}

export function validateOrgConnector(body: unknown, ctx: ValidationContext): { ok: true; value: OrgConnectorInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = []
  if (!isObject(body)) return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] }
  for (const key of Object.keys(body)) if (!knownFields.has(key)) errors.push({ field: key, message: 'unrecognized field' })
  for (const key of requiredStrings) {
    const v = body[key]
    if (v === undefined || v === null) errors.push({ field: key, message: 'is mandatory' })
    else if (typeof v !== 'string' || v.trim() === '') errors.push({ field: key, message: `must be a non-empty string, got ${show(v)}` })
  }
  for (const key of guidFields) {
    const v = body[key]
    if (typeof v === 'string' && v.trim() !== '' && !guidPattern.test(v)) errors.push({ field: key, message: `must be an Azure id (a GUID such as 6f1c0b2a-9d8e-4f7a-b6c5-d4e3f2a1b0c9), got ${show(v)}` })
  }
  for (const key of optionalStrings) if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string') errors.push({ field: key, message: `must be a string, got ${show(body[key])}` })
  for (const key of booleanFields) if (body[key] !== undefined && typeof body[key] !== 'boolean') errors.push({ field: key, message: `must be true or false, got ${show(body[key])}` })
  if (typeof body.name === 'string') {
    if (body.name.length > maxNameLength) errors.push({ field: 'name', message: `must be at most ${maxNameLength} characters, got ${body.name.length}` })
    if (ctx.nameTaken(body.name)) errors.push({ field: 'name', message: `a connector named ${show(body.name)} already exists; the name must be unique` })
  }

  const apps = body.connectorAppInfos
  if (!Array.isArray(apps) || apps.length === 0) errors.push({ field: 'connectorAppInfos', message: apps === undefined ? 'is mandatory' : 'must be a non-empty array of { name, identifier }' })
  else {
    const seen = new Set<string>()
    apps.forEach((a: unknown, i) => {
      const at = `connectorAppInfos[${i}]`
      if (!isObject(a)) return void errors.push({ field: at, message: 'must be an object { name, identifier, tagId }' })
      for (const k of Object.keys(a)) if (!['name', 'identifier', 'tagId'].includes(k)) errors.push({ field: `${at}.${k}`, message: 'unrecognized field' })
      if (typeof a.name !== 'string' || !appNames.includes(a.name)) errors.push({ field: `${at}.name`, message: `must be one of ${appNames.join(', ')}, got ${show(a.name)}` })
      else if (seen.has(a.name)) errors.push({ field: `${at}.name`, message: `${a.name} is listed twice` })
      else seen.add(a.name)
      if (typeof a.identifier !== 'string' || a.identifier === '') errors.push({ field: `${at}.identifier`, message: `must be a non-empty string, got ${show(a.identifier)}` })
      else if (!guidPattern.test(a.identifier)) errors.push({ field: `${at}.identifier`, message: `must be an Azure id (a GUID), got ${show(a.identifier)}` })
      if (a.tagId !== undefined && a.tagId !== null && !Number.isInteger(a.tagId)) errors.push({ field: `${at}.tagId`, message: `must be an integer or null, got ${show(a.tagId)}` })
    })
  }
  checkFrequency(body.orgRunFrequency, 'orgRunFrequency', errors)
  checkFrequency(body.connectorRunFrequency, 'connectorRunFrequency', errors)
  checkStringArray(body, 'includedMem', errors)
  checkStringArray(body, 'excludedMem', errors)
  const tags = body.defaultTagIds
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => Number.isInteger(t)))) errors.push({ field: 'defaultTagIds', message: `must be an array of integers, got ${show(tags)}` })

  const cps = body.isCPSEnabled === true
  const setting = body.connectorScanSetting
  const config = body.connectorScanConfig
  if (!cps) {
    if (setting !== undefined) errors.push({ field: 'connectorScanSetting', message: 'is only accepted with "isCPSEnabled": true' })
    if (config !== undefined) errors.push({ field: 'connectorScanConfig', message: 'is only accepted with "isCPSEnabled": true' })
  } else {
    if (body.autoActivateVM !== true) errors.push({ field: 'autoActivateVM', message: 'must be true: Cloud Perimeter Scan needs the VM module activated on the connectors' })
    if (!ctx.vmActivated) errors.push({ field: 'isCPSEnabled', message: 'Cloud Perimeter Scan needs the VM module, which is not activated in this subscription' })
    let custom = false
    if (!isObject(setting)) errors.push({ field: 'connectorScanSetting', message: setting === undefined ? 'is mandatory when "isCPSEnabled" is true' : 'must be { "isCustomScanConfigEnabled": true|false }' })
    else {
      for (const k of Object.keys(setting)) if (k !== 'isCustomScanConfigEnabled') errors.push({ field: `connectorScanSetting.${k}`, message: 'unrecognized field' })
      if (typeof setting.isCustomScanConfigEnabled !== 'boolean') errors.push({ field: 'connectorScanSetting.isCustomScanConfigEnabled', message: `must be true or false, got ${show(setting.isCustomScanConfigEnabled)}` })
      custom = setting.isCustomScanConfigEnabled === true
    }
    if (!custom && config !== undefined) errors.push({ field: 'connectorScanConfig', message: 'is only accepted with "isCustomScanConfigEnabled": true (false means the global scan configuration)' })
    if (custom) checkScanConfig(config, ctx, errors)
  }
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, value: body as unknown as OrgConnectorInput }
}

function checkScanConfig(config: unknown, ctx: ValidationContext, errors: FieldError[]): void {
  const at = 'connectorScanConfig'
  if (!isObject(config)) return void errors.push({ field: at, message: config === undefined ? 'is mandatory when "isCustomScanConfigEnabled" is true' : 'must be an object' })
  for (const k of Object.keys(config)) if (!scanConfigFields.has(k)) errors.push({ field: `${at}.${k}`, message: 'unrecognized field' })
  for (const k of ['scanPrefix', 'timezone']) if (typeof config[k] !== 'string' || config[k] === '') errors.push({ field: `${at}.${k}`, message: config[k] === undefined ? 'is mandatory' : `must be a non-empty string, got ${show(config[k])}` })
  if (typeof config.timezone === 'string' && config.timezone !== '' && !isIanaTimeZone(config.timezone)) errors.push({ field: `${at}.timezone`, message: `unknown time zone ${show(config.timezone)}; use an IANA name such as "Asia/Colombo" or "UTC"` })
  const id = config.optionProfileId
  if (typeof id !== 'number' || !Number.isInteger(id)) errors.push({ field: `${at}.optionProfileId`, message: id === undefined ? 'is mandatory' : `must be a numeric option profile id, got ${show(id)}` })
  else if (!ctx.optionProfileIds.includes(id)) errors.push({ field: `${at}.optionProfileId`, message: `no option profile with id ${id} in this subscription` })
  const recurrence = config.recurrence
  if (recurrence !== 'DAILY' && recurrence !== 'WEEKLY') errors.push({ field: `${at}.recurrence`, message: recurrence === undefined ? 'is mandatory' : `must be DAILY or WEEKLY, got ${show(recurrence)}` })
  const dow = config.daysOfWeek
  if (dow !== undefined && !(Array.isArray(dow) && dow.every((d) => typeof d === 'string' && days.includes(d)))) {
    errors.push({ field: `${at}.daysOfWeek`, message: `must be an array of ${days.join(', ')}, got ${show(dow)}` })
  } else if (Array.isArray(dow) && new Set(dow).size !== dow.length) {
    errors.push({ field: `${at}.daysOfWeek`, message: 'lists a day twice' })
  } else if (recurrence === 'WEEKLY' && (!Array.isArray(dow) || dow.length === 0)) {
    errors.push({ field: `${at}.daysOfWeek`, message: 'must name at least one day when recurrence is WEEKLY' })
  } else if (recurrence === 'DAILY' && Array.isArray(dow) && dow.length > 0) {
    errors.push({ field: `${at}.daysOfWeek`, message: 'is only applicable when recurrence is WEEKLY; send [] or leave it out for DAILY' })
  }
  if (typeof config.startDate !== 'string' || !isCalendarDate(config.startDate)) errors.push({ field: `${at}.startDate`, message: config.startDate === undefined ? 'is mandatory' : `must be a date in mm/dd/yyyy format, got ${show(config.startDate)}` })
  if (typeof config.startTime !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(config.startTime)) errors.push({ field: `${at}.startTime`, message: config.startTime === undefined ? 'is mandatory' : `must be a 24-hour time in HH:MM format, got ${show(config.startTime)}` })
}
