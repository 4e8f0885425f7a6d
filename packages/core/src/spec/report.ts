import type * as t from 'io-ts'
import type { Diagnostic } from '../diagnostics/index.js'
import { closestWords } from '../suggest/index.js'
import { brandMessages } from './brands.js'
import { publicPlatformIds } from '../platform/table.js'

/** Brands with a closed set of values get a did-you-mean. */
const brandCandidates: Record<string, readonly string[]> = { PlatformId: [...publicPlatformIds, 'private'] }
import { spanAt, type SpecDocument } from './document.js'
import { failurePath, formatPath, misspeltKeyPaths, MissingKey, UnknownKey } from './object-codec.js'

function describe(value: unknown): string {
  if (value === null) return 'null (an empty value)'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `the text \`${value.length > 40 ? `${value.slice(0, 37)}...` : value}\``
  return `\`${String(value)}\``
}

function expected(type: t.Decoder<unknown, unknown>): string {
  const tagged = type as unknown as { _tag?: string; keys?: Record<string, unknown>; value?: unknown; name: string; type?: t.Decoder<unknown, unknown> }
  switch (tagged._tag) {
    case 'StringType': return 'a string'
    case 'NumberType': return 'a number'
    case 'BooleanType': return '`true` or `false`'
    case 'ArrayType': return 'a list'
    case 'NullType': return '`null`'
    case 'LiteralType': return `\`${String(tagged.value)}\``
    case 'KeyofType': return `one of ${Object.keys(tagged.keys ?? {}).map((k) => `\`${k}\``).join(', ')}`
    case 'UnionType': return (tagged as unknown as { types: t.Decoder<unknown, unknown>[] }).types.map(expected).join(' or ')
    default: {
      const required = (type as unknown as { required?: Record<string, unknown> }).required
      const keys = required ? Object.keys(required) : []
      return required ? (keys.length > 0 ? `a mapping with ${keys.map((k) => `\`${k}\``).join(', ')}` : 'a mapping') : tagged.name
    }
  }
}

function refinementName(type: t.Decoder<unknown, unknown>): string | undefined {
  const tagged = type as unknown as { _tag?: string; name: string }
  return tagged._tag === 'RefinementType' ? tagged.name : undefined
}

/** Turns io-ts failures into spec diagnostics: one per failure, with the path, a caret in the file and a fix. */
export function reportDecodeErrors(document: SpecDocument, errors: t.Errors, file?: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  // A misspelt key is reported once: its did-you-mean already says the right key is missing.
  const misspelt = misspeltKeyPaths(errors)
  for (const error of errors) {
    const path = failurePath(error.context)
    const last = error.context[error.context.length - 1]!
    const where = formatPath(path)
    const base = { severity: 'error' as const, path: where, suggestions: [] as Diagnostic['suggestions'], ...(file !== undefined ? { file } : {}) }
    if (last.type instanceof UnknownKey) {
      const key = String(path[path.length - 1])
      const span = spanAt(document, path, 'key')
      const [best] = closestWords(key, last.type.known, 1)
      diagnostics.push({
        ...base, code: 'SPEC002', message: `unknown key \`${key}\` at \`${where}\``, span, label: 'unknown key',
        help: best ? `did you mean \`${best}\`?` : `keys here are ${last.type.known.map((k) => `\`${k}\``).join(', ')}`,
        suggestions: best ? [{ replacement: best, span, applicability: 'maybe-incorrect' }] : [],
      })
      continue
    }
    if (last.type instanceof MissingKey) {
      if (misspelt.has(where)) continue
      const key = String(path[path.length - 1])
      diagnostics.push({
        ...base, code: 'SPEC003', message: `missing key \`${key}\` at \`${where}\``, span: spanAt(document, path, 'missing'),
        label: `needs \`${key}\``, help: `add \`${key}:\` (${expected(last.type.expected)})`,
      })
      continue
    }
    const span = spanAt(document, path)
    if (error.message?.startsWith('inline secret')) {
      diagnostics.push({
        ...base, code: 'SPEC010', message: `inline secret at \`${where}\`: a spec never holds secret values`, span, label: 'secret written inline',
        help: `move the value to an environment variable or a file and write \`${String(path[path.length - 1])}: { env: NAME }\` or \`{ file: ./path }\``,
      })
      continue
    }
    if (error.message) {
      diagnostics.push({ ...base, code: 'SPEC004', message: `${error.message} at \`${where}\``, span, label: 'here' })
      continue
    }
    const brand = refinementName(last.type)
    const brandMessage = brand ? brandMessages[brand] : undefined
    if (brandMessage && error.value !== undefined && error.value !== null && typeof error.value !== 'object') {
      const d: Diagnostic = { ...base, code: 'SPEC004', message: `${describe(error.value)} at \`${where}\` is ${brandMessage}`, span, label: brandMessage.replace(/ \(.*$/, '') }
      const candidates = brand ? brandCandidates[brand] : undefined
      const [best] = candidates && typeof error.value === 'string' ? closestWords(error.value, candidates, 1) : []
      if (best) {
        d.help = `did you mean \`${best}\`?`
        d.suggestions = [{ replacement: best, span, applicability: 'maybe-incorrect' }]
      }
      diagnostics.push(d)
      continue
    }
    const tagged = last.type as unknown as { _tag?: string; keys?: Record<string, unknown> }
    const diagnostic: Diagnostic = {
      ...base, code: 'SPEC004', message: `expected ${expected(brand ? unwrap(last.type) : last.type)} at \`${where}\`, found ${describe(error.value)}`, span, label: 'wrong type',
    }
    if (tagged._tag === 'KeyofType' && typeof error.value === 'string') {
      const [best] = closestWords(error.value, Object.keys(tagged.keys ?? {}), 1)
      if (best) {
        diagnostic.help = `did you mean \`${best}\`?`
        diagnostic.suggestions = [{ replacement: best, span, applicability: 'maybe-incorrect' }]
      }
    }
    if (brand === 'PositiveInt' || brand === 'NonNegativeInt') {
      diagnostic.message = `expected ${brand === 'PositiveInt' ? 'a positive' : 'a non-negative'} whole number at \`${where}\`, found ${describe(error.value)}`
    }
    diagnostics.push(diagnostic)
  }
  return diagnostics
}

function unwrap(type: t.Decoder<unknown, unknown>): t.Decoder<unknown, unknown> {
  let current = type as unknown as { _tag?: string; type?: t.Decoder<unknown, unknown> }
  while (current._tag === 'RefinementType' && current.type) current = current.type as unknown as typeof current
  return current as unknown as t.Decoder<unknown, unknown>
}
