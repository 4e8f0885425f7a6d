import * as t from 'io-ts'
import { publicPlatformIds } from '../platform/table.js'
import { lookupZone } from '../schedule/zones.js'
import { matchesPattern, specPatterns } from './patterns.js'


/**
 * Branded strings of the spec. Each refinement carries its own message so a failure reads as what is wrong with
 * the value, not as an io-ts type name.
 */

export interface IanaZoneBrand { readonly IanaZone: unique symbol }
/** A time zone of the IANA database (`Asia/Colombo`, `UTC`, any case, links such as `Asia/Calcutta`). */
export const IanaZone = t.brand(t.string, (s): s is t.Branded<string, IanaZoneBrand> => isIanaZone(s), 'IanaZone')
export type IanaZone = t.TypeOf<typeof IanaZone>

/** One zone database for the whole compiler: the schedule's (tzdb data bundled with the core, not the runtime's ICU). */
function isIanaZone(s: string): boolean {
  return lookupZone(s) !== undefined
}

export interface HHMMBrand { readonly HHMM: unique symbol }
/** A 24-hour wall-clock time `HH:MM`; `24:00` is not a time of day. */
export const HHMM = t.brand(t.string, (s): s is t.Branded<string, HHMMBrand> => matchesPattern('hhmm', s), 'HHMM')
export type HHMM = t.TypeOf<typeof HHMM>

export interface EmailBrand { readonly Email: unique symbol }
/** An address with one `@`, a local part and a dotted domain; deliverability is not the compiler's to check. */
export const Email = t.brand(t.string, (s): s is t.Branded<string, EmailBrand> => matchesPattern('email', s), 'Email')
export type Email = t.TypeOf<typeof Email>

export interface UuidBrand { readonly Uuid: unique symbol }
/** An Azure id (tenant, application, app identifier): a UUID, or the samples' all-`x` placeholder. */
export const Uuid = t.brand(t.string, (s): s is t.Branded<string, UuidBrand> => matchesPattern('uuid', s), 'Uuid')
export type Uuid = t.TypeOf<typeof Uuid>

export interface PlatformIdBrand { readonly PlatformId: unique symbol }
const platformIds: readonly string[] = [...publicPlatformIds, 'private']
export const PlatformIdCodec = t.brand(t.string, (s): s is t.Branded<string, PlatformIdBrand> => platformIds.includes(s), 'PlatformId')

export interface IsoDateBrand { readonly IsoDate: unique symbol }
/** A calendar date `YYYY-MM-DD` that exists (no 2027-02-30). */
export const IsoDate = t.brand(t.string, (s): s is t.Branded<string, IsoDateBrand> => isIsoDate(s), 'IsoDate')
export type IsoDate = t.TypeOf<typeof IsoDate>

export function isIsoDate(s: string): boolean {
  const m = specPatterns.isoDate.regex.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

export interface EnvNameBrand { readonly EnvName: unique symbol }
export const EnvName = t.brand(t.string, (s): s is t.Branded<string, EnvNameBrand> => matchesPattern('envName', s), 'EnvName')

export interface NonEmptyBrand { readonly NonEmpty: unique symbol }
export const NonEmptyString = t.brand(t.string, (s): s is t.Branded<string, NonEmptyBrand> => s.trim().length > 0, 'NonEmpty')

/** The sentence each brand's failure prints, keyed by the brand's name. */
export const brandMessages: Record<string, string> = {
  IanaZone: 'not a time zone of the IANA database (e.g. `Asia/Colombo`, `UTC`)',
  HHMM: 'not a 24-hour time `HH:MM`',
  Email: 'not an email address',
  Uuid: 'not a UUID (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` with hex digits)',
  PlatformId: `not a platform: one of ${platformIds.join(', ')}`,
  IsoDate: 'not a date `YYYY-MM-DD`',
  EnvName: 'not an environment variable name (letters, digits, `_`)',
  NonEmpty: 'must not be empty',
  Int: 'not an integer',
}
