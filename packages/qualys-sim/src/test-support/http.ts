import { request } from 'node:http'

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

/** Credentials of the default fixture (the same values as examples/sim.env). */
export const acme = { username: 'acme3ab1', password: 'sim-acme3ab1-not-a-real-password' }
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

/**
 * The seed's create request (reference/seeds/000) with the one fix the seed notes call for: `optionProfileId` is
 * the numeric id of "Initial Options" in the default fixture instead of the sample's bare title.
 */
export function seedBody(): Record<string, unknown> {
  return {
    applicationId: '0a7e1c2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
    secretValue: 'sim-azure-app-secret-not-real',
    autoActivateCV: false,
    autoActivateCertView: false,
    autoActivatePC: false,
    autoActivateSCA: false,
    autoActivateVM: true,
    connectorAppInfos: [
      { identifier: '11111111-2222-4333-8444-555555555501', name: 'AI', tagId: null },
      { identifier: '11111111-2222-4333-8444-555555555502', name: 'CI', tagId: null },
      { identifier: '11111111-2222-4333-8444-555555555503', name: 'CSA', tagId: null },
    ],
    connectorPrefixName: 'CPS Name',
    connectorRunFrequency: { hours: 1, minutes: 0 },
    defaultTagIds: [],
    description: 'Testing Org',
    excludedMem: [],
    includedMem: ['QAtesting4'],
    isAssignStaticTagToAssetsPulledByThatConnector: false,
    isAssignStaticTagToConnector: false,
    isCreateConnectorForNewSubscriptionsAutomatically: true,
    isCreateStaticTagsForManagementGroups: false,
    isDisableConnectorsForDeletedManagementGroups: true,
    isRemediationEnabled: true,
    name: 'AAAAAAAAAADELeeeeeeEEEEETE API Test 1 ',
    orgRunFrequency: { hours: 1, minutes: 0 },
    tenantId: '6f1c0b2a-9d8e-4f7a-b6c5-d4e3f2a1b0c9',
    tenantName: 'Tenant name',
    isCPSEnabled: true,
    connectorScanSetting: { isCustomScanConfigEnabled: true },
    connectorScanConfig: {
      scanPrefix: 'custom-scan',
      optionProfileId: 240981,
      recurrence: 'DAILY',
      startDate: '10/05/2023',
      startTime: '12:00',
      timezone: 'Asia/Colombo',
      daysOfWeek: [],
    },
  }
}

export function postJson(baseUrl: string, path: string, token: string, body: unknown, method = 'POST'): Promise<RawResponse> {
  return call(baseUrl, path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
}
