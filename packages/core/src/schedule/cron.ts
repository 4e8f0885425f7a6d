import type { Diagnostic } from '../diagnostics/types.js'
import { DAYS } from './types.js'

const CRON = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/
const FIELD = /^[\d*,/?LW#-]+$|^[\d*,/A-Za-z-]+$/
const CRON_DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/**
 * DSL013: a five-field cron expression. Cron has no zone and numbers its days its own way, so it is not accepted;
 * when it maps onto a daily or weekly schedule the help gives the equivalent phrase.
 */
// A pasted GitHub Actions line (`- cron: '0 12 * * 1,3'`) or a crontab macro (`@daily`).
const CRON_LINE = /^\s*(?:-\s*)?cron\s*:\s*(['"]?)(.*?)\1\s*$/i
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
}

const MAYBE_CRON = /[*@]|cron/i

export function detectCron(text: string): Diagnostic | undefined {
  // One scan for what every cron form has (a `*`, a macro's `@`, a pasted `cron:`): most phrases have none.
  if (!MAYBE_CRON.test(text)) return undefined
  const start = text.search(/\S/)
  const end = text.trimEnd().length
  const line = CRON_LINE.exec(text)
  const expression = (line ? line[2]! : text).trim()
  const macro = MACROS[expression.toLowerCase()]
  if (expression.toLowerCase() === '@reboot') return cronDiagnostic(start, end, '`@reboot` runs when the machine starts; a Qualys schedule runs at a time of day')
  const m = CRON.exec(macro ?? expression)
  if (!m) return undefined
  const fields = m.slice(1) as [string, string, string, string, string]
  if (!fields.every((f) => FIELD.test(f)) || !fields.some((f) => f.includes('*')) || !/^[\d*]/.test(fields[0]) || !/^[\d*]/.test(fields[1])) return undefined
  const phrase = equivalentPhrase(fields)
  const shown = macro ? `\`${expression}\` (\`${macro}\`)` : `\`${expression}\``
  return cronDiagnostic(
    start,
    end,
    phrase ? `write \`${phrase} <zone>\`, e.g. \`${phrase} UTC\`` : `cron ${shown} runs ${whyNot(fields)}, which no Qualys schedule can express: Qualys has only DAILY and WEEKLY schedules, each with one start time`,
  )
}

function cronDiagnostic(start: number, end: number, help: string): Diagnostic {
  return { code: 'DSL013', severity: 'error', message: 'this looks like a cron expression', span: { start, end }, label: 'cron has no time zone', help, suggestions: [] }
}

/** What a cron expression does that DAILY/WEEKLY at one time cannot. */
function whyNot([minute, hour, dom, month]: [string, string, string, string, string]): string {
  const every = (field: string, unit: string) => {
    if (field === '*') return `every ${unit}`
    const step = /^\*\/(\d+)$/.exec(field)
    return step ? `every ${step[1]} ${unit}s` : undefined
  }
  const count = (field: string) => field.split(',').reduce((n, part) => {
    const r = /^(\d+)-(\d+)$/.exec(part)
    return n + (r ? Number(r[2]) - Number(r[1]) + 1 : 1)
  }, 0)
  const byMinute = every(minute, 'minute')
  if (byMinute) return byMinute
  const byHour = every(hour, 'hour')
  if (byHour) return byHour
  const times = (/[,-]/.test(minute) ? count(minute) : 1) * (/[,-]/.test(hour) ? count(hour) : 1)
  if (times > 1) return `at ${times} start times a day`
  if (dom !== '*' && dom !== '?') return `on day ${dom} of the month`
  if (month !== '*') return `only in some months (\`${month}\`)`
  return 'on a pattern of days no day list gives'
}

function equivalentPhrase([minute, hour, dom, month, dow]: [string, string, string, string, string]): string | undefined {
  if (!/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour) || Number(minute) > 59 || Number(hour) > 23) return undefined
  if (!(dom === '*' || dom === '?') || month !== '*') return undefined
  const at = `at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`
  if (dow === '*' || dow === '?') return `daily ${at}`
  const days = new Set<number>()
  for (const part of dow.toLowerCase().split(',')) {
    const range = /^(\w+)(?:-(\w+))?$/.exec(part)
    if (!range) return undefined
    const from = cronDay(range[1]!)
    const to = range[2] === undefined ? from : cronDay(range[2])
    if (from === undefined || to === undefined || to < from) return undefined
    for (let d = from; d <= to; d++) days.add(d % 7)
  }
  return `weekly on ${DAYS.filter((_, i) => days.has(i)).map((d) => d.toLowerCase()).join(',')} ${at}`
}

function cronDay(s: string): number | undefined {
  if (/^\d$/.test(s) && Number(s) <= 7) return Number(s)
  const i = CRON_DAY_NAMES.indexOf(s.slice(0, 3))
  return i === -1 || s.length !== 3 ? undefined : i
}
