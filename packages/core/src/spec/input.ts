/**
 * The spec as an editor sees it: plain interfaces that typescript-json-schema turns into schema.json
 * (`pnpm --filter @scanplan/core schema:generate`). The io-ts codecs in codecs.ts are the runtime half; a test
 * feeds every example to both. Keep this file free of imports and branded types (TJS renders brands as `allOf`). Formats are named, never
 * written: `@specPattern <name>` is replaced by the pattern and its message from patterns.ts.
 */

/** A scanplan spec: one Qualys account and the Azure organization (tenant) connectors it manages. */
export interface SpecInput {
  /** The JSON Schema of this file (JSON specs; YAML uses the `# yaml-language-server: $schema=` modeline). */
  $schema?: string
  /**
   * Base files whose keys this spec inherits (a provider's standard settings), merged key by key, this spec winning;
   * a relative path is relative to this file (docs/spec.md, "Shared defaults: extends").
   */
  extends?: string | string[]
  /** Settings every connector of the spec gets unless it writes its own, merged key by key. */
  connectorDefaults?: ConnectorDefaultsInput
  source: SourceInput
  /** @minItems 1 */
  connectors: AzureOrgConnectorInput[]
}

/** A secret read from an environment variable. */
export interface EnvSecretInput {
  /** @specPattern envName */
  env: string
}

/** A secret read from a file (a relative path is relative to the spec file). */
export interface FileSecretInput {
  /** @minLength 1 */
  file: string
}

/** Where a secret comes from; secret values are never written in a spec. */
export type SecretRefInput = EnvSecretInput | FileSecretInput

/** The Qualys account ("cloud source"). */
export interface SourceInput {
  /** A name you choose for this account. @minLength 1 */
  site: string
  /** The Qualys user; its platform identifier picks the platform (`acme3ab1` -> `3` -> US3). @minLength 1 */
  username: string
  /** How scanplan signs in: session (v2 session cookie), basic (HTTP Basic) or oidc (client id and secret). */
  auth: 'session' | 'basic' | 'oidc'
  /** The user's password (session and basic auth). */
  password?: SecretRefInput
  /** The OpenID Connect client id (oidc auth). */
  clientId?: SecretRefInput
  /** The OpenID Connect client secret (oidc auth). */
  clientSecret?: SecretRefInput
  /**
   * Which kind of OIDC client `clientId` is (oidc auth): `user` (the default) asks the gateway's `/auth/oidc` for a
   * token, `subscription` asks `/auth/oauth` (Qualys, generate_authentication_token.htm).
   */
  clientLevel?: 'user' | 'subscription'
  /**
   * oidc: Qualys Support enabled OAuth/OIDC tokens on the API server (`/api/2.0/`) for this subscription
   * (oauth_oidc.htm), so option profile titles are looked up with the token. Off by default, as in Qualys.
   */
  oidcOnApiServer?: boolean
  /**
   * When the password expires (`YYYY-MM-DD`): an error once past, a warning within 14 days.
   * @specPattern isoDate
   */
  passwordExpires?: string
  /**
   * Who to contact about this account.
   * @specPattern email
   */
  contactEmail?: string
  /** The platform, when not read from the username; `private` needs `baseUrl`. */
  platform?: 'US1' | 'US2' | 'US3' | 'US4' | 'EU1' | 'EU2' | 'EU3' | 'IN1' | 'CA1' | 'AE1' | 'UK1' | 'AU1' | 'KSA1' | 'GOV1' | 'private'
  /** The API server URL (`https://qualysapi...`); must agree with the username's platform. @minLength 1 */
  baseUrl?: string
  /** A private platform's gateway URL, when it is not `qualysgateway.<same domain>`. @minLength 1 */
  gateway?: string
}

/**
 * A UUID, or the Qualys samples' placeholder `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (accepted with a warning).
 * @specPattern uuid
 */
export type UuidInput = string


/** A duration as the Qualys body writes it. */
export interface HoursMinutesInput {
  /** @TJS-type integer @minimum 0 */
  hours: number
  /** @TJS-type integer @minimum 0 */
  minutes: number
}

/** A duration: `1h`, `30m`, `1d`, `1h30m`, ... or `{ hours, minutes }`. */
export type DurationInput = string | HoursMinutesInput

/** A Qualys app of the connector. */
export interface AppInput {
  /** AI = Asset Inventory, CI = Cloud Inventory, CSA = Cloud Security Assessment. */
  name: 'AI' | 'CI' | 'CSA'
  identifier: UuidInput
  /**
   * A tag id, or null.
   * @minimum 1
   * @multipleOf 1
   */
  tagId?: number | null
}

/** Cloud Perimeter Scan with the connector's own schedule. */
export interface CustomPerimeterScanInput {
  /**
   * The schedule in plain language, e.g. `daily at 12:00 Asia/Colombo starting 2023-10-05` (docs/schedule-language.md).
   * @minLength 1
   */
  schedule: string
  /** The scan name prefix (`<prefix>-<connectorId>-<timestamp>`), unless the schedule says `prefix ...`. @minLength 1 */
  prefix?: string
  /**
   * The VM option profile: a numeric id, or a title resolved online (or through a profiles mapping).
   * @minimum 1
   * @multipleOf 1
   * @minLength 1
   */
  optionProfile?: number | string
  /** The zone for a schedule that names none (an IANA name such as `Europe/Paris`). @minLength 1 */
  timezone?: string
}


/** The connector keys `connectorDefaults` may give: all but those each connector has of its own. */
export type ConnectorDefaultsInput = Partial<Omit<AzureOrgConnectorInput, 'name' | 'id' | 'tenant' | 'application'>>

/** An Azure organization (tenant) connector. */
export interface AzureOrgConnectorInput {
  kind: 'azure-org'
  /**
   * The connector's name, unique in the subscription (plan/apply match by name unless `id` pins the connector).
   * @minLength 1
   * @maxLength 255
   */
  name: string
  /**
   * The Qualys connector id: pins this entry to that connector, so a change of `name` renames it (`scanplan import`
   * writes it).
   * @TJS-type integer
   * @minimum 1
   */
  id?: number
  /** `false` disables the connector (Qualys' enable/disable API); `true`, the default, enables it again. */
  enabled?: boolean
  description?: string
  /** `connectorPrefixName`: the prefix of the member connectors' names. */
  prefixName?: string
  /** The Azure tenant (directory). */
  tenant: { id: UuidInput; name?: string }
  /** The Azure app registration Qualys reads the tenant with. */
  application: { id: UuidInput; secret: SecretRefInput }
  apps: AppInput[]
  /** How often Qualys syncs the organization and its member connectors (default 4h each). */
  sync?: {
    /**
     * The organization (tenant) connector's interval.
     * @specPattern duration
     */
    organization?: DurationInput
    /**
     * The member (subscription) connectors' interval.
     * @specPattern duration
     */
    connectors?: DurationInput
  }
  /** Management groups to include and exclude. */
  managementGroups?: { include?: string[]; exclude?: string[] }
  /**
   * Tag ids put on the connector's assets (whole numbers from 1; the compiler checks).
   */
  defaultTagIds?: number[]
  /** Modules activated on new member connectors; Cloud Perimeter Scan needs VM. */
  autoActivate?: ('VM' | 'PC' | 'SCA' | 'CertView' | 'CV')[]
  subscriptions?: {
    /** Create a connector for each new subscription (default false). */
    autoCreateConnectors?: boolean
    /** Disable connectors whose management group was deleted (default false). */
    disableForDeletedManagementGroups?: boolean
  }
  staticTags?: {
    /** Tag the assets this connector pulls (default false). */
    assets?: boolean
    /** Tag the connector itself (default false). */
    connector?: boolean
    /** Create static tags for management groups (default false). */
    managementGroups?: boolean
  }
  /** Allow remediation (default false). */
  remediation?: boolean
  /** Cloud Perimeter Scan: `global` (the subscription's global scan configuration) or a schedule; absent = off. */
  perimeterScan?: 'global' | CustomPerimeterScanInput
}
