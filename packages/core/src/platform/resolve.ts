import type { DiagnosticCode } from '../diagnostics/registry.js'
import type { Diagnostic } from '../diagnostics/index.js'
import { closestWords } from '../suggest/index.js'
import { publicPlatformIds, publicPlatforms, type PlatformId, type PlatformUrls, type PublicPlatform } from './table.js'

export interface PlatformInput {
  username?: string
  /** `US1`..`KSA1`, `GOV1`, or `private` with an explicit `baseUrl`. */
  platform?: string
  /** The API server URL (`https://qualysapi...`), the "Base URL" of seed 002. */
  baseUrl?: string
  /** The gateway URL of a private platform, when it is not `qualysgateway.<same domain>`. */
  gateway?: string
}

export interface ResolvedPlatform extends PlatformUrls {
  id: PlatformId
  /** How the platform was found, for messages and `scanplan platform`. */
  from: 'username' | 'platform' | 'baseUrl'
  /** The platform identifier read from the username, when there was one. */
  identifier?: string
}

/** A platform problem; `path` names the input field, `relatedPath` the field its `related` span lies in. */
export interface PlatformDiagnostic extends Diagnostic {
  relatedPath?: string
}

export type PlatformResult =
  | { ok: true; platform: ResolvedPlatform; diagnostics: PlatformDiagnostic[] }
  | { ok: false; diagnostics: PlatformDiagnostic[] }

/**
 * The identifier is the first character after the username's lowercase company acronym:
 * `<acronym><identifier><initials><number>` (seed 002), e.g. `acme3ab1` -> `3`, `quays_ab1` -> `_`.
 */
export function platformIdentifier(username: string): { identifier: string; offset: number } | undefined {
  const match = /^[a-z]+/.exec(username)
  if (!match || match[0].length >= username.length) return undefined
  return { identifier: username[match[0].length]!, offset: match[0].length }
}

export function platformByIdentifier(identifier: string): PublicPlatform | undefined {
  return publicPlatforms.find((p) => p.identifiers.includes(identifier))
}

function normaliseUrl(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'https:' || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') return undefined
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`
}

function problem(code: DiagnosticCode, path: string, message: string, span: { start: number; end: number }, help?: string, label?: string): Diagnostic {
  return { code, severity: 'error', message, span, suggestions: [], path, ...(help ? { help } : {}), ...(label ? { label } : {}) }
}

const identifierList = publicPlatforms.filter((p) => p.identifiers.length > 0).map((p) => `${p.identifiers.map((i) => `\`${i}\``).join('/')} ${p.id}`).join(', ')

/**
 * Finds the platform (and so the API server, gateway and UI URLs) of a Qualys account. Each input that names a
 * platform must agree with the others: a username on US3 with `platform: EU1` is an error naming both. Spans are
 * offsets into the value of the field named by `path` (`username`, `platform`, `baseUrl`, `gateway`).
 */
export function resolvePlatform(input: PlatformInput): PlatformResult {
  const diagnostics: PlatformDiagnostic[] = []
  const fromUsername = input.username === undefined ? undefined : platformIdentifier(input.username)
  const byUsername = fromUsername ? platformByIdentifier(fromUsername.identifier) : undefined

  let explicit: PublicPlatform | 'private' | undefined
  if (input.platform !== undefined) {
    if (input.platform === 'private') explicit = 'private'
    else {
      explicit = publicPlatforms.find((p) => p.id === input.platform)
      if (!explicit) {
        const [best] = closestWords(input.platform, [...publicPlatformIds, 'private'], 1)
        const d = problem('SPEC020', 'platform', `\`${input.platform}\` is not a Qualys platform`, { start: 0, end: input.platform.length },
          `platforms are ${publicPlatformIds.join(', ')}, or \`private\` with a \`baseUrl\``, 'unknown platform')
        if (best) d.suggestions.push({ replacement: best, span: { start: 0, end: input.platform.length }, applicability: 'maybe-incorrect' })
        if (best) d.help = `did you mean \`${best}\`? (platforms are ${publicPlatformIds.join(', ')}, or \`private\` with a \`baseUrl\`)`
        return { ok: false, diagnostics: [d] }
      }
    }
  }

  let byBaseUrl: PublicPlatform | undefined
  let baseUrl: string | undefined
  if (input.baseUrl !== undefined) {
    baseUrl = normaliseUrl(input.baseUrl)
    if (baseUrl === undefined) {
      return { ok: false, diagnostics: [problem('SPEC022', 'baseUrl', `\`${input.baseUrl}\` is not an https URL without query or credentials`, { start: 0, end: input.baseUrl.length },
        'write the API server URL, e.g. `https://qualysapi.qg3.apps.qualys.com`', 'not an https URL')] }
    }
    byBaseUrl = publicPlatforms.find((p) => p.apiServer === baseUrl || p.ui === baseUrl || p.gateway === baseUrl)
    if (byBaseUrl === undefined && explicit !== 'private') {
      return { ok: false, diagnostics: [problem('SPEC022', 'baseUrl', `\`${input.baseUrl}\` is not the URL of a public Qualys platform`, { start: 0, end: input.baseUrl.length },
        'for a private platform add `platform: private`; public API servers look like `https://qualysapi.qg3.apps.qualys.com`', 'unknown platform URL')] }
    }
  }

  if (explicit === 'private') {
    if (baseUrl === undefined) {
      return { ok: false, diagnostics: [problem('SPEC023', 'platform', 'a private platform needs its API server URL in `baseUrl`', { start: 0, end: 7 },
        'add `baseUrl: https://qualysapi.<your platform domain>`', 'private platform without URL')] }
    }
    let gateway: string | undefined
    if (input.gateway !== undefined) {
      gateway = normaliseUrl(input.gateway)
      if (gateway === undefined) {
        return { ok: false, diagnostics: [problem('SPEC022', 'gateway', `\`${input.gateway}\` is not an https URL without query or credentials`, { start: 0, end: input.gateway.length },
          'write the gateway URL, e.g. `https://qualysgateway.acme.example`', 'not an https URL')] }
      }
    } else if (/^https:\/\/qualysapi\./.test(baseUrl)) {
      // Qualys' private platforms put the gateway at qualysgateway.<customer base url> (https://www.qualys.com/platform-identification/).
      gateway = baseUrl.replace('https://qualysapi.', 'https://qualysgateway.')
    } else {
      return { ok: false, diagnostics: [problem('SPEC023', 'baseUrl', 'cannot derive the gateway URL of this private platform', { start: 0, end: (input.baseUrl ?? '').length },
        'add `gateway: https://...` (the host that serves `/auth` and `/connectors/v1.0/`)', 'not a qualysapi.* host')] }
    }
    const ui = baseUrl.replace('https://qualysapi.', 'https://qualysguard.')
    return { ok: true, platform: { id: 'private', from: 'platform', apiServer: baseUrl, gateway, ui }, diagnostics }
  }

  if (input.gateway !== undefined) {
    return { ok: false, diagnostics: [problem('SPEC023', 'gateway', '`gateway` is only for private platforms', { start: 0, end: input.gateway.length },
      'public platforms have fixed gateways: remove `gateway`, or add `platform: private`', 'not used')] }
  }

  // Every named platform must be the same one.
  const claims: { path: string; platform: PublicPlatform; text: string; span: { start: number; end: number } }[] = []
  // GOV1's username identifier is not public: `platform: GOV1` is the only claim, whatever the username reads as.
  if (byUsername && fromUsername && input.username !== undefined && !(typeof explicit === 'object' && explicit.id === 'GOV1')) {
    claims.push({ path: 'username', platform: byUsername, text: `username \`${input.username}\` (identifier \`${fromUsername.identifier}\`)`, span: { start: fromUsername.offset, end: fromUsername.offset + 1 } })
  }
  if (explicit) claims.push({ path: 'platform', platform: explicit, text: `platform \`${input.platform}\``, span: { start: 0, end: (input.platform ?? '').length } })
  if (byBaseUrl) claims.push({ path: 'baseUrl', platform: byBaseUrl, text: `baseUrl \`${input.baseUrl}\``, span: { start: 0, end: (input.baseUrl ?? '').length } })
  const first = claims[0]
  for (const other of claims.slice(1)) {
    if (first && other.platform.id !== first.platform.id) {
      const d: PlatformDiagnostic = problem('SPEC021', other.path, `${other.text} is on ${other.platform.id} but ${first.text} is on ${first.platform.id}`, other.span,
        `keep one of them, or make them name the same platform`, `this says ${other.platform.id}`)
      d.related = [{ span: first.span, label: `this says ${first.platform.id}` }]
      d.relatedPath = first.path
      diagnostics.push(d)
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics }
  if (first) {
    const from = first.path as ResolvedPlatform['from']
    return {
      ok: true,
      platform: { id: first.platform.id, from, apiServer: first.platform.apiServer, gateway: first.platform.gateway, ui: first.platform.ui, ...(fromUsername && byUsername && from === 'username' ? { identifier: fromUsername.identifier } : {}) },
      diagnostics,
    }
  }
  if (input.username !== undefined) {
    const span = fromUsername ? { start: fromUsername.offset, end: fromUsername.offset + 1 } : { start: 0, end: input.username.length }
    const message = fromUsername
      ? `\`${fromUsername.identifier}\` in username \`${input.username}\` is not a Qualys platform identifier`
      : `cannot read a platform identifier from username \`${input.username}\``
    return { ok: false, diagnostics: [problem('SPEC020', 'username', message, span,
      `usernames read <acronym><platform identifier><initials><number> with identifiers ${identifierList}; or set \`platform:\` (or \`baseUrl:\`) explicitly`, 'no platform here')] }
  }
  return { ok: false, diagnostics: [problem('SPEC020', 'username', 'no username, platform or baseUrl to find the platform from', { start: 0, end: 0 }, 'give a username or a platform')] }
}
