import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { limitsOf, type Fixture, type FixtureOidcClient, type FixtureUser, type SubscriptionLimits } from './fixture.js'
import type { OrgConnectorView } from './connector-view.js'

interface OptionProfileState {
  id: number
  title: string
  type: 'user' | 'compliance' | 'pci'
  owner: string
  isDefault: boolean
  isGlobal: boolean
}

export interface StoredConnector {
  /** Exactly what GET/list/create/update answer with. */
  view: OrgConnectorView
  /** The Azure app secret is never kept in clear, in memory or in the state file: only its digest. */
  secretValueSha256: string
}

export interface SubscriptionState {
  id: number
  uuid: string
  company: string
  platform: string
  vmActivated: boolean
  limits: SubscriptionLimits
  optionProfiles: OptionProfileState[]
  users: FixtureUser[]
  oidcClients: FixtureOidcClient[]
  /** `/api/2.0/` takes OIDC bearer tokens (fixture `oidcOnApiServer`). */
  oidcOnApiServer: boolean
  connectors: StoredConnector[]
  /** The same connectors by name (names are unique per subscription): kept beside `connectors` by create and update. */
  connectorsByName: Map<string, StoredConnector>
  nextConnectorId: number
}

/** What the state file holds: only what requests can change (fixture credentials are never written out). */
interface PersistedState {
  format: 'scanplan-qualys-sim-state'
  version: 1
  subscriptions: Array<Pick<SubscriptionState, 'id' | 'vmActivated' | 'optionProfiles' | 'connectors' | 'nextConnectorId'>>
}

export class StateFileError extends Error {
  constructor(path: string, problem: string) {
    super(`cannot use simulator state file ${path}: ${problem}`)
    this.name = 'StateFileError'
  }
}

export class SimState {
  readonly subscriptions: SubscriptionState[]

  constructor(
    fixture: Fixture,
    private readonly stateFile?: string,
  ) {
    this.subscriptions = fixture.subscriptions.map((s) => ({
      id: s.id,
      uuid: s.uuid,
      company: s.company,
      platform: s.platform,
      vmActivated: s.vmActivated,
      limits: limitsOf(s),
      optionProfiles: s.optionProfiles.map((p) => ({
        id: p.id,
        title: p.title,
        type: p.type ?? 'user',
        owner: p.owner ?? s.users[0]!.username,
        isDefault: p.isDefault === true,
        isGlobal: p.isGlobal === true,
      })),
      users: s.users.map((u) => ({ ...u })),
      oidcClients: (s.oidcClients ?? []).map((c) => ({ ...c })),
      oidcOnApiServer: s.oidcOnApiServer === true,
      connectors: [],
      connectorsByName: new Map(),
      nextConnectorId: s.firstConnectorId ?? 1001,
    }))
    if (stateFile && existsSync(stateFile)) this.load(stateFile)
  }

  private load(path: string): void {
    let persisted: PersistedState
    try {
      persisted = JSON.parse(readFileSync(path, 'utf8')) as PersistedState
    } catch (error) {
      throw new StateFileError(path, `not readable JSON (${(error as Error).message}); move it away to start from the fixture`)
    }
    if (persisted?.format !== 'scanplan-qualys-sim-state' || persisted.version !== 1 || !Array.isArray(persisted.subscriptions)) {
      throw new StateFileError(path, 'not a version 1 simulator state file; move it away to start from the fixture')
    }
    for (const saved of persisted.subscriptions) {
      const sub = this.subscriptions.find((s) => s.id === saved.id)
      if (!sub) throw new StateFileError(path, `subscription ${saved.id} is not in the fixture; use the fixture the state was written with`)
      sub.vmActivated = saved.vmActivated
      sub.optionProfiles = saved.optionProfiles
      sub.connectors = saved.connectors
      sub.connectorsByName = new Map(saved.connectors.map((c) => [c.view.name, c]))
      sub.nextConnectorId = saved.nextConnectorId
    }
  }

  /** Writes the whole state to a temporary file, then renames it over the old one: a crash never half-writes it. */
  save(): void {
    if (!this.stateFile) return
    const persisted: PersistedState = {
      format: 'scanplan-qualys-sim-state',
      version: 1,
      subscriptions: this.subscriptions.map(({ id, vmActivated, optionProfiles, connectors, nextConnectorId }) => ({ id, vmActivated, optionProfiles, connectors, nextConnectorId })),
    }
    const tmp = `${this.stateFile}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(persisted, null, 2) + '\n', { mode: 0o600 })
    renameSync(tmp, this.stateFile)
  }

  findUser(username: string): { user: FixtureUser; subscription: SubscriptionState } | undefined {
    for (const subscription of this.subscriptions) {
      const user = subscription.users.find((u) => u.username === username)
      if (user) return { user, subscription }
    }
    return undefined
  }

  findOidcClient(clientId: string): { client: FixtureOidcClient; subscription: SubscriptionState } | undefined {
    for (const subscription of this.subscriptions) {
      const client = subscription.oidcClients.find((c) => c.clientId === clientId)
      if (client) return { client, subscription }
    }
    return undefined
  }

  subscription(id: number): SubscriptionState | undefined {
    return this.subscriptions.find((s) => s.id === id)
  }

  /** A copy safe to show: no passwords, no client secrets, no app secret digests. */
  snapshot() {
    return {
      subscriptions: this.subscriptions.map((s) => ({
        id: s.id,
        uuid: s.uuid,
        company: s.company,
        platform: s.platform,
        vmActivated: s.vmActivated,
        limits: s.limits,
        optionProfiles: s.optionProfiles.map((p) => ({ ...p })),
        users: s.users.map(({ username, uuid, fullName, status, accountExpired }) => ({ username, uuid, fullName, status: status ?? 'active', accountExpired: accountExpired === true })),
        oidcClients: s.oidcClients.map(({ clientId, username }) => ({ clientId, username })),
        connectors: s.connectors.map((c) => structuredClone(c.view)),
        nextConnectorId: s.nextConnectorId,
      })),
    }
  }
}
