import type { Diagnostic, Span } from '../diagnostics/index.js'
import { locate, parseSpecDocument, spanAt, type PathSegment, type SpecDocument } from './document.js'
import { SECRET_KEYS } from './secrets.js'

/**
 * `extends:` and `connectorDefaults:`: a spec built from layers (base files, then the spec itself), merged key by key,
 * with every value remembering the file and path it was written at, so that a diagnostic points into that file.
 * Core reads no files: the caller hands it the base files' texts (`bases`, keyed by `resolveSpecPath`), which it
 * finds with `specBasesToRead`.
 */

/** The texts of base files by resolved name, or why one could not be read. */
export type SpecBases = ReadonlyMap<string, string | { error: string }>

/** How many files deep `extends` may go (the spec itself is not counted). */
export const maxExtendsDepth = 8

interface Layer {
  file: string | undefined
  document: SpecDocument
}

/** Where a merged value was written; `children` only for values merged from several layers. */
interface Origin {
  layer: Layer
  path: PathSegment[]
  children?: Map<PathSegment, Origin>
}

/** The file and the place in it of every value of a (possibly merged) spec. */
export class SpecPlaces {
  constructor(private readonly root: Origin, readonly documents: readonly SpecDocument[]) {}

  static single(document: SpecDocument, file: string | undefined): SpecPlaces {
    return new SpecPlaces({ layer: { file, document }, path: [] }, [document])
  }

  private find(path: readonly PathSegment[]): { layer: Layer; path: PathSegment[] } {
    let origin = this.root
    let i = 0
    for (; i < path.length; i++) {
      const child = origin.children?.get(path[i]!)
      if (!child) break
      origin = child
    }
    return { layer: origin.layer, path: [...origin.path, ...path.slice(i)] }
  }

  span(path: readonly PathSegment[], part: 'value' | 'key' | 'missing' = 'value'): Span {
    const found = this.find(path)
    return spanAt(found.layer.document, found.path, part)
  }

  file(path: readonly PathSegment[]): string | undefined {
    return this.find(path).layer.file
  }

  /** The YAML node of the value at `path` and the document it is in. */
  node(path: readonly PathSegment[]): { document: SpecDocument; node: ReturnType<typeof locate>['value'] } {
    const found = this.find(path)
    return { document: found.layer.document, node: locate(found.layer.document, found.path).value }
  }
}

/**
 * A base file's name as `bases` keys it: `ref` relative to the directory of the file that names it (the working
 * directory for stdin), normalized; absolute paths stay as written. Pure string work (core runs in browsers too).
 */
export function resolveSpecPath(from: string | undefined, ref: string): string {
  const absolute = /^([\\/]|[A-Za-z]:[\\/])/.test(ref)
  const slash = from === undefined || from.startsWith('<') ? -1 : Math.max(from.lastIndexOf('/'), from.lastIndexOf('\\'))
  const joined = absolute || slash === -1 ? ref : `${from!.slice(0, slash + 1)}${ref}`
  const root = /^([\\/]|[A-Za-z]:[\\/])/.exec(joined)?.[0] ?? ''
  const parts: string[] = []
  for (const part of joined.slice(root.length).split(/[\\/]+/)) {
    if (part === '' || part === '.') continue
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop()
    else if (part !== '..' || root === '') parts.push(part)
  }
  return `${root.replace(/\\$/, '/')}${parts.join('/')}`
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function extendsRefs(value: unknown): { refs: { ref: string; at: PathSegment[] }[]; bad?: PathSegment[] } {
  if (!isMapping(value) || value.extends === undefined) return { refs: [] }
  const ext = value.extends
  if (typeof ext === 'string' && ext !== '') return { refs: [{ ref: ext, at: ['extends'] }] }
  if (Array.isArray(ext)) {
    const bad = ext.findIndex((r) => typeof r !== 'string' || r === '')
    if (bad !== -1) return { refs: [], bad: ['extends', bad] }
    return { refs: ext.map((ref: string, i) => ({ ref, at: ['extends', i] })) }
  }
  return { refs: [], bad: ['extends'] }
}

function readValue(document: SpecDocument): unknown {
  try {
    return document.doc.toJS({ maxAliasCount: 100 })
  } catch {
    return undefined
  }
}

/**
 * The base files a spec needs that `bases` does not hold yet (each at most `maxExtendsDepth` deep), for a caller
 * that reads files: read these, add them to `bases`, and ask again until the list is empty.
 */
export function specBasesToRead(text: string, file: string | undefined, bases: SpecBases): string[] {
  const needed = new Set<string>()
  const seen = new Set<string>()
  const walk = (value: unknown, from: string | undefined, depth: number) => {
    if (depth >= maxExtendsDepth) return
    for (const { ref } of extendsRefs(value).refs) {
      const name = resolveSpecPath(from, ref)
      if (seen.has(name)) continue
      seen.add(name)
      const entry = bases.get(name)
      if (entry === undefined) needed.add(name)
      else if (typeof entry === 'string') walk(readValue(parseSpecDocument(entry).document), name, depth + 1)
    }
  }
  walk(readValue(parseSpecDocument(text).document), file, 0)
  return [...needed]
}

interface Merged {
  value: unknown
  origin: Origin
}

function child(origin: Origin, key: PathSegment): Origin {
  return origin.children?.get(key) ?? { layer: origin.layer, path: [...origin.path, key] }
}

/** Secret references and durations are one value each: a base's `{ env }` and a spec's `{ file }` never mix. */
function atomic(keys: readonly PathSegment[]): boolean {
  const last = keys[keys.length - 1]
  return (typeof last === 'string' && SECRET_KEYS.has(last)) || keys[keys.length - 2] === 'sync'
}

/** `b` over `a`: mappings key by key (a `null` in `b` removes the key), `connectors` by name, anything else replaced. */
function merge(a: Merged | undefined, b: Merged, keys: PathSegment[]): Merged {
  if (a === undefined) return b
  if (isMapping(a.value) && isMapping(b.value) && !atomic(keys)) {
    const entries = new Map<string, unknown>()
    const children = new Map<PathSegment, Origin>()
    for (const [k, v] of Object.entries(a.value)) {
      entries.set(k, v)
      children.set(k, child(a.origin, k))
    }
    for (const [k, v] of Object.entries(b.value)) {
      const inherited = entries.has(k) ? { value: entries.get(k), origin: children.get(k)! } : undefined
      if (v === null && inherited) {
        entries.delete(k)
        children.delete(k)
        continue
      }
      const merged = merge(inherited, { value: v, origin: child(b.origin, k) }, [...keys, k])
      entries.set(k, merged.value)
      children.set(k, merged.origin)
    }
    return { value: Object.fromEntries(entries), origin: { layer: b.origin.layer, path: b.origin.path, children } }
  }
  if (keys.length === 1 && keys[0] === 'connectors' && Array.isArray(a.value) && Array.isArray(b.value)) {
    const items: Merged[] = a.value.map((value: unknown, i) => ({ value, origin: child(a.origin, i) }))
    const inherited = items.length
    const matched = new Set<number>()
    b.value.forEach((value: unknown, i) => {
      const own = { value, origin: child(b.origin, i) }
      const name = isMapping(value) ? value.name : undefined
      const j = typeof name !== 'string' ? -1 : items.findIndex((item, k) => k < inherited && !matched.has(k) && isMapping(item.value) && item.value.name === name)
      if (j === -1) items.push(own)
      else {
        matched.add(j)
        items[j] = merge(items[j], own, ['connectors', j])
      }
    })
    return { value: items.map((m) => m.value), origin: { layer: b.origin.layer, path: b.origin.path, children: new Map(items.map((m, i) => [i, m.origin])) } }
  }
  return b
}

/** Keys a default for every connector cannot give: each connector has its own. */
const ownConnectorKeys = ['name', 'id', 'tenant', 'application']

export interface LayeredSpec {
  value: unknown
  places: SpecPlaces
  diagnostics: Diagnostic[]
}

/**
 * The spec's value with its bases and connector defaults merged in. `value` is the root document's value
 * unchanged when it has neither `extends` nor `connectorDefaults`.
 */
export function layerSpec(document: SpecDocument, value: unknown, file: string | undefined, bases: SpecBases | undefined): LayeredSpec {
  const root: Layer = { file, document }
  if (!isMapping(value) || (value.extends === undefined && value.connectorDefaults === undefined)) {
    return { value, places: SpecPlaces.single(document, file), diagnostics: [] }
  }
  const documents: SpecDocument[] = [document]
  const diagnostics: Diagnostic[] = []
  const report = (layer: Layer, d: Omit<Diagnostic, 'suggestions' | 'file' | 'span'> & { at: PathSegment[]; part?: 'value' | 'key' }) => {
    const { at, part, ...rest } = d
    diagnostics.push({ ...rest, span: spanAt(layer.document, at, part ?? 'value'), suggestions: [], ...(layer.file !== undefined ? { file: layer.file } : {}) })
  }
  let refused = false
  const layered = (layer: Layer, own: Record<string, unknown>, chain: string[]): Merged => {
    let merged: Merged | undefined
    const { refs, bad } = extendsRefs(own)
    if (bad) report(layer, { code: 'SPEC004', severity: 'error', message: 'expected a file name or a list of file names at `extends`', at: bad, path: bad.join('.'), label: 'not a file name', help: 'write `extends: ../base.yaml` or `extends: [../provider.yaml, ../region.yaml]`' })
    for (const { ref, at } of refs) {
      const path = at.length === 1 ? 'extends' : `extends[${String(at[1])}]`
      if (bases === undefined) {
        if (!refused) report(layer, { code: 'SPEC090', severity: 'error', message: '`extends` is not available here: this spec is read alone, without base files', at, path, label: 'a base file',
          help: 'write the base\'s settings into the spec itself (a webhook delivery carries one self-contained spec; the service never reads files a sender names), or compile it with `scanplan`, which reads base files' })
        refused = true
        continue
      }
      const name = resolveSpecPath(layer.file, ref)
      const through = [...chain, name].join(' -> ')
      if (chain.includes(name)) {
        report(layer, { code: 'SPEC092', severity: 'error', message: `\`extends\` goes round in a circle: ${through}`, at, path, label: 'back to a file already on the way', help: 'remove one `extends` of the circle: a base never extends the specs built on it' })
        continue
      }
      if (chain.length > maxExtendsDepth) {
        report(layer, { code: 'SPEC092', severity: 'error', message: `\`extends\` goes more than ${maxExtendsDepth} files deep: ${through}`, at, path, label: 'too deep', help: 'extend fewer layers: one provider base and perhaps one per region is plenty' })
        continue
      }
      const entry = bases.get(name)
      if (typeof entry !== 'string') {
        report(layer, { code: 'SPEC091', severity: 'error', message: `cannot read the base file \`${name}\`${entry ? `: ${entry.error}` : ''} (${through})`, at, path, label: 'base file not read',
          help: 'a relative path is relative to the file that names it; check the path' })
        continue
      }
      const parsed = parseSpecDocument(entry)
      const base: Layer = { file: name, document: parsed.document }
      documents.push(parsed.document)
      if (parsed.diagnostics.length > 0) {
        diagnostics.push(...parsed.diagnostics.map((d) => ({ ...d, file: name })))
        continue
      }
      const baseValue = readValue(parsed.document)
      if (!isMapping(baseValue)) {
        report(base, { code: 'SPEC004', severity: 'error', message: `the base file \`${name}\` is not a mapping of spec keys`, at: [], path: '', label: 'not a mapping', help: 'a base file holds spec keys (`source:`, `connectorDefaults:`, `connectors:`), each optional' })
        continue
      }
      const next = layered(base, baseValue, [...chain, name])
      merged = merged ? merge(merged, next, []) : next
    }
    const { extends: _, ...rest } = own
    const self: Merged = { value: rest, origin: { layer, path: [] } }
    return merged ? merge(merged, self, []) : self
  }
  const all = layered(root, value, [file ?? '<spec>'])
  const top = all.value as Record<string, unknown>
  const topChildren = all.origin.children ?? new Map<PathSegment, Origin>()
  const defaults: Merged | undefined = top.connectorDefaults === undefined ? undefined : { value: top.connectorDefaults, origin: child(all.origin, 'connectorDefaults') }
  const { connectorDefaults: _, ...spec } = top
  const children = new Map(topChildren)
  children.delete('connectorDefaults')
  if (defaults) {
    const places = new SpecPlaces(defaults.origin, [])
    const at = (p: PathSegment[]) => ({ span: places.span(p, 'key'), file: places.file(p) })
    if (!isMapping(defaults.value)) {
      const where = at([])
      diagnostics.push({ code: 'SPEC004', severity: 'error', message: 'expected a mapping of connector keys at `connectorDefaults`', span: where.span, path: 'connectorDefaults', suggestions: [], label: 'not a mapping', help: 'write connector keys (`sync:`, `autoActivate:`, `perimeterScan:`, ...) indented under `connectorDefaults:`', ...(where.file !== undefined ? { file: where.file } : {}) })
    } else {
      const shared = Object.fromEntries(Object.entries(defaults.value).filter(([k]) => !ownConnectorKeys.includes(k)))
      for (const key of ownConnectorKeys.filter((k) => Object.hasOwn(defaults.value as object, k))) {
        const where = at([key])
        diagnostics.push({ code: 'SPEC093', severity: 'error', message: `\`connectorDefaults.${key}\`: every connector has its own \`${key}\``, span: where.span, path: `connectorDefaults.${key}`, suggestions: [], label: 'not a shared setting',
          help: `write \`${key}\` in each connector; defaults are the settings connectors share (sync, apps, autoActivate, perimeterScan, ...)`, ...(where.file !== undefined ? { file: where.file } : {}) })
      }
      if (Array.isArray(spec.connectors)) {
        const list = child(all.origin, 'connectors')
        const items = (spec.connectors as unknown[]).map((item, i) => (isMapping(item) ? merge({ value: shared, origin: defaults.origin }, { value: item, origin: child(list, i) }, ['connectors', i]) : { value: item, origin: child(list, i) }))
        spec.connectors = items.map((m) => m.value)
        children.set('connectors', { layer: list.layer, path: list.path, children: new Map(items.map((m, i) => [i, m.origin])) })
      }
    }
  }
  return { value: spec, places: new SpecPlaces({ layer: all.origin.layer, path: all.origin.path, children }, documents), diagnostics }
}

/** One problem in a base or in the defaults is found once per connector that inherits it: report it once. */
export function onePerPlace(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>()
  return diagnostics.filter((d) => {
    const key = `${d.file ?? ''}\u0000${d.span.start}\u0000${d.span.end}\u0000${d.code}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
