import type { Clock } from './clock.js'
import { qualysDateTime } from './xml.js'

/**
 * The v2 activity log (`/api/2.0/fo/activity_log/?action=list`), the API the US3 captures were taken on (JupiterOne-Archives/graph-qualys, src/provider/__recordings__):
 * CSV between `----BEGIN_RESPONSE_BODY_CSV` markers, newest first, and a `WARNING` footer with CODE 1980 and a
 * continuation URL (`id_max`) when `truncation_limit` cuts the list.
 */
export interface ActivityRecord {
  id: number
  at: number
  action: 'login' | 'logout' | 'request'
  module: string
  details: string
  username: string
  ip: string
}

/** The part of the simulator the activity log reads and writes (the simulator's core satisfies it). */
export interface ActivityStore {
  readonly activity: Array<ActivityRecord & { subscriptionId: number }>
  nextActivityId: number
  readonly clock: Clock
}

const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`

/** A long-running simulator keeps the newest records only, so that its memory stays bounded. */
const keepRecords = 10_000

export function recordActivity(sim: ActivityStore, subscriptionId: number, entry: Omit<ActivityRecord, 'id' | 'at'>): void {
  sim.activity.push({ id: sim.nextActivityId++, at: sim.clock.now(), subscriptionId, ...entry })
  // Trimmed in batches: one splice per 10 000 records instead of a shift per record.
  if (sim.activity.length >= 2 * keepRecords) sim.activity.splice(0, sim.activity.length - keepRecords)
}

export const activityParameters = ['action', 'username', 'truncation_limit', 'id_max', 'since_datetime', 'until_datetime', 'output_format']

export interface ActivityQuery {
  username?: string
  truncationLimit: number
  idMax?: number
  since?: number
  until?: number
}

export function activityCsv(sim: ActivityStore, subscriptionId: number, query: ActivityQuery, continuation: (idMax: number) => string): string {
  const matching = sim.activity
    .filter((r) => r.subscriptionId === subscriptionId)
    .filter((r) => (query.username === undefined || r.username === query.username) && (query.idMax === undefined || r.id <= query.idMax))
    .filter((r) => (query.since === undefined || r.at >= query.since) && (query.until === undefined || r.at <= query.until))
    .sort((a, b) => b.id - a.id)
  // truncation_limit=0 means no truncation.
  const shown = query.truncationLimit === 0 ? matching : matching.slice(0, query.truncationLimit)
  const lines = ['----BEGIN_RESPONSE_BODY_CSV', '"Date","Action","Module","Details","User Name","User Role","User IP"']
  for (const r of shown) lines.push([qualysDateTime(r.at), r.action, r.module, r.details, r.username, 'Manager', r.ip].map(csvCell).join(','))
  lines.push('----END_RESPONSE_BODY_CSV')
  if (shown.length < matching.length) {
    lines.push(
      '----BEGIN_RESPONSE_FOOTER_CSV',
      'WARNING',
      '"CODE","TEXT","URL"',
      ['1980', `${query.truncationLimit} record limit exceeded. Use URL to get next batch of results.`, continuation(shown[shown.length - 1]!.id - 1)].map(csvCell).join(','),
      '----END_RESPONSE_FOOTER_CSV',
    )
  }
  return lines.join('\n') + '\n'
}
