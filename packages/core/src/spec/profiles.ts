import type { Diagnostic } from '../diagnostics/index.js'
import { isMapping } from './object-codec.js'
import { formatPath, parseSpecDocument, spanAt } from './document.js'

export type ProfilesResult =
  | {
      ok: true
      /** The flat form (`"Initial Options": 240981`): the same ids for every spec. Empty for a file keyed by site. */
      profiles: Record<string, number>
      /** The form keyed by `source.site` (`acme-prod: { "Initial Options": 240981 }`): ids differ per subscription. */
      bySite?: Record<string, Record<string, number>>
      diagnostics: Diagnostic[]
    }
  | { ok: false; diagnostics: Diagnostic[] }

const flatHelp = 'write one `"Initial Options": 240981` line per profile, or one `site:` section of such lines per account'

/**
 * Reads a profiles mapping (YAML or JSON): option profile titles to their numeric ids, e.g.
 * `"Initial Options": 240981`, or such mappings keyed by the specs' `source.site` when the ids differ per
 * subscription. Compiling offline uses it to turn titles into the ids Qualys wants.
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
    return { ok: false, diagnostics: [withFile({ code: 'SPEC004', severity: 'error', message: 'a profiles file maps option profile titles to ids', span: spanAt(document, []), suggestions: [], path: '', help: flatHelp })] }
  }
  const problems: Diagnostic[] = []
  const read = (entries: Record<string, unknown>, at: string[]): Record<string, number> => {
    const profiles: Record<string, number> = {}
    for (const [title, id] of Object.entries(entries)) {
      if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) profiles[title] = id
      else {
        problems.push(withFile({ code: 'SPEC004', severity: 'error', message: `the id of option profile \`${title}\`${at.length > 0 ? ` (site \`${at[0]}\`)` : ''} is not a positive whole number`, span: spanAt(document, [...at, title]), suggestions: [], path: formatPath([...at, title]),
          label: 'not an id', help: 'option profile ids are numbers, e.g. `"Initial Options": 240981`' }))
      }
    }
    return profiles
  }
  const sections = Object.entries(value).filter(([, v]) => isMapping(v))
  if (sections.length === 0) {
    const profiles = read(value, [])
    return problems.length > 0 ? { ok: false, diagnostics: problems } : { ok: true, profiles, diagnostics: [] }
  }
  // Keyed by site: every top-level value is a section; a stray `title: id` among them is a mix of the two forms.
  const stray = Object.keys(value).find((k) => !isMapping(value[k]))
  if (stray !== undefined) {
    const sites = sections.map(([site]) => `\`${site}\``).join(', ')
    return { ok: false, diagnostics: [withFile({ code: 'SPEC004', severity: 'error', message: `\`${stray}\` is a title with an id, but the file is keyed by site (${sites}): the two forms do not mix`, span: spanAt(document, [stray]), suggestions: [], path: stray,
      label: 'not a site section', help: 'move it into the section of each site whose subscription has that id (ids differ per subscription)' })] }
  }
  const bySite: Record<string, Record<string, number>> = {}
  for (const [site, entries] of sections) bySite[site] = read(entries as Record<string, unknown>, [site])
  return problems.length > 0 ? { ok: false, diagnostics: problems } : { ok: true, profiles: {}, bySite, diagnostics: [] }
}
