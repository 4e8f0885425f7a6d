import * as t from 'io-ts'
import { Email, EnvName, HHMM, IanaZone, IsoDate, NonEmptyString, PlatformIdCodec, Uuid } from './brands.js'
import { closestWords } from '../suggest/index.js'
import { matchesPattern } from './patterns.js'
import { byKind, isMapping, strictObject } from './object-codec.js'

/**
 * The spec's io-ts codecs: the runtime half of the contract whose editor half is schema.json (generated from the
 * plain interfaces in input.ts; a test feeds every example to both).
 */

const inlineSecretHelp = 'secrets are never written in a spec: use `{ env: NAME }` or `{ file: PATH }`'

const EnvSecret = strictObject('EnvSecret', { env: EnvName }, {})
const FileSecret = strictObject('FileSecret', { file: NonEmptyString }, {})
export const SecretRef = byKind('SecretRef', [EnvSecret, FileSecret], (u) => {
  if (typeof u === 'string' || typeof u === 'number') return `inline secret: ${inlineSecretHelp}`
  if (isMapping(u) && 'file' in u && !('env' in u)) return FileSecret
  if (isMapping(u) && !('env' in u) && Object.keys(u).length > 0 && Object.keys(u).every((k) => closestWords(k, ['env', 'file'], 1).length === 0)) return `inline secret: a secret reference has the key \`env\` or \`file\`, not ${Object.keys(u).map((k) => `\`${k}\``).join(', ')}`
  if (isMapping(u)) return EnvSecret
  return `expected \`{ env: NAME }\` or \`{ file: PATH }\``
})
export type SecretRef = { env: string } | { file: string }

export const AuthKind = t.keyof({ session: null, basic: null, oidc: null }, 'AuthKind')
export type AuthKind = t.TypeOf<typeof AuthKind>

/** Which OIDC client: a user-level one signs in at `/auth/oidc`, a subscription-level one at `/auth/oauth`. */
export const OidcClientLevel = t.keyof({ user: null, subscription: null }, 'OidcClientLevel')
export type OidcClientLevel = t.TypeOf<typeof OidcClientLevel>

export const Source = strictObject(
  'Source',
  { site: NonEmptyString, username: NonEmptyString, auth: AuthKind },
  {
    password: SecretRef,
    clientId: SecretRef,
    clientSecret: SecretRef,
    clientLevel: OidcClientLevel,
    oidcOnApiServer: t.boolean,
    passwordExpires: IsoDate,
    contactEmail: Email,
    platform: PlatformIdCodec,
    baseUrl: NonEmptyString,
    gateway: NonEmptyString,
  },
)

const NonNegativeInt = t.brand(t.Int, (n): n is t.Branded<t.Int, { readonly NonNegativeInt: unique symbol }> => n >= 0, 'NonNegativeInt')
const PositiveInt = t.brand(t.Int, (n): n is t.Branded<t.Int, { readonly PositiveInt: unique symbol }> => n > 0, 'PositiveInt')

const DurationText = t.brand(t.string, (s): s is t.Branded<string, { readonly Duration: unique symbol }> => matchesPattern('duration', s), 'Duration')
const HoursMinutes = strictObject('HoursMinutes', { hours: NonNegativeInt, minutes: NonNegativeInt }, {})
const Duration = byKind('Duration', [DurationText, HoursMinutes], (u) => (typeof u === 'string' ? DurationText : isMapping(u) ? HoursMinutes : 'expected a duration like `1h`, `30m`, `1d` or `{ hours: 1, minutes: 0 }`'))
type Duration = t.TypeOf<typeof Duration>

const OptionProfile = byKind('OptionProfile', [PositiveInt, NonEmptyString], (u) =>
  typeof u === 'number' ? PositiveInt : typeof u === 'string' ? NonEmptyString : 'expected an option profile id (a number) or title (a string)',
)

const CustomPerimeterScan = strictObject(
  'PerimeterScan',
  { schedule: NonEmptyString },
  { prefix: NonEmptyString, optionProfile: OptionProfile, timezone: IanaZone },
)
const GlobalPerimeterScan = t.literal('global')
const PerimeterScan = byKind('PerimeterScan', [GlobalPerimeterScan, CustomPerimeterScan], (u) =>
  u === 'global' ? GlobalPerimeterScan : isMapping(u) ? CustomPerimeterScan : 'expected `global` or a mapping with a `schedule`',
)

const AppName = t.keyof({ AI: null, CI: null, CSA: null }, 'AppName')
const App = strictObject('App', { name: AppName, identifier: Uuid }, { tagId: t.union([PositiveInt, t.null]) })

const Module = t.keyof({ VM: null, PC: null, SCA: null, CertView: null, CV: null }, 'Module')
type Module = t.TypeOf<typeof Module>

export const AzureOrgConnector = strictObject(
  'AzureOrgConnector',
  {
    kind: t.literal('azure-org'),
    name: NonEmptyString,
    tenant: strictObject('Tenant', { id: Uuid }, { name: t.string }),
    application: strictObject('Application', { id: Uuid, secret: SecretRef }, {}),
    apps: t.array(App),
  },
  {
    sync: strictObject('Sync', {}, { organization: Duration, connectors: Duration }),
    description: t.string,
    prefixName: t.string,
    managementGroups: strictObject('ManagementGroups', {}, { include: t.array(NonEmptyString), exclude: t.array(NonEmptyString) }),
    defaultTagIds: t.array(PositiveInt),
    autoActivate: t.array(Module),
    subscriptions: strictObject('Subscriptions', {}, { autoCreateConnectors: t.boolean, disableForDeletedManagementGroups: t.boolean }),
    staticTags: strictObject('StaticTags', {}, { assets: t.boolean, connector: t.boolean, managementGroups: t.boolean }),
    remediation: t.boolean,
    perimeterScan: PerimeterScan,
    id: PositiveInt,
    enabled: t.boolean,
  },
)
export type AzureOrgConnector = t.TypeOf<typeof AzureOrgConnector>

/**
 * A connector entry: only `kind: azure-org` exists today. Another kind is one error under the kind (its other keys
 * are not azure-org's to judge), not a cascade of unknown and missing keys.
 */
const Connector = byKind('Connector', [AzureOrgConnector], (u) => {
  if (!isMapping(u) || u.kind === undefined || u.kind === 'azure-org') return AzureOrgConnector
  return `\`kind: ${typeof u.kind === 'string' ? u.kind.slice(0, 40) : String(u.kind)}\` is not a connector kind scanplan manages (only \`azure-org\`)\nscanplan manages Azure organization connectors: write \`kind: azure-org\` (docs/spec.md)`
}, 'kind')

export const Spec = strictObject('Spec', { source: Source, connectors: t.array(Connector) }, { $schema: t.string })
export type Spec = t.TypeOf<typeof Spec>
export type Source = t.TypeOf<typeof Source>

/**
 * The compiled `connectorScanConfig` with its rules as types: HH:MM start time, IANA zone, mm/dd/yyyy date, days only
 * with WEEKLY. compileSpec checks every block it builds against it, so a schedule-compiler slip can never reach Qualys.
 */
const QualysDate = t.brand(t.string, (s): s is t.Branded<string, { readonly QualysDate: unique symbol }> => /^(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/\d{4}$/.test(s), 'QualysDate')
const Day = t.keyof({ SUN: null, MON: null, TUE: null, WED: null, THU: null, FRI: null, SAT: null }, 'Day')
export const ConnectorScanConfigCodec = strictObject(
  'ConnectorScanConfig',
  {
    scanPrefix: NonEmptyString,
    optionProfileId: PositiveInt,
    recurrence: t.keyof({ DAILY: null, WEEKLY: null }),
    startDate: QualysDate,
    startTime: HHMM,
    timezone: IanaZone,
    daysOfWeek: t.array(Day),
  },
  {},
)
