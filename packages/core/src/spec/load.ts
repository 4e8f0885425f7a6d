import type { Diagnostic, Span } from '../diagnostics/index.js'
import { Spec } from './codecs.js'
import { parseSpecDocument, type SpecDocument } from './document.js'
import { layerSpec, onePerPlace, SpecPlaces, type SpecBases } from './layers.js'
import { reportDecodeErrors } from './decode-errors.js'
import { withoutSecretValues } from './secrets.js'

export interface LoadOptions {
  /** The file name diagnostics carry, e.g. `examples/seed-azure-org.yaml`. */
  file?: string
  /** Accept `connectors: []` (`scanplan import` reads a spec for its source and writes the connectors). */
  allowNoConnectors?: boolean
  /**
   * The base files `extends:` names, read by the caller (`specBasesToRead` says which). Without it a spec that
   * extends anything is refused (SPEC090): core reads no files, and a webhook delivery is one self-contained text.
   */
  bases?: SpecBases
}

export type LoadResult =
  | { ok: true; spec: Spec; document: SpecDocument; places: SpecPlaces; diagnostics: Diagnostic[] }
  | { ok: false; spec?: undefined; document?: SpecDocument; places?: SpecPlaces; diagnostics: Diagnostic[] }

/**
 * Parses a YAML or JSON spec and decodes it: unknown keys, missing keys, wrong types and inline secrets are all
 * diagnostics with a path and a span in FILE offsets. Never throws.
 */
export function loadSpec(text: string, options: LoadOptions = {}): LoadResult {
  const result = decodeSpec(text, options)
  // Every path returns the document; a diagnostic must never carry a secret value pasted into it.
  const documents = result.places?.documents ?? (result.document ? [result.document] : [])
  return documents.length > 0 ? { ...result, diagnostics: withoutSecretValues(documents, result.diagnostics) } : result
}

function decodeSpec(text: string, options: LoadOptions): LoadResult {
  const file = options.file
  const withFile = (d: Diagnostic): Diagnostic => (file !== undefined ? { ...d, file } : d)
  const { document, diagnostics: syntax } = parseSpecDocument(text)
  if (syntax.length > 0) return { ok: false, document, diagnostics: syntax.map(withFile) }
  let value: unknown
  try {
    value = document.doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    // The yaml package throws on alias bombs and unresolvable aliases; those are input errors, not crashes.
    return { ok: false, document, diagnostics: [withFile({ code: 'SPEC001', severity: 'error', message: `the file cannot be read as data: ${(error as Error).message}`, span: { start: 0, end: Math.min(1, text.length) }, suggestions: [], path: '' })] }
  }
  if (value === null || value === undefined) {
    return { ok: false, document, diagnostics: [withFile({ code: 'SPEC003', severity: 'error', message: 'the spec is empty', span: { start: 0, end: 0 }, suggestions: [], path: '', help: 'a spec has `source:` (the Qualys account) and `connectors:` (see docs/spec.md)' })] }
  }
  const layered = layerSpec(document, value, file, options.bases)
  const places = layered.places
  if (layered.diagnostics.some((d) => d.severity === 'error')) return { ok: false, document, places, diagnostics: layered.diagnostics }
  const decoded = Spec.decode(layered.value)
  if (decoded._tag === 'Left') return { ok: false, document, places, diagnostics: onePerPlace(reportDecodeErrors(places, decoded.left)) }
  const spec = decoded.right
  const diagnostics: Diagnostic[] = [...layered.diagnostics]
  const withPlace = (d: Diagnostic, path: (string | number)[]): Diagnostic => {
    const at = places.file(path)
    const { file: _, ...rest } = d
    return at !== undefined ? { ...rest, file: at } : rest
  }
  const seen = new Map<string, number>()
  spec.connectors.forEach((connector, index) => {
    const first = seen.get(connector.name)
    if (first === undefined) {
      seen.set(connector.name, index)
      return
    }
    const sameFile = places.file(['connectors', first, 'name']) === places.file(['connectors', index, 'name'])
    diagnostics.push(withPlace({
      code: 'SPEC005', severity: 'error', message: `two connectors are named \`${connector.name}\``, span: places.span(['connectors', index, 'name']),
      path: `connectors[${index}].name`, suggestions: [], label: 'second use', help: 'Qualys connector names are unique: rename one of them',
      ...(sameFile ? { related: [{ span: places.span(['connectors', first, 'name']), label: 'first use' }] } : {}),
    }, ['connectors', index, 'name']))
  })
  if (spec.connectors.length === 0 && options.allowNoConnectors !== true) {
    diagnostics.push(withPlace({ code: 'SPEC003', severity: 'error', message: 'the spec has no connectors', span: places.span(['connectors']), path: 'connectors', suggestions: [], help: 'add at least one `- kind: azure-org` entry' }, ['connectors']))
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, document, places, diagnostics }
  return { ok: true, spec, document, places, diagnostics }
}

/**
 * Where the value at `path` of the spec (bases merged in) was written: the file and the span in it, for problems
 * found after compiling, such as a plan's (`specPlace(text, { file, bases }, ['connectors', 0, 'tenant', 'id'])`).
 */
export function specPlace(text: string, options: Pick<LoadOptions, 'file' | 'bases'>, path: readonly (string | number)[], part: 'value' | 'key' = 'value'): { file?: string; span: Span } {
  const { document } = parseSpecDocument(text)
  let value: unknown
  try {
    value = document.doc.toJS({ maxAliasCount: 100 })
  } catch {
    value = undefined
  }
  const places = layerSpec(document, value, options.file, options.bases).places
  const file = places.file(path)
  return { ...(file !== undefined ? { file } : {}), span: places.span(path, part) }
}
