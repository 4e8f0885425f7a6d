import { compileSchedule, formatSchedule } from '@scanplan/core'
import { CodeActionKind, type CodeAction } from 'vscode-languageserver'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import type { Document } from 'yaml'
import { locate, valueAt } from './locate.js'

/** A plain YAML scalar must not hold `: ` or ` #` (they would start a mapping or a comment). */
const plainSafe = (s: string): boolean => !/: | #|^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s)

/**
 * "Rewrite the schedule in its canonical form" for the phrase under the cursor: the phrase `formatSchedule` gives
 * for what it compiles to, which compiles to the same fields (core's round-trip property test holds that). Offered
 * only where the rewrite fits the scalar's YAML style without re-quoting, so the edit never changes the document's
 * structure.
 */
export function canonicalScheduleAction(document: TextDocument, doc: Document.Parsed, offset: number, now: Date): CodeAction | undefined {
  const located = locate(doc, offset)
  const { path, scalar } = located
  if (located.on !== 'value' || !scalar || typeof scalar.value !== 'string') return undefined
  if (!(path.length === 4 && path[0] === 'connectors' && path[2] === 'perimeterScan' && path[3] === 'schedule')) return undefined
  const zone = valueAt(doc, [...path.slice(0, 3), 'timezone'])
  const result = compileSchedule(scalar.value, { now, ...(typeof zone === 'string' ? { defaultZone: zone } : {}) })
  if (!result.ok) return undefined
  const canonical = formatSchedule(result.schedule)
  if (canonical === scalar.value) return undefined
  const raw = document.getText().slice(scalar.start, scalar.end)
  let newText: string
  if (raw.startsWith('"') && raw.endsWith('"')) newText = JSON.stringify(canonical)
  else if (raw.startsWith("'") && raw.endsWith("'")) newText = `'${canonical.replace(/'/g, "''")}'`
  else if (!raw.includes('\n') && plainSafe(canonical)) newText = canonical
  else return undefined
  const range = { start: document.positionAt(scalar.start), end: document.positionAt(scalar.end) }
  return { title: `Rewrite the schedule as \`${canonical}\``, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [document.uri]: [{ range, newText }] } } }
}
