import type { MonthCalendar } from './month-calendar.js'

/** Fills the calendar's <tbody>: one row per week, each day's runs and DST warning inside its cell. */
export function renderCalendarBody(doc: Document, body: HTMLElement, cal: MonthCalendar, localZone: string): void {
  body.replaceChildren(
    ...cal.weeks.map((week) => {
      const row = doc.createElement('tr')
      for (const cell of week) {
        const td = doc.createElement('td')
        td.dataset.date = cell.date
        // Focusable so the DST list can move the keyboard focus to the day it names.
        td.tabIndex = -1
        const classes = [cell.inMonth ? 'inside' : 'outside', ...(cell.today ? ['today'] : []), ...cell.dst.map((m) => `dst-${m.kind}`)]
        td.className = classes.join(' ')
        const num = doc.createElement('span')
        num.className = 'day-number'
        num.textContent = String(cell.day)
        td.append(num)
        if (cell.today) {
          td.setAttribute('aria-current', 'date')
          num.append(' ', Object.assign(doc.createElement('span'), { className: 'today-label', textContent: 'today' }))
        }
        for (const run of cell.runs) {
          const r = doc.createElement('span')
          r.className = 'run'
          const local = run.localDate === cell.date ? run.localTime : `${run.localTime} (${run.localDate.slice(5)})`
          r.textContent = `${run.zoneTime} `
          const l = doc.createElement('span')
          l.className = 'local'
          l.textContent = `· ${local}`
          l.title = `your time (${localZone})`
          r.append(l)
          td.append(r)
        }
        for (const mark of cell.dst) {
          const badge = doc.createElement('span')
          badge.className = 'dst-badge'
          badge.textContent = mark.kind === 'gap' ? 'DST gap' : 'DST overlap'
          const text = doc.createElement('span')
          text.className = 'dst-text'
          text.textContent = `${mark.code}: ${mark.text}`
          td.append(badge, text)
        }
        row.append(td)
      }
      return row
    }),
  )
}
