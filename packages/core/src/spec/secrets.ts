import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml'
import type { Diagnostic, Span } from '../diagnostics/index.js'
import { renderDiagnostics, type RenderOptions } from '../diagnostics/render.js'
import { parseSpecDocument, type SpecDocument } from './document.js'
import { matchesPattern } from './patterns.js'

/**
 * The keys whose values are secret references (`SecretRef` in codecs.ts: `source.password`, `source.clientId`,
 * `source.clientSecret`, `connectors[].application.secret`). Matched wherever they occur: masking one key too many
 * costs nothing, printing a pasted password is the failure this module exists to prevent. secrets.test.ts checks
 * this list against every secret reference in the generated JSON Schema, so a new one cannot be forgotten here.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['password', 'clientId', 'clientSecret', 'secret'])

/**
 * The spans of every value written where a secret reference belongs that is not a well-formed reference: a plain
 * `password: hunter2`, `secret: [hunter2]`, `secret: { value: hunter2 }`, `password: { env: <pasted secret> }`.
 * Read from the YAML tree, not from the diagnostics, so a secret is found whichever error the decoder reports
 * for it (or none at all, when a syntax error elsewhere stops decoding).
 */
function inlineSecretSpans(document: SpecDocument): Span[] {
  const spans: Span[] = []
  const everything = (node: unknown): void => {
    if (isScalar(node)) {
      if (node.range && node.range[1] > node.range[0]) spans.push({ start: node.range[0], end: node.range[1] })
    } else if (isMap(node)) {
      for (const pair of node.items) {
        everything(pair.key)
        everything(pair.value)
      }
    } else if (isSeq(node)) for (const item of node.items) everything(item)
  }
  const reference = (node: unknown): void => {
    if (!isMap(node)) return everything(node)
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined
      const value = pair.value as Node | null
      if (key === 'env' && isScalar(value) && typeof value.value === 'string' && matchesPattern('envName', value.value)) continue
      if (key === 'file' && isScalar(value) && typeof value.value === 'string') continue
      // Keys stay readable (`evn` gets its did-you-mean); only what is written as a value can be a pasted secret.
      everything(value)
    }
  }
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        if (isScalar(pair.key) && SECRET_KEYS.has(String(pair.key.value))) reference(pair.value)
        else walk(pair.value)
      }
    } else if (isSeq(node)) for (const item of node.items) walk(item)
  }
  walk(document.doc.contents)
  return spans
}

function maskSpans(text: string, spans: readonly Span[]): string {
  let masked = text
  for (const { start, end } of spans) masked = masked.slice(0, start) + masked.slice(start, end).replace(/[^\n]/g, '*') + masked.slice(end)
  return masked
}

/**
 * The text with every inline secret overwritten by `*` (same length, so spans still fit). `renderSpecDiagnostics`
 * renders from it; call this directly only to show spec text some other way.
 */
export function maskInlineSecrets(text: string, diagnostics: readonly Diagnostic[] = []): string {
  const spans = inlineSecretSpans(parseSpecDocument(text).document)
  for (const d of diagnostics) if (d.code === 'SPEC010') spans.push(d.span)
  return maskSpans(text, spans)
}

/**
 * Spec diagnostics rendered rustc-style with the user's own lines, inline secrets masked: the one way to show spec
 * diagnostics with source text (`scanplan compile`, `plan`, `apply`, `doctor`).
 */
export function renderSpecDiagnostics(text: string, diagnostics: readonly Diagnostic[], options: RenderOptions & { sources?: ReadonlyMap<string, string> } = {}): string {
  const { sources, ...render } = options
  if (!sources) return renderDiagnostics(maskInlineSecrets(text, diagnostics), diagnostics, render)
  // A spec that extends base files: each diagnostic is shown with the lines of the file it points into.
  return diagnostics.map((d) => {
    const own = d.file !== undefined && d.file !== options.file ? sources.get(d.file) : undefined
    return renderDiagnostics(maskInlineSecrets(own ?? text, [d]), [d], render)
  }).join('\n')
}

/** Short values are replaced only where a message quotes them, so a secret `1` does not garble every number. */
const SHORT_SECRET = 4

/**
 * The diagnostics with every inline secret value taken out of their words (message, help, labels, suggested
 * replacements): a decoder message may quote a value (`the text \`hunter2\` is not an environment variable name`),
 * and the machine form (`--json`, the webhook's 422 body) has no source text to mask. Applied by `loadSpec`, so
 * every caller of `loadSpec`/`compileSpec` gets diagnostics that are safe to print or send.
 */
export function withoutSecretValues(documents: readonly SpecDocument[], diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length === 0) return diagnostics
  const values = new Set<string>()
  for (const document of documents) for (const span of inlineSecretSpans(document)) {
    const raw = document.text.slice(span.start, span.end)
    const unquoted = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw
    for (const v of [raw, unquoted]) if (v.trim() !== '') values.add(v)
  }
  if (values.size === 0) return diagnostics
  // Longest first, so a value that contains another is replaced whole.
  const ordered = [...values].sort((a, b) => b.length - a.length)
  const scrub = (s: string): string => {
    let out = s
    for (const v of ordered) out = v.length >= SHORT_SECRET ? out.split(v).join('***') : out.split(`\`${v}\``).join('`***`')
    return out
  }
  return diagnostics.map((d) => {
    const clean: Diagnostic = { ...d, message: scrub(d.message), suggestions: d.suggestions.map((s) => ({ ...s, replacement: scrub(s.replacement) })) }
    if (d.help !== undefined) clean.help = scrub(d.help)
    if (d.label !== undefined) clean.label = scrub(d.label)
    if (d.related) clean.related = d.related.map((r) => ({ ...r, label: scrub(r.label) }))
    return clean
  })
}
