import type { Diagnostic } from '../diagnostics/index.js'
import { isMapping } from './object-codec.js'
import { parseSpecDocument, spanAt } from './document.js'

export type ProfilesResult =
  | { ok: true; profiles: Record<string, number>; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] }

/**
 * Reads a profiles mapping (YAML or JSON): option profile titles to their numeric ids, e.g.
 * `"Initial Options": 240981`. Compiling offline uses it to turn titles into the ids Qualys wants.
 */
export function loadProfiles(text: string, options: { file?: string } = {}): ProfilesResult {
  const withFile = (d: Diagnostic): Diagnostic => (options.file !== undefined ? { ...d, file: options.file } : d)
  const { document, diagnostics } = parseSpecDocument(text)
  if (diagnostics.length > 0) return { ok: false, diagnostics: diagnostics.map(withFile) }
  let value: unknown
  try {
    value = document.doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    return { ok: false, diagnostics: [withFile({ code: 'SPEC001', severity: 'error', message: `the file cannot be read as data: ${(error as Error).message}`, span: { start: 0, end: Math.min(1, text.length) }, suggestions: [], path: '' })] }
  }
  if (!isMapping(value)) {
    return { ok: false, diagnostics: [withFile({ code: 'SPEC004', severity: 'error', message: 'a profiles file maps option profile titles to ids', span: spanAt(document, []), suggestions: [], path: '', help: 'write one `"Initial Options": 240981` line per profile' })] }
  }
  const problems: Diagnostic[] = []
  const profiles: Record<string, number> = {}
  for (const [title, id] of Object.entries(value)) {
    if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) profiles[title] = id
    else {
      problems.push(withFile({ code: 'SPEC004', severity: 'error', message: `the id of option profile \`${title}\` is not a positive whole number`, span: spanAt(document, [title]), suggestions: [], path: title,
        label: 'not an id', help: 'option profile ids are numbers, e.g. `"Initial Options": 240981`' }))
    }
  }
  return problems.length > 0 ? { ok: false, diagnostics: problems } : { ok: true, profiles, diagnostics: [] }
}
