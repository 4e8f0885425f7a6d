import type { Schedule } from '@scanplan/core/schedule'

/**
 * The `connectorScanConfig` object the connector API receives for this schedule, in the seed request's field order.
 * Fields the phrase leaves open are left out; an option profile given by title has no id until it is resolved
 * against the account (`scanplan plan` does that online), so the page says so instead of inventing one.
 */
export function scanConfigJson(schedule: Schedule): string {
  const body: Record<string, unknown> = {}
  if (schedule.prefix !== null) body.scanPrefix = schedule.prefix
  if (schedule.profile !== null && 'id' in schedule.profile) body.optionProfileId = schedule.profile.id
  body.recurrence = schedule.recurrence
  if (schedule.startDate !== null) body.startDate = schedule.startDate
  body.startTime = schedule.startTime
  body.timezone = schedule.timezone
  body.daysOfWeek = schedule.daysOfWeek
  const json = JSON.stringify({ connectorScanConfig: body }, null, 2)
  return schedule.profile !== null && 'title' in schedule.profile
    ? `${json}\n// optionProfileId: the id of the option profile ${JSON.stringify(schedule.profile.title)}, looked up in the account by \`scanplan plan\``
    : json
}
