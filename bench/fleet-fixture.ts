// The fleet of `pnpm bench:apply`'s fleet run (issue 19): N customer accounts, each its own simulator subscription
// with one user, and one spec file per account naming 4 Azure organization connectors: the layout of a managed
// security provider applying every customer's spec in one `scanplan apply`.
import type { Fixture } from '@scanplan/qualys-sim'

/** `aaa`, `aab`, ...: usernames start with the company acronym in lowercase letters, then the platform's identifier. */
function acronym(n: number): string {
  let text = ''
  for (let i = 0; i < 3; i++, n = Math.floor(n / 26)) text = String.fromCharCode(97 + (n % 26)) + text
  return text
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')

const fleetUsername = (n: number) => `fl${acronym(n)}3ab1`
const fleetPassword = (n: number) => `sim-fleet-${n}-pw-not-real`
const passwordVariable = (n: number) => `FLEET_${n}_QUALYS_PASSWORD`
const secretVariable = (n: number) => `FLEET_${n}_AZURE_SECRET`

/** One subscription per account (US3, like acme3ab1), with the simulator's "Initial Options" profile 240981. */
export function fleetFixture(accounts: number): Fixture {
  return {
    subscriptions: Array.from({ length: accounts }, (_, n) => ({
      id: 70_000 + n,
      uuid: `00000000-0000-4000-8000-${hex(n, 12)}`,
      company: `Fleet customer ${n}`,
      platform: 'US3',
      vmActivated: true,
      optionProfiles: [{ id: 240981, title: 'Initial Options', isDefault: true, isGlobal: true }],
      users: [{ username: fleetUsername(n), password: fleetPassword(n), uuid: `00000000-0000-4000-9000-${hex(n, 12)}`, fullName: `Fleet operator ${n}` }],
    })),
  }
}

function connectorYaml(n: number, k: number): string {
  const id = (kind: number) => `${hex(kind, 8)}-${hex(n, 4)}-4${hex(k, 3)}-8000-${hex(n * 16 + k, 12)}`
  return `  - kind: azure-org
    name: customer ${n} tenant ${k}
    tenant: { id: ${id(0x6f1c0b2a)}, name: Tenant ${k} }
    application:
      id: ${id(0x0a7e1c2d)}
      secret: { env: ${secretVariable(n)} }
    apps:
      - { name: AI, identifier: ${id(0x11111111)} }
    sync: { organization: 24h, connectors: 24h }
    autoActivate: [VM]
    perimeterScan:
      schedule: daily at 0${k % 10}:00 UTC starting 2026-12-01
      prefix: fleet-${k}
      optionProfile: 240981
`
}

/** The spec files (in memory, under `fleet/`) and the environment their secret references read. */
export function fleetSpecs(accounts: number, connectors: number): { specs: Array<{ file: string; text: string }>; env: Record<string, string> } {
  const env: Record<string, string> = {}
  const specs = Array.from({ length: accounts }, (_, n) => {
    env[passwordVariable(n)] = fleetPassword(n)
    env[secretVariable(n)] = 'sim-azure-app-secret-not-real'
    const text = `source:
  site: customer-${n}
  username: ${fleetUsername(n)}
  auth: session
  password: { env: ${passwordVariable(n)} }
connectors:
${Array.from({ length: connectors }, (_, k) => connectorYaml(n, k)).join('')}`
    return { file: `fleet/customer-${n}.yaml`, text }
  })
  return { specs, env }
}
