import type { Diagnostic as CoreDiagnostic } from '@scanplan/core'
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import type { Analysis } from './analysis.js'

const overlaps = (a: Range, b: Range): boolean =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character))

/**
 * Quick fixes for the diagnostics in `range`: exactly the suggestions core marks `machine-applicable` (applying one
 * gives a spec that compiles and means what the user meant). `maybe-incorrect` and `has-placeholders` suggestions
 * stay in the message's `help:` for the user to choose, never a one-key edit.
 */
export function quickFixes(document: TextDocument, analysis: Analysis, range: Range): CodeAction[] {
  const actions: CodeAction[] = []
  analysis.core.forEach((d: CoreDiagnostic, i) => {
    const shown: Diagnostic = analysis.lsp[i]!
    if (!overlaps(shown.range, range)) return
    const fixes = d.suggestions.filter((s) => s.applicability === 'machine-applicable')
    for (const fix of fixes) {
      const edit = { range: { start: document.positionAt(fix.span.start), end: document.positionAt(fix.span.end) }, newText: fix.replacement }
      const was = document.getText(edit.range)
      actions.push({
        title: fix.replacement === '' ? `Remove \`${was}\`` : was === '' ? `Insert \`${fix.replacement}\`` : `Replace \`${was}\` with \`${fix.replacement}\``,
        kind: CodeActionKind.QuickFix,
        diagnostics: [shown],
        isPreferred: fixes.length === 1,
        edit: { changes: { [document.uri]: [edit] } },
      })
    }
  })
  return actions
}
