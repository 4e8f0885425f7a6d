import { formatSchedule, type Schedule } from '@scanplan/core/schedule'

/**
 * The `perimeterScan` block of a spec file for a compiled schedule. The phrase is the canonical one
 * (`formatSchedule`), so pasting it back compiles to the same schedule; prefix and profile get their own keys as in
 * the spec format. Strings are written as JSON strings, which YAML reads as double-quoted scalars: always valid,
 * whatever the text holds.
 */
export function perimeterScanYaml(schedule: Schedule): string {
  const lines = ['perimeterScan:', `  schedule: ${JSON.stringify(formatSchedule({ ...schedule, prefix: null, profile: null }))}`]
  if (schedule.prefix !== null) lines.push(`  prefix: ${JSON.stringify(schedule.prefix)}`)
  if (schedule.profile !== null) {
    lines.push(`  optionProfile: ${'id' in schedule.profile ? String(schedule.profile.id) : JSON.stringify(schedule.profile.title)}`)
  }
  return `${lines.join('\n')}\n`
}
