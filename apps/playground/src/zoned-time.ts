/**
 * Wall-clock readings of UTC instants in a named zone, through the browser's own Intl time-zone data. The
 * compiler decides when a schedule runs (with its pinned tz data); the page only has to print those instants,
 * and Intl does that without shipping any zone data of its own.
 */

export interface WallClock {
  year: number
  /** 1-12 */
  month: number
  day: number
  hour: number
  minute: number
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(zone: string | undefined): Intl.DateTimeFormat {
  const key = zone ?? ''
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      ...(zone ? { timeZone: zone } : {}),
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    })
    formatters.set(key, f)
  }
  return f
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** The wall clock in `zone` (the viewer's own zone when undefined) at `instant`. */
export function wallClock(instant: Date, zone?: string): WallClock {
  const parts: Record<string, string> = {}
  for (const p of formatterFor(zone).formatToParts(instant)) parts[p.type] = p.value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: weekdays.indexOf(parts.weekday ?? ''),
  }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `2027-03-14` */
export function isoDate(w: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`
}

/** `02:30` */
export function hhmm(w: Pick<WallClock, 'hour' | 'minute'>): string {
  return `${pad(w.hour)}:${pad(w.minute)}`
}

/** The viewer's zone name as the browser reports it (e.g. `Europe/Paris`). */
export function viewerZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone
}
