/**
 * The spec as an editor sees it: plain interfaces that typescript-json-schema turns into schema.json
 * (`pnpm --filter @scanplan/core schema:generate`). The io-ts codecs in codecs.ts are the runtime half; a test
 * feeds every example to both. Keep this file free of imports and branded types (TJS renders brands as `allOf`).
 *
 * What the generator (scripts/generate-schema.ts) reads besides the types:
 * - the JSDoc text: the property's `description` (every property has one; the generator refuses a property without);
 * - `@examples [<JSON value>]`: every property has one; `markdownDescription` is the description and the first
 *   example written as the key in a YAML spec;
 * - `@specPattern <name>`: the format from patterns.ts (pattern and `patternErrorMessage`), never a regex here;
 * - `@specEnumDescriptions {"value": "what it means", ...}`: one line per enum value (`enumDescriptions` and
 *   `markdownEnumDescriptions`, in the schema's enum order); every enum has them;
 * - `@defaultSnippets [...]`: VS Code's and yaml-language-server's completion snippets, as written.
 *
 * The secret alternatives (`EnvSecretInput`, `FileSecretInput`) deliberately carry no description of their own (a
 * title only):
 * editors show the first description among the schemas a value matches, and the alternative is matched before the
 * property, so a description there would hide `password`'s and `secret`'s own.
 */

/**
 * A scanplan spec: one Qualys account and the Azure organization (tenant) connectors it manages.
 */
export interface SpecInput {
  /**
   * The JSON Schema of this file (JSON specs; YAML names it in a `# yaml-language-server: $schema=` modeline, or
   * the editor maps `*.scanplan.yaml` to it).
   * @examples ["https://raw.githubusercontent.com/scanplan/scanplan/main/packages/core/schema.json"]
   */
  $schema?: string
  /**
   * Base files whose keys this spec inherits (a provider's standard settings), merged key by key, this spec winning;
   * a relative path is relative to this file (docs/spec.md, "Shared defaults: extends").
   * @examples ["../provider-base.yaml"]
   */
  extends?: string | string[]
  /**
   * Settings every connector of the spec gets unless it writes its own, merged key by key.
   * @examples [{"sync": {"organization": "1d", "connectors": "1d"}, "autoActivate": ["VM"]}]
   */
  connectorDefaults?: ConnectorDefaultsInput
  /**
   * The Qualys account ("cloud source") the connectors are created in, and how scanplan signs in to it.
   * @examples [{"site": "acme-prod", "username": "acme3ab1", "auth": "session", "password": {"env": "QUALYS_PASSWORD"}}]
   */
  source: SourceInput
  /**
   * The Azure organization (tenant) connectors this spec manages, at least one; plan/apply match them by `name`
   * (or `id`).
   * @examples [[{"kind": "azure-org", "name": "Acme production tenant", "tenant": {"id": "0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b"}, "application": {"id": "0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b", "secret": {"env": "AZURE_APP_SECRET"}}, "apps": [{"name": "AI", "identifier": "0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b"}]}]]
   * @minItems 1
   */
  connectors: AzureOrgConnectorInput[]
}

// A secret read from an environment variable. A title and no description (see the file's comment); editors name
// the alternatives by their titles: `Incorrect type. Expected "{ env: NAME } | { file: PATH }".`
/** @title { env: NAME } */
export interface EnvSecretInput {
  /**
   * The environment variable that holds the secret; scanplan reads it when it signs in and never prints it.
   * @examples ["QUALYS_PASSWORD"]
   * @specPattern envName
   */
  env: string
}

// A secret read from a file.
/** @title { file: PATH } */
export interface FileSecretInput {
  /**
   * The file that holds the secret (one line; a trailing newline is dropped). A relative path is relative to the
   * spec file.
   * @examples ["./secrets/qualys-password"]
   * @minLength 1
   */
  file: string
}

/** Where a secret comes from; secret values are never written in a spec. */
export type SecretRefInput = EnvSecretInput | FileSecretInput

/**
 * The Qualys account ("cloud source").
 * @defaultSnippets [{
 *   "label": "source (session auth)",
 *   "description": "A Qualys account signing in with a session; the password from the environment",
 *   "body": { "site": "${1:acme-prod}", "username": "${2:acme3ab1}", "auth": "session", "password": { "env": "${3:QUALYS_PASSWORD}" } }
 * }, {
 *   "label": "source (oidc auth)",
 *   "description": "A Qualys account signing in with an OpenID Connect client",
 *   "body": { "site": "${1:acme-prod}", "username": "${2:acme3ab1}", "auth": "oidc", "clientId": { "env": "${3:QUALYS_CLIENT_ID}" }, "clientSecret": { "env": "${4:QUALYS_CLIENT_SECRET}" } }
 * }]
 */
export interface SourceInput {
  /**
   * A name you choose for this account; plan/apply output and the webhook's deliveries name the account by it.
   * @examples ["acme-prod"]
   * @minLength 1
   */
  site: string
  /**
   * The Qualys user; its platform identifier picks the platform (`acme3ab1` -> `3` -> US3).
   * @examples ["acme3ab1"]
   * @minLength 1
   */
  username: string
  /**
   * How scanplan signs in to Qualys.
   * @examples ["session"]
   * @specEnumDescriptions {
   *   "session": "a v2 session cookie from `username` and `password`",
   *   "basic": "HTTP Basic authentication with `username` and `password` on every request",
   *   "oidc": "an OpenID Connect client (`clientId`, `clientSecret`) gets a token; see `clientLevel`"
   * }
   */
  auth: 'session' | 'basic' | 'oidc'
  /**
   * The Qualys user's password (session and basic auth): a reference to an environment variable or a file, never
   * the password itself.
   * @examples [{"env": "QUALYS_PASSWORD"}]
   */
  password?: SecretRefInput
  /**
   * The OpenID Connect client id (oidc auth), from an environment variable or a file.
   * @examples [{"env": "QUALYS_CLIENT_ID"}]
   */
  clientId?: SecretRefInput
  /**
   * The OpenID Connect client secret (oidc auth), from an environment variable or a file.
   * @examples [{"env": "QUALYS_CLIENT_SECRET"}]
   */
  clientSecret?: SecretRefInput
  /**
   * Which kind of OIDC client `clientId` is (oidc auth); `user` by default.
   * @examples ["subscription"]
   * @specEnumDescriptions {
   *   "user": "the default: a user-level client; the token comes from the gateway's `/auth/oidc`",
   *   "subscription": "a subscription-level client; the token comes from `/auth/oauth` (Qualys, generate_authentication_token.htm)"
   * }
   */
  clientLevel?: 'user' | 'subscription'
  /**
   * oidc: Qualys Support enabled OAuth/OIDC tokens on the API server (`/api/2.0/`) for this subscription
   * (oauth_oidc.htm), so option profile titles are looked up with the token. Off by default, as in Qualys.
   * @examples [true]
   */
  oidcOnApiServer?: boolean
  /**
   * When the password expires (`YYYY-MM-DD`): an error once past, a warning within 14 days.
   * @examples ["2027-03-31"]
   * @specPattern isoDate
   */
  passwordExpires?: string
  /**
   * Who to contact about this account.
   * @examples ["secops@acme.example"]
   * @specPattern email
   */
  contactEmail?: string
  /**
   * The platform, when not read from the username; `private` needs `baseUrl`.
   * @examples ["EU2"]
   * @specEnumDescriptions platforms
   */
  platform?: 'US1' | 'US2' | 'US3' | 'US4' | 'EU1' | 'EU2' | 'EU3' | 'IN1' | 'CA1' | 'AE1' | 'UK1' | 'AU1' | 'KSA1' | 'GOV1' | 'private'
  /**
   * The API server URL (`https://qualysapi...`); must agree with the username's platform.
   * @examples ["https://qualysapi.qg3.apps.qualys.com"]
   * @minLength 1
   */
  baseUrl?: string
  /**
   * A private platform's gateway URL, when it is not `qualysgateway.<same domain>`.
   * @examples ["https://qualysgateway.qualys.acme.example"]
   * @minLength 1
   */
  gateway?: string
}

/**
 * A UUID, or the Qualys samples' placeholder `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (accepted with a warning).
 * @specPattern uuid
 */
export type UuidInput = string

/** A duration as the Qualys body writes it. */
export interface HoursMinutesInput {
  /**
   * Whole hours of the interval.
   * @examples [1]
   * @TJS-type integer
   * @minimum 0
   */
  hours: number
  /**
   * Minutes on top of `hours`.
   * @examples [45]
   * @TJS-type integer
   * @minimum 0
   */
  minutes: number
}

/** A duration: `1h`, `30m`, `1d`, `1h30m`, ... or `{ hours, minutes }`. */
export type DurationInput = string | HoursMinutesInput

/** A Qualys app of the connector. */
export interface AppInput {
  /**
   * Which Qualys app.
   * @examples ["AI"]
   * @specEnumDescriptions {
   *   "AI": "Asset Inventory",
   *   "CI": "Cloud Inventory",
   *   "CSA": "Cloud Security Assessment"
   * }
   */
  name: 'AI' | 'CI' | 'CSA'
  /**
   * The app's identifier in Qualys (a UUID).
   * @examples ["0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b"]
   */
  identifier: UuidInput
  /**
   * A tag id put on the app's assets, or null for none.
   * @examples [7]
   * @minimum 1
   * @multipleOf 1
   */
  tagId?: number | null
}

/** Cloud Perimeter Scan with the connector's own schedule. */
export interface CustomPerimeterScanInput {
  /**
   * The schedule in plain language (docs/schedule-language.md); it compiles to the Qualys schedule fields.
   * @examples ["daily at 12:00 Asia/Colombo starting 2023-10-05"]
   * @minLength 1
   */
  schedule: string
  /**
   * The scan name prefix (`<prefix>-<connectorId>-<timestamp>`), unless the schedule says `prefix ...`.
   * @examples ["custom-scan"]
   * @minLength 1
   */
  prefix?: string
  /**
   * The VM option profile: a numeric id, or a title resolved online (or through a profiles mapping).
   * @examples ["Initial Options"]
   * @minimum 1
   * @multipleOf 1
   * @minLength 1
   */
  optionProfile?: number | string
  /**
   * The zone for a schedule that names none (an IANA name such as `Europe/Paris`).
   * @examples ["Europe/Paris"]
   * @minLength 1
   */
  timezone?: string
}

/** The connector keys `connectorDefaults` may give: all but those each connector has of its own. */
export type ConnectorDefaultsInput = Partial<Omit<AzureOrgConnectorInput, 'name' | 'id' | 'tenant' | 'application'>>

/**
 * An Azure organization (tenant) connector.
 * @defaultSnippets [{
 *   "label": "azure-org connector",
 *   "description": "An Azure organization (tenant) connector with Asset Inventory and the application secret from the environment",
 *   "body": {
 *     "kind": "azure-org",
 *     "name": "${1:Acme production tenant}",
 *     "tenant": { "id": "${2:00000000-0000-0000-0000-000000000000}" },
 *     "application": { "id": "${3:00000000-0000-0000-0000-000000000000}", "secret": { "env": "${4:AZURE_APP_SECRET}" } },
 *     "apps": [{ "name": "AI", "identifier": "${5:00000000-0000-0000-0000-000000000000}" }],
 *     "autoActivate": ["VM"]
 *   }
 * }]
 */
export interface AzureOrgConnectorInput {
  /**
   * The connector type; `azure-org` (an Azure organization, that is a tenant, and its subscriptions) is the only one.
   * @examples ["azure-org"]
   */
  kind: 'azure-org'
  /**
   * The connector's name, unique in the subscription (plan/apply match by name unless `id` pins the connector).
   * @examples ["Acme production tenant"]
   * @minLength 1
   * @maxLength 255
   */
  name: string
  /**
   * The Qualys connector id: pins this entry to that connector, so a change of `name` renames it (`scanplan import`
   * writes it).
   * @examples [4821]
   * @TJS-type integer
   * @minimum 1
   */
  id?: number
  /**
   * `false` disables the connector (Qualys' enable/disable API); `true`, the default, enables it again.
   * @examples [false]
   */
  enabled?: boolean
  /**
   * Free text shown with the connector in Qualys.
   * @examples ["Production tenant, synced hourly"]
   */
  description?: string
  /**
   * `connectorPrefixName`: the prefix of the member connectors' names.
   * @examples ["acme-prod"]
   */
  prefixName?: string
  /**
   * The Azure tenant (directory) the connector reads.
   * @examples [{"id": "0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b", "name": "Acme"}]
   */
  tenant: {
    /**
     * The tenant (directory) id, a UUID.
     * @examples ["0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b"]
     */
    id: UuidInput
    /**
     * The tenant's name, as Qualys shows it.
     * @examples ["Acme"]
     */
    name?: string
  }
  /**
   * The Azure app registration Qualys reads the tenant with.
   * @examples [{"id": "0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b", "secret": {"env": "AZURE_APP_SECRET"}}]
   */
  application: {
    /**
     * The app registration's application (client) id, a UUID.
     * @examples ["0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b"]
     */
    id: UuidInput
    /**
     * The app registration's client secret: a reference to an environment variable or a file, never the secret itself.
     * @examples [{"env": "AZURE_APP_SECRET"}]
     */
    secret: SecretRefInput
  }
  /**
   * The Qualys apps the connector feeds, each with its identifier.
   * @examples [[{"name": "AI", "identifier": "0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b"},{"name": "CSA", "identifier": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"}]]
   */
  apps: AppInput[]
  /**
   * How often Qualys syncs the organization and its member connectors (default 4h each).
   * @examples [{"organization": "1h", "connectors": "4h"}]
   */
  sync?: {
    /**
     * The organization (tenant) connector's interval.
     * @examples ["1h"]
     * @specPattern duration
     */
    organization?: DurationInput
    /**
     * The member (subscription) connectors' interval.
     * @examples ["1h30m"]
     * @specPattern duration
     */
    connectors?: DurationInput
  }
  /**
   * Management groups to include and exclude.
   * @examples [{"include": ["Production"], "exclude": ["Sandbox"]}]
   */
  managementGroups?: {
    /**
     * The management groups whose subscriptions are connected (all, when absent).
     * @examples [["Production", "Shared"]]
     */
    include?: string[]
    /**
     * Management groups left out.
     * @examples [["Sandbox"]]
     */
    exclude?: string[]
  }
  /**
   * Tag ids put on the connector's assets (whole numbers from 1; the compiler checks).
   * @examples [[7,12]]
   */
  defaultTagIds?: number[]
  /**
   * Modules activated on new member connectors; Cloud Perimeter Scan needs VM.
   * @examples [["VM", "PC"]]
   * @specEnumDescriptions {
   *   "VM": "Vulnerability Management, `autoActivateVM` (needed by Cloud Perimeter Scan)",
   *   "PC": "Policy Compliance, `autoActivatePC`",
   *   "SCA": "Security Configuration Assessment, `autoActivateSCA`",
   *   "CertView": "certificates (CertView), `autoActivateCertView`",
   *   "CV": "the Qualys body's `autoActivateCV`"
   * }
   */
  autoActivate?: ('VM' | 'PC' | 'SCA' | 'CertView' | 'CV')[]
  /**
   * What Qualys does as subscriptions come and go in the tenant.
   * @examples [{"autoCreateConnectors": true}]
   */
  subscriptions?: {
    /**
     * Create a connector for each new subscription (default false).
     * @examples [true]
     */
    autoCreateConnectors?: boolean
    /**
     * Disable connectors whose management group was deleted (default false).
     * @examples [true]
     */
    disableForDeletedManagementGroups?: boolean
  }
  /**
   * Which static tags Qualys creates and puts on (all off by default).
   * @examples [{"assets": true, "connector": true}]
   */
  staticTags?: {
    /**
     * Tag the assets this connector pulls (default false).
     * @examples [true]
     */
    assets?: boolean
    /**
     * Tag the connector itself (default false).
     * @examples [true]
     */
    connector?: boolean
    /**
     * Create static tags for management groups (default false).
     * @examples [true]
     */
    managementGroups?: boolean
  }
  /**
   * Allow remediation (default false).
   * @examples [true]
   */
  remediation?: boolean
  /**
   * Cloud Perimeter Scan: `global` (the subscription's global scan configuration) or a schedule; absent = off.
   * @examples [{"schedule": "weekly on mon at 02:00 Europe/Paris", "optionProfile": "Initial Options"}]
   */
  perimeterScan?: 'global' | CustomPerimeterScanInput
}
