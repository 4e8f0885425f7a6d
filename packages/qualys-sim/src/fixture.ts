import { readFileSync } from 'node:fs'
import { platformOfUsername, platforms } from './platforms.js'
import { checkVariants } from './variants.js'

/** One VM option profile, as `option_profile_info.dtd` describes it (the fields the simulator serves). */
export interface FixtureOptionProfile {
  id: number
  title: string
  isDefault?: boolean
  isGlobal?: boolean
  /** `GROUP_TYPE`: `user` unless said otherwise. */
  type?: 'user' | 'compliance' | 'pci'
  /** Username of the owner, shown in `USER_ID`; the subscription's first user by default. */
  owner?: string
}

export interface FixtureUser {
  username: string
  /** Clearly fake passwords only: fixtures are committed. */
  password: string
  uuid: string
  fullName: string
  /** `inactive`: created but the EULA/registration is not completed, so every API call fails. */
  status?: 'active' | 'inactive'
  /** The account has expired: v2 answers CODE 2001 inside HTTP 200. */
  accountExpired?: boolean
}

export interface FixtureOidcClient {
  clientId: string
  clientSecret: string
  /** The user the client acts as. */
  username: string
  /**
   * `user` (the default) signs in at `/auth/oidc`, `subscription` at `/auth/oauth`
   * (generate_authentication_token.htm).
   */
  level?: 'user' | 'subscription'
}

export interface RateLimit {
  /** Calls allowed per window. */
  rate: number
  windowSec: number
}

export interface SubscriptionLimits {
  v2: RateLimit & { concurrency: number }
  gateway: RateLimit
}

export interface FixtureSubscription {
  /** Numeric subscription id (`SUBSCRIPTION_ID` in option profiles). */
  id: number
  /** The subscription's uuid: `customerId` in connector answers, and part of `X-Powered-By`. */
  uuid: string
  company: string
  /** A platform name (US1..KSA1); every user's username must carry this platform's identifier. */
  platform: string
  /** Whether the VM module is activated: Cloud Perimeter Scan needs it. */
  vmActivated: boolean
  limits?: { v2?: Partial<SubscriptionLimits['v2']>; gateway?: Partial<RateLimit> }
  optionProfiles: FixtureOptionProfile[]
  users: FixtureUser[]
  oidcClients?: FixtureOidcClient[]
  /**
   * Qualys Support enabled OAuth/OIDC on the API server for this subscription (oauth_oidc.htm: "supported by all
   * Qualys APIs, /api/2.0/ and onward" once enabled): `/api/2.0/` takes the bearer token of an OIDC client. Off by
   * default, as in Qualys; off, a bearer token there is answered like no credentials (401, code 2000).
   */
  oidcOnApiServer?: boolean
  /** Id given to the first connector created in this subscription. */
  firstConnectorId?: number
}

export interface Fixture {
  subscriptions: FixtureSubscription[]
  /** Readings of the docs to play (docs/simulator.md), as `scanplan sim --variant` does; added to the option's. */
  variants?: string[]
}

export const defaultLimits: SubscriptionLimits = {
  v2: { rate: 300, windowSec: 3600, concurrency: 2 },
  gateway: { rate: 300, windowSec: 3600 },
}

export class FixtureError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid simulator fixture ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'FixtureError'
  }
}

/** The fixture shipped with the package: the subscription of `examples/seed-azure-org.yaml` and a few more. */
export const defaultFixturePath = new URL('../fixtures/default.json', import.meta.url)

export function loadFixtureFile(path: string | URL): Fixture {
  const source = String(path instanceof URL ? path.pathname : path)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new FixtureError(source, [`cannot read the file: ${(error as Error).message}`])
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new FixtureError(source, [`not valid JSON: ${(error as Error).message}`])
  }
  return parseFixture(json, source)
}

export function loadDefaultFixture(): Fixture {
  return loadFixtureFile(defaultFixturePath)
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Checks a fixture the way a user needs it checked: every problem at once, each with its JSON path. */
export function parseFixture(json: unknown, source = 'fixture'): Fixture {
  const problems: string[] = []
  const need = (cond: boolean, message: string) => {
    if (!cond) problems.push(message)
    return cond
  }
  if (!isObject(json) || !Array.isArray(json.subscriptions)) throw new FixtureError(source, ['expected an object with a `subscriptions` array'])
  const usernames = new Set<string>()
  const clientIds = new Set<string>()
  const subscriptionIds = new Set<number>()
  json.subscriptions.forEach((s: unknown, i) => {
    const at = `subscriptions[${i}]`
    if (!need(isObject(s), `${at}: expected an object`)) return
    const sub = s as Json
    need(Number.isInteger(sub.id), `${at}.id: expected an integer`)
    need(!subscriptionIds.has(sub.id as number), `${at}.id: ${String(sub.id)} is used twice`)
    subscriptionIds.add(sub.id as number)
    need(typeof sub.uuid === 'string' && sub.uuid !== '', `${at}.uuid: expected a string`)
    need(typeof sub.company === 'string', `${at}.company: expected a string`)
    const platformKnown = need(typeof sub.platform === 'string' && sub.platform in platforms, `${at}.platform: expected one of ${Object.keys(platforms).join(', ')}`)
    need(typeof sub.vmActivated === 'boolean', `${at}.vmActivated: expected true or false`)
    if (sub.oidcOnApiServer !== undefined) need(typeof sub.oidcOnApiServer === 'boolean', `${at}.oidcOnApiServer: expected true or false`)
    if (sub.firstConnectorId !== undefined) need(Number.isInteger(sub.firstConnectorId) && (sub.firstConnectorId as number) > 0, `${at}.firstConnectorId: expected a positive integer`)
    if (sub.limits !== undefined) {
      if (need(isObject(sub.limits), `${at}.limits: expected an object`)) {
        for (const [family, keys] of [['v2', ['rate', 'windowSec', 'concurrency']], ['gateway', ['rate', 'windowSec']]] as const) {
          const l = (sub.limits as Json)[family]
          if (l === undefined) continue
          if (!isObject(l)) {
            need(false, `${at}.limits.${family}: expected an object`)
            continue
          }
          for (const [k, v] of Object.entries(l)) need((keys as readonly string[]).includes(k) && Number.isInteger(v) && (v as number) > 0, `${at}.limits.${family}.${k}: expected one of ${keys.join(', ')} with a positive integer`)
        }
      }
    }
    const users = Array.isArray(sub.users) ? sub.users : []
    need(Array.isArray(sub.users) && users.length > 0, `${at}.users: expected a non-empty array`)
    const ownUsers = new Set<string>()
    users.forEach((u: unknown, j) => {
      const uat = `${at}.users[${j}]`
      if (!need(isObject(u), `${uat}: expected an object`)) return
      const user = u as Json
      for (const k of ['username', 'password', 'uuid', 'fullName']) need(typeof user[k] === 'string' && user[k] !== '', `${uat}.${k}: expected a non-empty string`)
      if (typeof user.username === 'string') {
        need(!usernames.has(user.username), `${uat}.username: ${user.username} is used twice`)
        usernames.add(user.username)
        ownUsers.add(user.username)
        if (platformKnown) {
          const platform = platformOfUsername(user.username)
          need(platform === sub.platform, `${uat}.username: ${user.username} names platform ${platform ?? '(none)'} but the subscription is on ${String(sub.platform)}`)
        }
      }
      if (user.status !== undefined) need(user.status === 'active' || user.status === 'inactive', `${uat}.status: expected "active" or "inactive"`)
      if (user.accountExpired !== undefined) need(typeof user.accountExpired === 'boolean', `${uat}.accountExpired: expected true or false`)
    })
    const profiles = Array.isArray(sub.optionProfiles) ? sub.optionProfiles : []
    need(Array.isArray(sub.optionProfiles), `${at}.optionProfiles: expected an array`)
    const profileIds = new Set<number>()
    let defaults = 0
    profiles.forEach((p: unknown, j) => {
      const pat = `${at}.optionProfiles[${j}]`
      if (!need(isObject(p), `${pat}: expected an object`)) return
      const profile = p as Json
      need(Number.isInteger(profile.id) && (profile.id as number) > 0, `${pat}.id: expected a positive integer`)
      need(!profileIds.has(profile.id as number), `${pat}.id: ${String(profile.id)} is used twice in this subscription`)
      profileIds.add(profile.id as number)
      need(typeof profile.title === 'string' && profile.title !== '', `${pat}.title: expected a non-empty string`)
      if (profile.isDefault === true) defaults++
      if (profile.type !== undefined) need(['user', 'compliance', 'pci'].includes(profile.type as string), `${pat}.type: expected "user", "compliance" or "pci"`)
      if (profile.owner !== undefined) need(ownUsers.has(profile.owner as string), `${pat}.owner: no user ${String(profile.owner)} in this subscription`)
    })
    need(defaults <= 1, `${at}.optionProfiles: ${defaults} profiles have isDefault; at most one may`)
    const clients = sub.oidcClients === undefined ? [] : sub.oidcClients
    if (!need(Array.isArray(clients), `${at}.oidcClients: expected an array`)) return
    ;(clients as unknown[]).forEach((entry, j) => {
      const cat = `${at}.oidcClients[${j}]`
      if (!isObject(entry)) return void need(false, `${cat}: expected an object`)
      const c = entry
      for (const k of ['clientId', 'clientSecret', 'username']) need(typeof c[k] === 'string' && c[k] !== '', `${cat}.${k}: expected a non-empty string`)
      need(!clientIds.has(c.clientId as string), `${cat}.clientId: used twice`)
      clientIds.add(c.clientId as string)
      need(ownUsers.has(c.username as string), `${cat}.username: no user ${String(c.username)} in this subscription`)
      if (c.level !== undefined) need(c.level === 'user' || c.level === 'subscription', `${cat}.level: expected "user" or "subscription"`)
    })
  })
  if (json.variants !== undefined) {
    try {
      checkVariants(json.variants, 'variants')
    } catch (error) {
      problems.push((error as Error).message)
    }
  }
  if (problems.length > 0) throw new FixtureError(source, problems)
  return json as unknown as Fixture
}

export function limitsOf(sub: FixtureSubscription): SubscriptionLimits {
  return {
    v2: { ...defaultLimits.v2, ...sub.limits?.v2 },
    gateway: { ...defaultLimits.gateway, ...sub.limits?.gateway },
  }
}
