import type * as t from 'io-ts'
import type { Diagnostic } from '../diagnostics/index.js'
import { closestWords } from '../suggest/index.js'
import { brandMessages, isIsoDate } from './brands.js'
import { specPatterns } from './patterns.js'
import { publicPlatformIds } from '../platform/table.js'

/** Brands with a closed set of values get a did-you-mean. */
const brandCandidates: Record<string, readonly string[]> = { PlatformId: [...publicPlatformIds, 'private'] }
import type { SpecPlaces } from './layers.js'
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
      if (required) return keys.length > 0 ? `a mapping with ${keys.map((k) => `\`${k}\``).join(', ')}` : 'a mapping'
      // Codec names (NonEmpty, EnvName, Duration) are internal: the user reads what the value must look like.
      return valueNouns[tagged.name] ?? 'a value of the shape docs/spec.md describes'
    }
  }
}

/** What each named codec accepts, in the words of docs/spec.md. */
const valueNouns: Record<string, string> = {
  IanaZone: 'a time zone of the IANA database such as `Europe/Paris`',
  HHMM: 'a 24-hour time `HH:MM`',
  Email: 'an email address',
  Uuid: 'a UUID',
  PlatformId: 'a platform such as `US1`',
  IsoDate: 'a date `YYYY-MM-DD`',
  EnvName: 'an environment variable name',
  NonEmpty: 'a non-empty text',
  Int: 'a whole number',
  PositiveInt: 'a whole number from 1',
  NonNegativeInt: 'a whole number from 0',
  Duration: 'a duration such as `4h` or `{ hours: 4, minutes: 0 }`',
  SecretRef: '`{ env: NAME }` or `{ file: PATH }`',
  OptionProfile: 'an option profile id (a number) or title (a text)',
  PerimeterScan: '`global` or a mapping with `schedule`',
  Connector: 'a connector mapping with `kind: azure-org`',
  QualysDate: 'a date `mm/dd/yyyy`',
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** The help line of a value a brand refuses: what to write instead, with an example. */
function brandHelp(brand: string, value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : String(value)
  switch (brand) {
    case 'Uuid': return `write ${specPatterns.uuid.message} (the Azure portal shows it as "Directory (tenant) ID" or "Application (client) ID")`
    case 'IsoDate': {
      const m = specPatterns.isoDate.regex.exec(text)
      if (m && !isIsoDate(text)) {
        const [year, month] = [Number(m[1]), Number(m[2])]
        if (month < 1 || month > 12) return `the month is ${m[2]!}: write a month from 01 to 12, e.g. \`${specPatterns.isoDate.example}\``
        const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
        return `${monthNames[month - 1]!} ${year} has ${days} days: write a day from 01 to ${days}`
      }
      return `write ${specPatterns.isoDate.message}`
    }
    case 'Email': return `write ${specPatterns.email.message}`
    case 'EnvName': return `write ${specPatterns.envName.message}`
    case 'Duration': return `write ${specPatterns.duration.message}, or \`{ hours: 4, minutes: 0 }\``
    case 'HHMM': return `write ${specPatterns.hhmm.message}`
    case 'IanaZone': return 'write an IANA zone name such as `Europe/Paris`, `Asia/Colombo` or `UTC`'
    case 'NonEmpty': return 'write a value, or remove the key if it is optional'
    case 'PositiveInt': return 'write a whole number from 1, without quotes'
    case 'NonNegativeInt': return 'write a whole number from 0, without quotes'
    case 'Int': return 'write a whole number, without quotes'
    default: return undefined
  }
}

/** The help line of a value of the wrong type: what to write, shaped from what was written where possible. */
function typeHelp(type: t.Decoder<unknown, unknown>, value: unknown): string {
  const tagged = type as unknown as { _tag?: string }
  const scalar = value !== null && typeof value !== 'object' ? String(value) : undefined
  if (tagged._tag === 'ArrayType') return scalar !== undefined ? `write a list: \`[${scalar}]\` (or one \`- ${scalar}\` line per item)` : 'write a list: `[a, b]` or one `- item` line per item'
  if (tagged._tag === 'BooleanType') {
    const word = typeof value === 'string' ? value.trim() : ''
    if (/^(y|yes|on|true|1)$/i.test(word)) return 'write `true` without quotes: a quoted value is a text, and YAML\'s booleans are `true` and `false`'
    if (/^(n|no|off|false|0)$/i.test(word)) return 'write `false` without quotes: a quoted value is a text, and YAML\'s booleans are `true` and `false`'
    return 'write `true` or `false` without quotes'
  }
  if (tagged._tag === 'NumberType') return 'write a number without quotes'
  if (tagged._tag === 'StringType') return scalar === undefined ? 'write a text on the same line as the key' : `write the text in quotes: \`"${scalar}"\``
  if ((type as unknown as { required?: unknown }).required) return 'write `key: value` lines indented under the key, or `{ key: value }`'
  return `write ${expected(type)}`
}

function refinementName(type: t.Decoder<unknown, unknown>): string | undefined {
  const tagged = type as unknown as { _tag?: string; name: string }
  return tagged._tag === 'RefinementType' ? tagged.name : undefined
}

/** Turns io-ts failures into spec diagnostics: one per failure, with the path, a caret in the file and a fix. */
export function reportDecodeErrors(places: SpecPlaces, errors: t.Errors): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  // A misspelt key is reported once: its did-you-mean already says the right key is missing.
  const misspelt = misspeltKeyPaths(errors)
  for (const error of errors) {
    const path = failurePath(error.context)
    const last = chosenMember(error.context[error.context.length - 1]!, error.value)
    const where = formatPath(path)
    const file = places.file(path)
    const base = { severity: 'error' as const, path: where, suggestions: [] as Diagnostic['suggestions'], ...(file !== undefined ? { file } : {}) }
    if (last.type instanceof UnknownKey) {
      const key = String(path[path.length - 1])
      const span = places.span(path, 'key')
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
        ...base, code: 'SPEC003', message: `missing key \`${key}\` at \`${where}\``, span: places.span(path, 'missing'),
        label: `needs \`${key}\``, help: `add \`${key}:\` with ${expected(last.type.expected)}`,
      })
      continue
    }
    const span = places.span(path)
    if (error.message?.startsWith('inline secret')) {
      diagnostics.push({
        ...base, code: 'SPEC010', message: `inline secret at \`${where}\`: a spec never holds secret values`, span, label: 'secret written inline',
        help: `move the value to an environment variable or a file and write \`${String(path[path.length - 1])}: { env: NAME }\` or \`{ file: ./path }\`: a secret reference has one key, \`env\` (a variable's name) or \`file\` (a path)`,
      })
      continue
    }
    if (error.message) {
      // A codec's message may carry its help on a second line (object-codec.ts, byKind).
      const [message, help] = error.message.split('\n')
      diagnostics.push({ ...base, code: 'SPEC004', message: `${message!} at \`${where}\``, span, label: 'here', help: help ?? typeHelp(last.type, error.value) })
      continue
    }
    const brand = refinementName(last.type)
    const brandMessage = brand ? brandMessages[brand] : undefined
    if (brandMessage && error.value !== undefined && error.value !== null && typeof error.value !== 'object') {
      const help = brandHelp(brand!, error.value)
      const d: Diagnostic = { ...base, code: 'SPEC004', message: `${describe(error.value)} at \`${where}\` is ${brandMessage}`, span, label: brandMessage.replace(/ \(.*$/, ''), ...(help ? { help } : {}) }
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
      help: (brand ? brandHelp(brand, error.value) : undefined) ?? typeHelp(brand ? unwrap(last.type) : last.type, error.value),
    }
    if (tagged._tag === 'KeyofType') {
      const [best] = typeof error.value === 'string' ? closestWords(error.value, Object.keys(tagged.keys ?? {}), 1) : []
      if (!best) diagnostic.help = `write ${expected(last.type)}`
      else {
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

/** A byKind codec's failure is about the member it picked for the value (a brand, a mapping), not about the union. */
function chosenMember(entry: t.ContextEntry, value: unknown): t.ContextEntry {
  const pick = (entry.type as unknown as { pick?: (u: unknown) => t.Decoder<unknown, unknown> | string }).pick
  if (!pick) return entry
  const member = pick(value)
  return typeof member === 'string' ? entry : { ...entry, type: member }
}

function unwrap(type: t.Decoder<unknown, unknown>): t.Decoder<unknown, unknown> {
  let current = type as unknown as { _tag?: string; type?: t.Decoder<unknown, unknown> }
  while (current._tag === 'RefinementType' && current.type) current = current.type as unknown as typeof current
  return current as unknown as t.Decoder<unknown, unknown>
}
