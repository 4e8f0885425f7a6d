import { compileSchedule, explainSchedule, nextRuns, resolvePlatform, scheduleReport, type Schedule } from '@scanplan/core'
import type { Document } from 'yaml'
import { valueAt, type Located, type PathSegment } from './locate.js'
import { describe, type SchemaNode } from './spec-schema.js'

export interface HoverContext {
  doc: Document.Parsed
  schema: SchemaNode
  now: Date
  profiles?: Readonly<Record<string, number>>
}

const DAY_MS = 86_400_000
const isSchedulePath = (path: readonly PathSegment[]): boolean => path.length === 4 && path[0] === 'connectors' && path[2] === 'perimeterScan' && path[3] === 'schedule'
const isProfilePath = (path: readonly PathSegment[]): boolean => path.length === 4 && path[0] === 'connectors' && path[2] === 'perimeterScan' && path[3] === 'optionProfile'
const isUsernamePath = (path: readonly PathSegment[]): boolean => path.length === 2 && path[0] === 'source' && path[1] === 'username'

const utcClock = (d: Date): string => d.toISOString().slice(11, 16)
const utcDate = (d: Date): string => d.toISOString().slice(0, 10)

/**
 * The clock changes of the coming year that move a run: a schedule keeps its local time, so each change of its
 * zone's UTC offset moves the run's UTC time, which is what people on another continent (or a SIEM in UTC) see.
 */
function clockChanges(schedule: Schedule, now: Date): string[] {
  const year = nextRuns(schedule, { from: now, count: 400 }).filter((d) => d.getTime() < now.getTime() + 366 * DAY_MS)
  const notes: string[] = []
  for (let i = 1; i < year.length; i++) {
    const before = utcClock(year[i - 1]!)
    const after = utcClock(year[i]!)
    if (before !== after) notes.push(`from ${utcDate(year[i]!)} the run is at ${after} UTC, not ${before} UTC (${schedule.timezone} changes its clocks)`)
  }
  return notes
}

function scheduleHover(phrase: string, ctx: HoverContext, connectorPath: readonly PathSegment[]): string {
  const zone = valueAt(ctx.doc, [...connectorPath, 'perimeterScan', 'timezone'])
  const result = compileSchedule(phrase, { now: ctx.now, ...(typeof zone === 'string' ? { defaultZone: zone } : {}) })
  if (!result.ok) return `**Schedule** does not compile yet: ${result.diagnostics.find((d) => d.severity === 'error')?.message ?? 'see the problems list'}`
  const { schedule } = result
  const changes = clockChanges(schedule, ctx.now)
  const report = scheduleReport(schedule, { from: ctx.now, count: 5 })
  const runs = report.slice(report.indexOf('next '))
  return [
    `**${explainSchedule(schedule)}**`,
    '',
    '```text',
    runs.trimEnd(),
    '```',
    '',
    changes.length ? `Clock changes in the next 12 months:\n${changes.map((c) => `- ${c}`).join('\n')}` : 'No clock change moves these runs in the next 12 months.',
  ].join('\n')
}

function usernameHover(username: string, ctx: HoverContext): string {
  const platform = valueAt(ctx.doc, ['source', 'platform'])
  const baseUrl = valueAt(ctx.doc, ['source', 'baseUrl'])
  const gateway = valueAt(ctx.doc, ['source', 'gateway'])
  const result = resolvePlatform({
    username,
    ...(typeof platform === 'string' ? { platform } : {}),
    ...(typeof baseUrl === 'string' ? { baseUrl } : {}),
    ...(typeof gateway === 'string' ? { gateway } : {}),
  })
  if (!result.ok) return `**Platform**: not resolved: ${result.diagnostics[0]?.message ?? 'see the problems list'}`
  const p = result.platform
  const how = p.from === 'username' ? ` (platform identifier \`${p.identifier ?? ''}\` in the username)` : p.from === 'platform' ? ' (from `platform`)' : ' (from `baseUrl`)'
  return [`**Platform ${p.id}**${how}`, '', `- API server: ${p.apiServer}`, `- gateway: ${p.gateway}`, `- web UI: ${p.ui}`].join('\n')
}

function profileHover(value: unknown, ctx: HoverContext): string | undefined {
  if (typeof value === 'number') return `**Option profile** id ${value} (used as written).`
  if (typeof value !== 'string') return undefined
  const id = ctx.profiles?.[value]
  if (id !== undefined) return `**Option profile** "${value}" -> id ${id} (from the configured profiles mapping).`
  return ctx.profiles
    ? `**Option profile** "${value}" is not in the configured profiles mapping; \`scanplan plan\` resolves it online.`
    : `**Option profile** "${value}": a title, resolved to its id online by \`scanplan plan\` (configure \`scanplan.profiles\` to see it here).`
}

/** The Markdown hover text for what is under the cursor, or undefined when there is nothing worth saying. */
export function hoverText(located: Located, ctx: HoverContext): string | undefined {
  const { path } = located
  if (located.on === 'value' && located.scalar) {
    const value = located.scalar.value
    if (isSchedulePath(path) && typeof value === 'string') return scheduleHover(value, ctx, path.slice(0, 2))
    if (isUsernamePath(path) && typeof value === 'string') return usernameHover(value, ctx)
    if (isProfilePath(path)) return profileHover(value, ctx)
  }
  if (located.on === 'key') return describe(ctx.schema, path)
  return undefined
}
