import type { Diagnostic } from '../diagnostics/index.js'
import { Spec } from './codecs.js'
import { parseSpecDocument, spanAt, type SpecDocument } from './document.js'
import { reportDecodeErrors } from './report.js'
import { withoutSecretValues } from './secrets.js'

export interface LoadOptions {
  /** The file name diagnostics carry, e.g. `examples/seed-azure-org.yaml`. */
  file?: string
  /** Accept `connectors: []` (`scanplan import` reads a spec for its source and writes the connectors). */
  allowNoConnectors?: boolean
}

export type LoadResult =
  | { ok: true; spec: Spec; document: SpecDocument; diagnostics: Diagnostic[] }
  | { ok: false; spec?: undefined; document?: SpecDocument; diagnostics: Diagnostic[] }

/**
 * Parses a YAML or JSON spec and decodes it: unknown keys, missing keys, wrong types and inline secrets are all
 * diagnostics with a path and a span in FILE offsets. Never throws.
 */
export function loadSpec(text: string, options: LoadOptions = {}): LoadResult {
  const result = decodeSpec(text, options)
  // Every path returns the document; a diagnostic must never carry a secret value pasted into it.
  return result.document ? { ...result, diagnostics: withoutSecretValues(result.document, result.diagnostics) } : result
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
  const decoded = Spec.decode(value)
  if (decoded._tag === 'Left') return { ok: false, document, diagnostics: reportDecodeErrors(document, decoded.left, file) }
  const spec = decoded.right
  const diagnostics: Diagnostic[] = []
  const seen = new Map<string, number>()
  spec.connectors.forEach((connector, index) => {
    const first = seen.get(connector.name)
    if (first === undefined) {
      seen.set(connector.name, index)
      return
    }
    diagnostics.push(withFile({
      code: 'SPEC005', severity: 'error', message: `two connectors are named \`${connector.name}\``, span: spanAt(document, ['connectors', index, 'name']),
      path: `connectors[${index}].name`, suggestions: [], label: 'second use', help: 'Qualys connector names are unique: rename one of them',
      related: [{ span: spanAt(document, ['connectors', first, 'name']), label: 'first use' }],
    }))
  })
  if (spec.connectors.length === 0 && options.allowNoConnectors !== true) {
    diagnostics.push(withFile({ code: 'SPEC003', severity: 'error', message: 'the spec has no connectors', span: spanAt(document, ['connectors']), path: 'connectors', suggestions: [], help: 'add at least one `- kind: azure-org` entry' }))
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, document, diagnostics }
  return { ok: true, spec, document, diagnostics }
}
