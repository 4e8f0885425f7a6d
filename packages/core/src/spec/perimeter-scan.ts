import type { Span } from '../diagnostics/index.js'
import type { ConnectorScanConfig, PerimeterScanSetting } from '../payload/org-connector.js'
import { civilFromDays, DAY_MS, qualysDate } from '../schedule/calendar.js'
import { utcToLocal } from '../schedule/dst.js'
import { compileSchedule, lookupZone } from '../schedule/index.js'
import { zoneInfo } from '../schedule/zones.js'
import { closestWords } from '../suggest/index.js'
import { ConnectorScanConfigCodec, type AzureOrgConnector } from './codecs.js'
import type { CompileContext } from './compile-context.js'
import type { PathSegment } from './document.js'

export interface PerimeterScanOptions {
  now: Date
  profiles?: Readonly<Record<string, number>>
  /** The profiles file is keyed by site and has no section for this spec's site (the sites it has, for the help). */
  profilesSiteMissing?: { site: string; sites: string[] }
  defaultZone?: string
  /** The source's sign-in: with `oidc` there is no API server login, so a title cannot be looked up online. */
  auth?: 'session' | 'basic' | 'oidc'
  /** oidc: the API server takes the OIDC token (`source.oidcOnApiServer`), so a title is resolved online after all. */
  oidcOnApiServer?: boolean
}

/**
 * Today's date in `zone` (canonical), mm/dd/yyyy, from core's own zone table like every other date the compiler
 * writes: never the runtime's `Intl` data, whose tz version varies with the Node or browser build.
 */
export function dateInZone(now: Date, zone: string): string {
  return qualysDate(civilFromDays(Math.floor(utcToLocal(zoneInfo(zone), now.getTime()) / DAY_MS)))
}

/** Where the phrase names a prefix or a profile, for "given twice" errors (the schedule model keeps no spans). */
function phraseClause(phrase: string, kind: 'prefix' | 'profile'): Span | undefined {
  const pattern = kind === 'prefix' ? /\b(?:prefix|named)\s+("[^"]*"|\S+)/i : /\b(?:(?:using|with)\s+)?(?:option\s+)?profile\s+("[^"]*"|\S+)/i
  const match = pattern.exec(phrase)
  return match ? { start: match.index, end: match.index + match[0].length } : undefined
}

/** A connector's `perimeterScan` -> CPS off, global, or a custom scan configuration; undefined after an error. */
/**
 * Whether the phrase's start date depends on the reference instant (`starting next monday`, `tomorrow`): compiled
 * without a current date, only a relative date fails, with DSL050.
 */
function startDateIsRelative(phrase: string, zone: string | undefined): boolean {
  const without = compileSchedule(phrase, { now: new Date(Number.NaN), ...(zone !== undefined ? { defaultZone: zone } : {}) })
  return !without.ok && without.diagnostics.some((d) => d.code === 'DSL050')
}

/**
 * A connector's `perimeterScan` -> CPS off, global, or a custom scan configuration; undefined after an error.
 * `computed` receives the request paths the spec does not set (Terraform's computed fields): a start date the
 * phrase does not write, or writes relative to today, is the compile day's for a create and the live connector's
 * afterwards, so that plans do not drift day by day.
 */
export function compilePerimeterScan(connector: AzureOrgConnector, at: PathSegment[], ctx: CompileContext, options: PerimeterScanOptions, unresolved: Set<string>, computed: string[] = []): PerimeterScanSetting | undefined {
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

  const twice = (kind: 'prefix' | 'profile', key: 'prefix' | 'optionProfile', code: 'SPEC041' | 'SPEC042') => {
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
      const span = profileFromPhrase ? (phraseClause(scan.schedule, 'profile') ? ctx.spanInValue(schedulePath, phraseClause(scan.schedule, 'profile')!) : ctx.span(schedulePath)) : ctx.span(profilePath)
      // Titles are resolved through the API server (/api/2.0/), which OIDC tokens reach only where Qualys Support
      // enabled it: a distinct error, not SPEC045, so that plan, apply, doctor and the webhook do not try to resolve it.
      if (mapping === undefined && options.auth === 'oidc' && options.oidcOnApiServer !== true) {
        ctx.add({ code: 'SPEC048', severity: 'error', message: `option profile \`${title}\` is a title, and \`auth: oidc\` has no API server login to look it up`, span, path: profilePath, label: 'a title, not an id',
          help: 'write the numeric id of the option profile (Qualys UI: Scans > Option Profiles), pass `--profiles FILE` mapping titles to ids, or, if Qualys Support enabled OIDC tokens on /api/2.0/ for the subscription (`scanplan doctor --probe` tells), set `oidcOnApiServer: true` under source' })
      } else if (mapping === undefined) {
        unresolved.add(title)
        ctx.add({ code: 'SPEC045', severity: 'error', message: `option profile \`${title}\` is a title: its id must be resolved online`, span, path: profilePath, label: 'a title, not an id', data: { kind: 'profile-title', title },
          help: 'run `scanplan plan` (it looks the title up in the subscription), pass `--profiles FILE` mapping titles to ids, or write the numeric id' })
      } else if (options.profilesSiteMissing) {
        unresolved.add(title)
        const { site, sites } = options.profilesSiteMissing
        const [best] = closestWords(site, sites, 1)
        ctx.add({ code: 'SPEC045', severity: 'error', message: `option profile \`${title}\` is a title, and the profiles file has no section for site \`${site}\``, span, path: profilePath, label: 'a title, not an id', data: { kind: 'profile-title', title },
          help: best ? `did you mean site \`${best}\`? (the file's sections are named by \`source.site\`: ${sites.map((x) => `\`${x}\``).join(', ')})` : `add a \`${site}:\` section mapping its titles to ids, or write the numeric id` })
      } else {
        unresolved.add(title)
        const [best] = closestWords(title, Object.keys(mapping), 1)
        ctx.add({ code: 'SPEC045', severity: 'error', message: `option profile \`${title}\` is not in the profiles mapping`, span, path: profilePath, label: 'unknown title', data: { kind: 'profile-title', title },
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
  if (schedule.startDate === null || startDateIsRelative(scan.schedule, zone)) computed.push('connectorScanConfig.startDate')
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
