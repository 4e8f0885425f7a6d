import { headerValue, type HttpRequest } from './http.js'

/** Qualys refuses `/api/2.0/` calls without this header (CSRF protection); its value is free text. */
const REQUESTED_WITH_HEADER = 'X-Requested-With'
const REQUESTED_WITH_VALUE = 'scanplan'

export function isV2Url(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith('/api/2.0/')
  } catch {
    return false
  }
}

/** Adds `X-Requested-With` to a request for the v2 API, leaving every other request as it is. */
export function withRequestedWith(request: HttpRequest): HttpRequest {
  if (!isV2Url(request.url) || headerValue(request.headers, REQUESTED_WITH_HEADER) !== undefined) return request
  return { ...request, headers: { ...request.headers, [REQUESTED_WITH_HEADER]: REQUESTED_WITH_VALUE } }
}

export interface SimpleReturn {
  /** Absent on success; an error code such as `2001` otherwise. */
  code?: string
  text: string
  items: Record<string, string>
}

function unwrap(text: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(text)
  const raw = cdata ? cdata[1]! : text
  return raw
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim()
}

/**
 * Reads a v2 `SIMPLE_RETURN` document, which Qualys sends for errors whatever the HTTP status (an expired account is
 * `CODE 2001` inside an HTTP 200). Returns undefined for any other body. Hand-written rather than a full XML parser
 * because the document is flat and fixed (simple_return.dtd) and core must stay free of heavy dependencies.
 */
export function parseSimpleReturn(body: string): SimpleReturn | undefined {
  const response = /<SIMPLE_RETURN>\s*<RESPONSE>([\s\S]*?)<\/RESPONSE>/.exec(body)?.[1]
  if (response === undefined) return undefined
  const code = /<CODE>([\s\S]*?)<\/CODE>/.exec(response)?.[1]
  const text = /<TEXT>([\s\S]*?)<\/TEXT>/.exec(response)?.[1]
  const items: Record<string, string> = {}
  for (const item of response.matchAll(/<ITEM>\s*<KEY>([\s\S]*?)<\/KEY>\s*<VALUE>([\s\S]*?)<\/VALUE>\s*<\/ITEM>/g)) {
    items[unwrap(item[1]!)] = unwrap(item[2]!)
  }
  return { ...(code !== undefined ? { code: unwrap(code) } : {}), text: text !== undefined ? unwrap(text) : '', items }
}
