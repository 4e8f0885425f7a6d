import type { Diagnostic, Suggestion } from '@scanplan/core'
import { compileSchedule, explainSchedule, nextRuns, type Schedule } from '@scanplan/core/schedule'
import { renderDiagnosticItem } from './diagnostics-view.js'
import { dstMarks } from './dst-marks.js'
import { examplePhrases } from './examples.js'
import { monthCalendar, monthOf, monthTitle, shiftMonth, type DstMark, type MonthRef } from './month-calendar.js'
import { renderCalendarBody } from './calendar-view.js'
import { scanConfigJson } from './scan-config-json.js'
import { perimeterScanYaml } from './spec-yaml.js'
import { phraseFromUrl, urlWithPhrase } from './url-state.js'
import { hhmm, isoDate, viewerZone, wallClock } from './zoned-time.js'

/** Enough runs to cover a year of a daily schedule; the page shows the runs of the year from the first one. */
const RUN_COUNT = 400
/** The horizon of the compiler's DST checks (docs/schedule-language.md#daylight-saving-time), so every marked day lies within the runs shown. */
const HORIZON_MS = 366 * 86_400_000
const LISTED_RUNS = 8

interface Compiled {
  phrase: string
  schedule: Schedule | null
  diagnostics: Diagnostic[]
  runs: Date[]
  marks: DstMark[]
}

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const el = doc.getElementById(id)
  if (!el) throw new Error(`the page has no #${id}`)
  return el as T
}

/** Wires the static page (index.html) to the compiler. `now` is read per compile: the page may stay open for days. */
export function mountPlayground(doc: Document, win: Window, clock: () => Date = () => new Date()): void {
  const el = {
    phrase: byId<HTMLInputElement>(doc, 'phrase'),
    status: byId(doc, 'status'),
    examples: byId(doc, 'examples'),
    diagnosticsSection: byId(doc, 'diagnostics-section'),
    diagnostics: byId(doc, 'diagnostics'),
    resultSection: byId(doc, 'result-section'),
    explanation: byId(doc, 'explanation'),
    payload: byId(doc, 'payload'),
    specYaml: byId(doc, 'spec-yaml'),
    copyYaml: byId<HTMLButtonElement>(doc, 'copy-yaml'),
    copyStatus: byId(doc, 'copy-status'),
    calendarSection: byId(doc, 'calendar-section'),
    calendarHint: byId(doc, 'calendar-hint'),
    prevMonth: byId<HTMLButtonElement>(doc, 'prev-month'),
    nextMonth: byId<HTMLButtonElement>(doc, 'next-month'),
    monthTitle: byId(doc, 'month-title'),
    calendarBody: byId(doc, 'calendar-body'),
    dstSection: byId(doc, 'dst-section'),
    dstList: byId(doc, 'dst-list'),
    nextRunsBody: byId(doc, 'next-runs-body'),
    zoneColumn: byId(doc, 'zone-column'),
    localColumn: byId(doc, 'local-column'),
  }
  const localZone = viewerZone()
  let current: Compiled = { phrase: '', schedule: null, diagnostics: [], runs: [], marks: [] }
  let shown: MonthRef | null = null
  let firstMonth: MonthRef = { year: 1970, month: 1 }
  let lastMonth: MonthRef = firstMonth

  function compile(phrase: string, now: Date): Compiled {
    const result = compileSchedule(phrase, { now })
    if (!result.ok) return { phrase, schedule: null, diagnostics: result.diagnostics, runs: [], marks: [] }
    const all = nextRuns(result.schedule, { from: now, count: RUN_COUNT })
    const end = (all[0]?.getTime() ?? 0) + HORIZON_MS
    const runs = all.filter((r) => r.getTime() < end)
    return { phrase, schedule: result.schedule, diagnostics: result.diagnostics, runs, marks: dstMarks(result.diagnostics) }
  }

  function applySuggestion(s: Suggestion): void {
    const text = current.phrase
    const fixed = text.slice(0, s.span.start) + s.replacement + text.slice(s.span.end)
    el.phrase.value = fixed
    el.phrase.focus()
    el.phrase.setSelectionRange(s.span.start + s.replacement.length, s.span.start + s.replacement.length)
    update(fixed, { resetMonth: true })
  }

  function renderDiagnostics(c: Compiled): void {
    el.diagnostics.replaceChildren(...c.diagnostics.map((d) => renderDiagnosticItem(doc, c.phrase, d, applySuggestion)))
    el.diagnosticsSection.hidden = c.diagnostics.length === 0
    const errors = c.diagnostics.filter((d) => d.severity === 'error').length
    const warnings = c.diagnostics.filter((d) => d.severity === 'warning').length
    if (c.phrase.trim() === '') {
      el.status.textContent = 'Type a schedule, or pick an example below.'
      el.status.className = 'status'
    } else if (errors > 0) {
      el.status.textContent = `${plural(errors, 'error')}: the phrase does not compile.`
      el.status.className = 'status error'
    } else {
      el.status.textContent = `Compiles${warnings > 0 ? ` with ${plural(warnings, 'warning')}` : ''}.`
      el.status.className = 'status ok'
    }
  }

  function renderResult(c: Compiled): void {
    el.resultSection.hidden = c.schedule === null
    el.calendarSection.hidden = c.schedule === null
    if (!c.schedule) return
    el.explanation.textContent = explainSchedule(c.schedule)
    el.payload.textContent = scanConfigJson(c.schedule)
    el.specYaml.textContent = perimeterScanYaml(c.schedule)
    el.copyStatus.textContent = ''
    el.zoneColumn.textContent = `Schedule zone (${c.schedule.timezone})`
    el.localColumn.textContent = `Your time (${localZone})`
    el.calendarHint.textContent = `Days are in ${c.schedule.timezone}; each run shows its time there, then your time (${localZone}). The calendar shows a year of runs from the first one.`
    el.nextRunsBody.replaceChildren(
      ...c.runs.slice(0, LISTED_RUNS).map((instant) => {
        const row = doc.createElement('tr')
        for (const zone of [c.schedule!.timezone, localZone, 'UTC']) {
          const cell = doc.createElement('td')
          const w = wallClock(instant, zone)
          cell.textContent = `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][w.weekday]} ${isoDate(w)} ${hhmm(w)}`
          row.append(cell)
        }
        return row
      }),
    )
    el.dstSection.hidden = c.marks.length === 0
    el.dstList.replaceChildren(
      ...c.marks.map((m) => {
        const item = doc.createElement('li')
        item.className = `dst-${m.kind}`
        const text = doc.createElement('span')
        text.textContent = `${m.date}: ${m.text} `
        const show = doc.createElement('button')
        show.type = 'button'
        show.className = 'link-like'
        const ref = monthOf(m.date)
        show.textContent = `Show ${monthTitle(ref)}`
        show.dataset.date = m.date
        show.addEventListener('click', () => {
          shown = ref
          renderCalendar()
          doc.querySelector<HTMLElement>(`#calendar td[data-date="${m.date}"]`)?.focus()
        })
        item.append(text, show)
        return item
      }),
    )
    renderCalendar()
  }

  function renderCalendar(): void {
    const c = current
    if (!c.schedule || !shown) return
    const today = isoDate(wallClock(clock(), c.schedule.timezone))
    const cal = monthCalendar(shown, { zone: c.schedule.timezone, viewerZone: localZone, runs: c.runs, dst: c.marks, today })
    el.monthTitle.textContent = cal.title
    renderCalendarBody(doc, el.calendarBody, cal, localZone)
    el.prevMonth.disabled = monthIndex(shown) <= monthIndex(firstMonth)
    el.nextMonth.disabled = monthIndex(shown) >= monthIndex(lastMonth)
  }

  function update(phrase: string, options: { resetMonth: boolean }): void {
    performance.mark('scanplan:render-start')
    const before = current.schedule?.timezone
    const now = clock()
    current = compile(phrase, now)
    performance.measure('scanplan:compile', 'scanplan:render-start')
    const zone = current.schedule?.timezone ?? 'UTC'
    const monthAt = (instant: Date) => monthOf(isoDate(wallClock(instant, zone)))
    const runs = current.runs
    firstMonth = monthAt(runs[0] ?? now)
    lastMonth = monthAt(runs[runs.length - 1] ?? now)
    const inRange = shown !== null && monthIndex(shown) >= monthIndex(firstMonth) && monthIndex(shown) <= monthIndex(lastMonth)
    if (options.resetMonth || !inRange || before !== current.schedule?.timezone) shown = firstMonth
    renderDiagnostics(current)
    renderResult(current)
    const url = urlWithPhrase(win.location.href, phrase)
    if (url !== win.location.href) win.history.replaceState(null, '', url)
    performance.measure('scanplan:render', 'scanplan:render-start')
  }

  el.examples.replaceChildren(
    ...examplePhrases.map(({ phrase, shows }) => {
      const b = doc.createElement('button')
      b.type = 'button'
      b.className = 'link-like'
      b.textContent = phrase
      b.title = `Example: ${shows}`
      b.addEventListener('click', () => {
        el.phrase.value = phrase
        el.phrase.focus()
        update(phrase, { resetMonth: true })
      })
      return b
    }),
  )
  el.phrase.addEventListener('input', () => update(el.phrase.value, { resetMonth: false }))
  el.prevMonth.addEventListener('click', () => {
    if (!shown) return
    shown = shiftMonth(shown, -1)
    renderCalendar()
  })
  el.nextMonth.addEventListener('click', () => {
    if (!shown) return
    shown = shiftMonth(shown, 1)
    renderCalendar()
  })
  el.copyYaml.addEventListener('click', async () => {
    const text = el.specYaml.textContent ?? ''
    try {
      await win.navigator.clipboard.writeText(text)
      el.copyStatus.textContent = 'Copied.'
    } catch {
      // Clipboard access needs a secure context and permission; fall back to selecting the text for Ctrl+C.
      const range = doc.createRange()
      range.selectNodeContents(el.specYaml)
      win.getSelection()?.removeAllRanges()
      win.getSelection()?.addRange(range)
      el.copyStatus.textContent = 'Selected: press Ctrl+C (or Cmd+C) to copy.'
    }
  })
  win.addEventListener('hashchange', () => {
    const phrase = phraseFromUrl(win.location.href) ?? ''
    if (phrase === current.phrase) return
    el.phrase.value = phrase
    update(phrase, { resetMonth: true })
  })

  const initial = phraseFromUrl(win.location.href) ?? examplePhrases[0]!.phrase
  el.phrase.value = initial
  update(initial, { resetMonth: true })
}

function monthIndex(m: MonthRef): number {
  return m.year * 12 + (m.month - 1)
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
