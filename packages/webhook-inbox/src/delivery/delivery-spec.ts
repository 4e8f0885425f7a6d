import { closestWords, machineDiagnostic, type Diagnostic, type DiagnosticCode, type MachineDiagnostic, type Span } from '@scanplan/core'
import { isMap, isScalar, parseDocument, type Node } from 'yaml'

/** The part of core's `compileSpec` result the service looks at (the client takes the whole result). */
export interface CompiledSpec {
  ok: boolean
  diagnostics: Diagnostic[]
  unresolvedProfiles: string[]
}

/**
 * A Qualys account the service may apply to, as its configuration defines it: `definition` is a spec's `source`
 * (secrets still references, never values), `connectorSecrets` the environment variables deliveries may reference.
 */
export interface ConfiguredSource {
  definition: Readonly<Record<string, unknown>> & { readonly site: string; readonly passwordExpires?: string }
  connectorSecrets: readonly string[]
}

/** The configured sources by site name (what a delivery writes as `"source"`). */
export type ConfiguredSources = ReadonlyMap<string, ConfiguredSource>

/** core's `compileSpec`, passed in so that this module stays a pure function of its inputs. */
export type SpecCompiler<C extends CompiledSpec> = (text: string, options: { now: Date }) => C

/** Option profile titles are resolved online, in the account, when the delivery is applied. */
const isUnresolvedTitle = (d: Diagnostic) => d.data?.kind === 'profile-title'

/** A delivery's spec, ready for the client: the configured source put in place of its name, compiled. */
export interface DeliverySpec<C extends CompiledSpec = CompiledSpec> {
  site: string
  /** The spec text actually compiled (the delivery with the configured source spliced in). */
  text: string
  compiled: C
}

export type PreparedDelivery<C extends CompiledSpec = CompiledSpec> =
  | { ok: true; spec: DeliverySpec<C>; warnings: MachineDiagnostic[] }
  /** 400: not JSON at all. 422: JSON, but not a spec this service can apply. In core's machine form. */
  | { ok: false; status: 400 | 422; diagnostics: MachineDiagnostic[] }
  /**
   * 503: the sender's part is fine, but the service's own configuration of `site` does not compile (an expired
   * password date): an operator must fix it. `diagnostics` point into the configured source, for the operator only.
   */
  | { ok: false; status: 503; site: string; diagnostics: MachineDiagnostic[] }

const diagnostic = (code: DiagnosticCode, message: string, span: Span, path: string, help?: string, suggestions: Diagnostic['suggestions'] = []): Diagnostic => ({
  code,
  severity: 'error',
  message,
  span,
  suggestions,
  path,
  ...(help !== undefined ? { help } : {}),
})

const spanOf = (node: Node | null | undefined, fallback: Span): Span =>
  node?.range ? { start: node.range[0], end: node.range[1] } : fallback

/**
 * Turns a verified body into a compiled spec. A delivery names its Qualys account (`"source": "acme-prod"`); the
 * account's definition, with its secret references, comes from the service's configuration and is spliced into the
 * text in place of the name, so the core compiler sees an ordinary spec and its diagnostics' spans are moved back
 * onto the sender's own bytes. Connector secrets may only reference the environment variables the source allows.
 */
export function prepareDeliverySpec<C extends CompiledSpec>(
  body: string,
  sources: ConfiguredSources,
  compileSpec: SpecCompiler<C>,
  now: Date,
): PreparedDelivery<C> {
  const whole: Span = { start: 0, end: Math.min(body.length, 1) }
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch (error) {
    // V8 quotes a piece of the body (`Unexpected token 'h', ..."assword": hunter2-in"... is not valid JSON`), which
    // may be a pasted secret: keep what is wrong and where, drop the quote.
    const reason = (error as Error).message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    return { ok: false, status: 400, diagnostics: [machineDiagnostic(diagnostic('WEBHOOK001', `the body is not JSON: ${reason}`, whole, '', 'send the spec document as JSON'))] }
  }
  const doc = parseDocument(body, { keepSourceTokens: false })
  const root = doc.contents
  const fail = (d: Diagnostic): PreparedDelivery<C> => ({ ok: false, status: 422, diagnostics: [machineDiagnostic(d)] })
  if (!isMap(root)) return fail(diagnostic('SPEC003', 'a spec is a JSON object with `source` and `connectors`', spanOf(root, whole), ''))
  const pair = root.items.find((item) => isScalar(item.key) && item.key.value === 'source')
  const sourceNode = pair?.value as Node | null | undefined
  const sites = [...sources.keys()]
  if (!pair || !isScalar(sourceNode) || typeof sourceNode.value !== 'string') {
    return fail(
      diagnostic(
        'WEBHOOK002',
        '`source` must name a Qualys account configured in the service',
        spanOf(sourceNode ?? (pair?.key as Node | undefined), whole),
        'source',
        `write "source": ${JSON.stringify(sites[0] ?? 'SITE')}; credentials live in the service's configuration, never in a delivery`,
      ),
    )
  }
  const site = sourceNode.value
  const configured = sources.get(site)
  const valueSpan = spanOf(sourceNode, whole)
  if (!configured) {
    const near = closestWords(site, sites, 1)
    return fail(
      diagnostic(
        'WEBHOOK003',
        `no source named \`${site}\` is configured in the service`,
        valueSpan,
        'source',
        near[0] !== undefined ? `did you mean \`${near[0]}\`?` : `configured sources: ${sites.join(', ') || '(none)'}`,
        near.map((name) => ({ replacement: JSON.stringify(name), span: valueSpan, applicability: 'maybe-incorrect' as const })),
      ),
    )
  }

  const replacement = JSON.stringify(configured.definition)
  const text = body.slice(0, valueSpan.start) + replacement + body.slice(valueSpan.end)
  const delta = replacement.length - (valueSpan.end - valueSpan.start)
  // Offsets before the splice are unchanged, after it shift back, inside it fall onto the source's name.
  const back = (offset: number): number =>
    offset <= valueSpan.start ? offset : offset >= valueSpan.start + replacement.length ? offset - delta : valueSpan.end
  const backSpan = (span: Span): Span => ({ start: back(span.start), end: Math.max(back(span.end), back(span.start)) })
  const compiled = compileSpec(text, { now })
  // A diagnostic inside the spliced source is about the service's configuration, not about what the sender wrote.
  const spliceEnd = valueSpan.start + replacement.length
  const configProblems = compiled.diagnostics.filter((d) => d.severity === 'error' && d.span.start >= valueSpan.start && d.span.end <= spliceEnd)
  if (configProblems.length > 0) return { ok: false, status: 503, site, diagnostics: configProblems.map(machineDiagnostic) }
  const mapped = compiled.diagnostics.map(
    (d): Diagnostic => ({
      ...d,
      span: backSpan(d.span),
      suggestions: d.suggestions.map((s) => ({ ...s, span: backSpan(s.span) })),
      ...(d.related ? { related: d.related.map((r) => ({ ...r, span: backSpan(r.span) })) } : {}),
    }),
  )
  const errors = mapped.filter((d) => d.severity === 'error')
  const onlyTitlesLeft = compiled.unresolvedProfiles.length > 0 && errors.every(isUnresolvedTitle)
  if (!compiled.ok && !onlyTitlesLeft) return { ok: false, status: 422, diagnostics: mapped.map(machineDiagnostic) }

  // The spec compiled, so `connectors` is a list of mappings with an application secret reference each.
  const connectors = (parsed as { connectors: { application: { secret: Record<string, unknown> } }[] }).connectors
  const secretProblems: Diagnostic[] = []
  connectors.forEach((connector, index) => {
    const ref = connector.application.secret
    const node = doc.getIn(['connectors', index, 'application', 'secret'], true) as Node | undefined
    const span = spanOf(node, whole)
    const path = `connectors[${index}].application.secret`
    const allowed = configured.connectorSecrets
    const allowedText = allowed.length > 0 ? allowed.map((n) => `{ "env": "${n}" }`).join(', ') : 'none (add names to the source\'s connectorSecrets)'
    if (typeof ref.env !== 'string') {
      secretProblems.push(diagnostic('WEBHOOK004', 'a delivery cannot read files on the service', span, path, `use one of: ${allowedText}`))
    } else if (!allowed.includes(ref.env)) {
      secretProblems.push(diagnostic('WEBHOOK004', `the source \`${site}\` does not let deliveries use the environment variable ${ref.env}`, span, path, `use one of: ${allowedText}`))
    }
  })
  if (secretProblems.length > 0) return { ok: false, status: 422, diagnostics: secretProblems.map(machineDiagnostic) }
  return { ok: true, spec: { site, text, compiled }, warnings: mapped.filter((d) => d.severity !== 'error').map(machineDiagnostic) }
}

/** What a delivery sets: its account (the `source` it names) and its connectors, as the inbox orders and supersedes. */
export interface DeliveryScope {
  account: string
  /** The connectors as a canonical key: their pinned ids (`#1234`) or names, sorted, as a JSON list. */
  connectors: string
}

/**
 * The account and connectors of a body the door accepted (it compiled, so `source` and `connectors` are there);
 * undefined for anything else, which the inbox then neither orders nor supersedes.
 */
export function deliveryScope(body: string): DeliveryScope | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return undefined
  }
  const { source, connectors } = (parsed ?? {}) as { source?: unknown; connectors?: unknown }
  if (typeof source !== 'string' || !Array.isArray(connectors) || connectors.length === 0) return undefined
  const keys: string[] = []
  for (const connector of connectors as { id?: unknown; name?: unknown }[]) {
    // A pinned id is the connector whatever its name says (a rename); otherwise Qualys knows it by its unique name.
    if (typeof connector?.id === 'number') keys.push(`#${connector.id}`)
    else if (typeof connector?.name === 'string') keys.push(connector.name)
    else return undefined
  }
  return { account: source, connectors: JSON.stringify([...new Set(keys)].sort()) }
}
