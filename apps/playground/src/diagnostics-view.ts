import type { Diagnostic, Suggestion } from '@scanplan/core'
import { renderDiagnostics } from '@scanplan/core/schedule'

/**
 * One diagnostic as the CLI prints it (the compiler's own rustc-style rendering: the phrase, a marker under the
 * span, `help:`), followed by one button per machine-applicable suggestion, which applies the fix to the phrase.
 * Suggestions that may be wrong or hold a placeholder are in the `help:` text for the user to choose and type; a
 * click never changes what the phrase means.
 */
export function renderDiagnosticItem(doc: Document, phrase: string, d: Diagnostic, apply: (s: Suggestion) => void): HTMLLIElement {
  const item = doc.createElement('li')
  item.className = `diagnostic ${d.severity}`
  item.dataset.code = d.code
  const pre = doc.createElement('pre')
  pre.textContent = renderDiagnostics(phrase, [d], { color: false }).replace(/\n+$/, '')
  item.append(pre)
  const fixes = d.suggestions.filter((s) => s.applicability === 'machine-applicable')
  if (fixes.length > 0) {
    const group = doc.createElement('div')
    group.className = 'suggestions'
    group.setAttribute('role', 'group')
    group.setAttribute('aria-label', `Fixes for ${d.code}`)
    for (const s of fixes) {
      const b = doc.createElement('button')
      b.type = 'button'
      b.className = 'suggestion'
      const was = phrase.slice(s.span.start, s.span.end)
      // The visible words lead the accessible name (WCAG 2.5.3), which adds what the fix replaces.
      const [verb, text, name] =
        was === '' ? ['Insert', s.replacement, `Insert ${s.replacement}`] : s.replacement === '' ? ['Remove', was, `Remove ${was}`] : ['Use', s.replacement, `Use ${s.replacement} instead of ${was}`]
      const code = doc.createElement('code')
      code.textContent = text
      b.append(`${verb} `, code)
      b.setAttribute('aria-label', name)
      b.addEventListener('click', () => apply(s))
      group.append(b)
    }
    item.append(group)
  }
  return item
}
