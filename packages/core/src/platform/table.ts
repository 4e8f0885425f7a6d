/**
 * The public Qualys platforms: the username's platform identifier picks one (seed 002 table, confirmed by the
 * Qualys platform-identification page; https://www.qualys.com/platform-identification/). The seed's worked example names
 * `qualysguard.qg3...` as the base URL; that host is the UI, the API server is `qualysapi.*` and the
 * connector API lives on `gateway.*`.
 */
export const publicPlatformIds = ['US1', 'US2', 'US3', 'US4', 'EU1', 'EU2', 'EU3', 'IN1', 'CA1', 'AE1', 'UK1', 'AU1', 'KSA1', 'GOV1'] as const
export type PublicPlatformId = (typeof publicPlatformIds)[number]
export type PlatformId = PublicPlatformId | 'private'

export interface PlatformUrls {
  /** The API server (`/api/2.0/...`): session or Basic auth. */
  apiServer: string
  /** The API gateway (`/auth`, `/connectors/v1.0/...`): bearer JWT. */
  gateway: string
  /** The web UI (qualysguard). */
  ui: string
}

export interface PublicPlatform extends PlatformUrls {
  id: PublicPlatformId
  /** Username platform identifiers (EU2 has two; GOV1's is not public, so it is chosen with `platform: GOV1`). */
  identifiers: readonly string[]
}

export const publicPlatforms: readonly PublicPlatform[] = [
  { id: 'US1', identifiers: ['_'], ui: 'https://qualysguard.qualys.com', apiServer: 'https://qualysapi.qualys.com', gateway: 'https://gateway.qg1.apps.qualys.com' },
  { id: 'US2', identifiers: ['2'], ui: 'https://qualysguard.qg2.apps.qualys.com', apiServer: 'https://qualysapi.qg2.apps.qualys.com', gateway: 'https://gateway.qg2.apps.qualys.com' },
  { id: 'US3', identifiers: ['3'], ui: 'https://qualysguard.qg3.apps.qualys.com', apiServer: 'https://qualysapi.qg3.apps.qualys.com', gateway: 'https://gateway.qg3.apps.qualys.com' },
  { id: 'US4', identifiers: ['6'], ui: 'https://qualysguard.qg4.apps.qualys.com', apiServer: 'https://qualysapi.qg4.apps.qualys.com', gateway: 'https://gateway.qg4.apps.qualys.com' },
  { id: 'EU1', identifiers: ['-'], ui: 'https://qualysguard.qualys.eu', apiServer: 'https://qualysapi.qualys.eu', gateway: 'https://gateway.qg1.apps.qualys.eu' },
  { id: 'EU2', identifiers: ['5', '!'], ui: 'https://qualysguard.qg2.apps.qualys.eu', apiServer: 'https://qualysapi.qg2.apps.qualys.eu', gateway: 'https://gateway.qg2.apps.qualys.eu' },
  { id: 'EU3', identifiers: ['B'], ui: 'https://qualysguard.qg3.apps.qualys.it', apiServer: 'https://qualysapi.qg3.apps.qualys.it', gateway: 'https://gateway.qg3.apps.qualys.it' },
  { id: 'IN1', identifiers: ['8'], ui: 'https://qualysguard.qg1.apps.qualys.in', apiServer: 'https://qualysapi.qg1.apps.qualys.in', gateway: 'https://gateway.qg1.apps.qualys.in' },
  { id: 'CA1', identifiers: ['9'], ui: 'https://qualysguard.qg1.apps.qualys.ca', apiServer: 'https://qualysapi.qg1.apps.qualys.ca', gateway: 'https://gateway.qg1.apps.qualys.ca' },
  { id: 'AE1', identifiers: ['7'], ui: 'https://qualysguard.qg1.apps.qualys.ae', apiServer: 'https://qualysapi.qg1.apps.qualys.ae', gateway: 'https://gateway.qg1.apps.qualys.ae' },
  { id: 'UK1', identifiers: ['1'], ui: 'https://qualysguard.qg1.apps.qualys.co.uk', apiServer: 'https://qualysapi.qg1.apps.qualys.co.uk', gateway: 'https://gateway.qg1.apps.qualys.co.uk' },
  { id: 'AU1', identifiers: ['4'], ui: 'https://qualysguard.qg1.apps.qualys.com.au', apiServer: 'https://qualysapi.qg1.apps.qualys.com.au', gateway: 'https://gateway.qg1.apps.qualys.com.au' },
  { id: 'KSA1', identifiers: ['A'], ui: 'https://qualysguard.qg1.apps.qualysksa.com', apiServer: 'https://qualysapi.qg1.apps.qualysksa.com', gateway: 'https://gateway.qg1.apps.qualysksa.com' },
  // Not on the platform page: the API server is the one Qualys' own TotalCloud scripts use
  // (Qualys/TotalCloud Connectors/Azure/TenantConnector/qualys_client.py), the gateway the one of several public
  // clients; the UI host follows the pattern (secondary, untested). The username identifier is not public.
  { id: 'GOV1', identifiers: [], ui: 'https://qualysguard.gov1.qualys.us', apiServer: 'https://qualysapi.gov1.qualys.us', gateway: 'https://gateway.gov1.qualys.us' },
]
