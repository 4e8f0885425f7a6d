import { request } from 'node:http'
import { acme } from '@scanplan/test-support/simulator-credentials'

export interface RawResponse {
  status: number
  /** Header names lower-cased (node), values as sent. */
  headers: Record<string, string | string[] | undefined>
  /** Header names as sent, in the order sent. */
  rawHeaderNames: string[]
  body: string
}

/**
 * One raw HTTP exchange over a fresh connection (no keep-alive pool): the tests speak to the simulator on its
 * own terms, not through scanplan's client. Rejects when the connection is closed without an answer.
 */
export function call(baseUrl: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl)
    const body = options.body === undefined ? undefined : Buffer.from(options.body)
    const req = request(url, { method: options.method ?? 'GET', headers: { ...options.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) }, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaderNames: res.rawHeaders.filter((_, i) => i % 2 === 0), body: text }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

export const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`

export const v2Headers = (auth = basic(acme.username, acme.password)) => ({ 'X-Requested-With': 'scanplan-sim-tests', Authorization: auth })

export function form(fields: Record<string, string>): { headers: Record<string, string>; body: string } {
  return { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }
}

export async function gatewayToken(baseUrl: string, username = acme.username, password = acme.password): Promise<string> {
  const f = form({ username, password, token: 'true' })
  const res = await call(baseUrl, '/auth', { method: 'POST', ...f })
  if (res.status !== 201) throw new Error(`POST /auth answered ${res.status}: ${res.body}`)
  return res.body
}

/** A mutable clock for tests that move time (token expiry, rate windows). */
export function testClock(startIso: string) {
  let now = Date.parse(startIso)
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (iso: string) => void (now = Date.parse(iso)) }
}

export function postJson(baseUrl: string, path: string, token: string, body: unknown, method = 'POST'): Promise<RawResponse> {
  return call(baseUrl, path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
}
