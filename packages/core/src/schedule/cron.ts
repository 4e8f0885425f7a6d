import type { Diagnostic } from '../diagnostics/types.js'
import { DAYS } from './types.js'

const CRON = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/
const FIELD = /^[\d*,/?LW#-]+$|^[\d*,/A-Za-z-]+$/
const CRON_DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/**
 * DSL013: a five-field cron expression. Cron has no zone and numbers its days its own way, so it is not accepted;
 * when it maps onto a daily or weekly schedule the help gives the equivalent phrase.
 */
export function detectCron(text: string): Diagnostic | undefined {
  if (!text.includes('*')) return undefined
  const m = CRON.exec(text)
  if (!m) return undefined
  const fields = m.slice(1) as [string, string, string, string, string]
  if (!fields.every((f) => FIELD.test(f)) || !fields.some((f) => f.includes('*')) || !/^[\d*]/.test(fields[0]) || !/^[\d*]/.test(fields[1])) return undefined
  const start = text.search(/\S/)
  const end = text.trimEnd().length
  const phrase = equivalentPhrase(fields)
  return {
    code: 'DSL013',
    severity: 'error',
    message: 'this looks like a cron expression',
    span: { start, end },
    label: 'cron has no time zone',
    help: phrase ? `write \`${phrase} <zone>\`, e.g. \`${phrase} UTC\`` : 'write the schedule in words, e.g. `weekly on mon,wed at 12:00 UTC`',
    suggestions: [],
  }
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
