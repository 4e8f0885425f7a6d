import { formatSchedule, type Schedule } from '@scanplan/core/schedule'

/**
 * The `perimeterScan` block of a spec file for a compiled schedule. The phrase is the canonical one
 * (`formatSchedule`), so pasting it back compiles to the same schedule; prefix and profile get their own keys as in
 * the spec format. A custom scan needs both: when the phrase names neither, the block says so in a comment rather
 * than inventing a value. Strings are written as JSON strings, which YAML reads as double-quoted scalars: always
 * valid, whatever the text holds.
 */
export function perimeterScanYaml(schedule: Schedule): string {
  const lines = ['perimeterScan:', `  schedule: ${JSON.stringify(formatSchedule({ ...schedule, prefix: null, profile: null }))}`]
  if (schedule.prefix !== null) lines.push(`  prefix: ${JSON.stringify(schedule.prefix)}`)
  else lines.push('  # prefix: custom-scan             # required')
  if (schedule.profile !== null) {
    lines.push(`  optionProfile: ${'id' in schedule.profile ? String(schedule.profile.id) : JSON.stringify(schedule.profile.title)}`)
  } else {
    lines.push('  # optionProfile: "Initial Options" # required: an id, or a title')
  }
  return `${lines.join('\n')}\n`
}
