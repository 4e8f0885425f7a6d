import { parseListenPort } from '@scanplan/connect/listen-port'
import { UsageError } from './usage-error.js'

/** What the command line parsed into: the shape every command's `run` takes (its own module, so commands import no table). */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  positionals: string[]
}

type FlagValue = ParsedArgs['values'][string]

/**
 * `--port N` (sim, serve, playground: one check for all, the rule `scanplan-webhook --port` uses too): a whole number
 * 0-65535, 0 picking a free port; `fallback` when the flag is absent.
 */
export function portFlag<T extends number | undefined>(value: FlagValue, fallback: T): number | T {
  if (value === undefined) return fallback
  const parsed = parseListenPort(String(value), '--port')
  if (!parsed.ok) throw new UsageError(parsed.message, parsed.help)
  return parsed.port
}

// A date, or a date-time with seconds and fraction optional and its offset required: without one, JavaScript reads
// the time in the machine's zone, and the same command would mean another instant on another machine.
const isoNow = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/

/**
 * `--now` (schedule, explain, compile, doctor, plan, apply, import: one check for all): the reference instant, a
 * date (`2026-06-01`, its 00:00 UTC) or an ISO 8601 instant with its offset (`2026-06-01T09:00:00Z`); the clock when
 * the flag is absent. A date that does not exist (`2026-02-30`, which `Date` rolls over to March) is refused.
 */
export function nowFlag(value: FlagValue): Date {
  if (value === undefined) return new Date()
  const text = String(value)
  const m = isoNow.exec(text)
  const date = new Date(m && m[4] === undefined ? `${text}T00:00:00Z` : text)
  const real = m !== null && !Number.isNaN(date.getTime()) && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 &&
    Number(m[3]) <= new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate() && Number(m[4] ?? 0) < 24 && Number(m[5] ?? 0) < 60 && Number(m[6] ?? 0) < 60
  if (!real) throw new UsageError(`\`--now ${text}\` is not an ISO date or date-time`, 'write a date (`--now 2026-06-01`, 00:00 UTC) or an instant with its offset (`--now 2026-06-01T09:00:00Z`)')
  return date
}

/** The two functions of core's zone database that `zoneFlag` needs (the caller passes the core it loaded). */
export interface ZoneDatabase {
  lookupZone(name: string): { canonical: string } | undefined
  suggestZones(name: string): readonly string[]
}

/**
 * `--zone ZONE` (schedule, explain, compile: one check for all): the canonical IANA name from core's zone table
 * (`europe/paris` -> `Europe/Paris`), undefined when absent; an unknown zone is a usage error with core's suggestions.
 */
export function zoneFlag(value: FlagValue, zones: ZoneDatabase): string | undefined {
  if (value === undefined) return undefined
  const text = String(value)
  const found = zones.lookupZone(text)
  if (found) return found.canonical
  const close = zones.suggestZones(text)
  throw new UsageError(`unknown time zone \`${text}\` for --zone`, close.length ? `did you mean ${close.map((z) => `\`${z}\``).join(' or ')}?` : 'name an IANA zone such as `Europe/Berlin` or `UTC`')
}
