/**
 * Proleptic Gregorian day arithmetic on day numbers (days since 1970-01-01), after Howard Hinnant's
 * `days_from_civil`. Hand-written because the schedule checks run per compiled phrase at >= 200k phrases/s and
 * must not allocate Date or moment objects.
 */

export const MINUTE_MS = 60_000
export const DAY_MS = 86_400_000

export interface CivilDate {
  year: number
  month: number
  day: number
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** 0 = Sunday, as Date#getUTCDay. */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

export function isValidCivil(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

export function isoDate(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${pad2(d.month)}-${pad2(d.day)}`
}

/** The Qualys form, mm/dd/yyyy. */
export function qualysDate(d: CivilDate): string {
  return `${pad2(d.month)}/${pad2(d.day)}/${String(d.year).padStart(4, '0')}`
}

export function parseQualysDate(text: string): CivilDate | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text)
  if (!m) return undefined
  const d = { month: Number(m[1]), day: Number(m[2]), year: Number(m[3]) }
  return isValidCivil(d.year, d.month, d.day) ? d : undefined
}

export function formatMinutes(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`
}
