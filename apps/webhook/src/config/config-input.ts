/**
 * The webhook service's configuration file as an editor sees it: plain interfaces that typescript-json-schema turns
 * into config-schema.json (`pnpm --filter @scanplan/webhook schema:generate`, with core's generator and its tags:
 * packages/core/src/spec/input.ts's header). config-codec.ts is the runtime half; config-schema.test.ts feeds the
 * examples and broken variants to both. Keep this file free of imports.
 */

/** The configuration of `scanplan serve` / `scanplan-webhook` (docs/webhook.md). */
export interface WebhookConfigInput {
  /**
   * Where the service listens and the door's bounds (connections, header and request timeouts).
   * @examples [{"host": "127.0.0.1", "port": 8787}]
   */
  listen?: ListenInput
  /**
   * The URL senders reach the service at, when it differs from the listening address (behind a proxy).
   * @examples ["https://hooks.acme.example"]
   * @minLength 1
   */
  publicUrl?: string
  /**
   * A `KEY=VALUE` file read into the service's environment (the real environment wins); relative to this file.
   * @examples ["./webhook.env"]
   * @minLength 1
   */
  envFile?: string
  /**
   * The durable inbox: a SQLite file (one instance) or a PostgreSQL database (several instances).
   * @examples [{"sqlite": "./.webhook-inbox.db"}]
   */
  store: SqliteStoreInput | PostgresStoreInput
  /**
   * The bearer token of the operations endpoints (`GET /deliveries`): a reference, never the token itself.
   * @examples [{"env": "SCANPLAN_WEBHOOK_ADMIN_TOKEN"}]
   */
  adminToken: SecretRefInput
  /**
   * The URL paths that accept signed deliveries, each with its signature scheme and secrets.
   * @examples [[{"path": "/hooks/spec", "scheme": "standard-webhooks", "secrets": [{"env": "SCANPLAN_WEBHOOK_SECRET"}]}]]
   */
  endpoints: EndpointInput[]
  /**
   * The Qualys accounts deliveries may apply to, by `site`; credentials come from here, never from a delivery.
   * @examples [[{"site": "acme-prod", "username": "acme3ab1", "auth": "session", "password": {"env": "QUALYS_PASSWORD"}}]]
   */
  sources: SourceConfigInput[]
  /**
   * The worker that applies accepted deliveries: concurrency, leases, deadlines and back-off.
   * @examples [{"concurrency": 1, "leaseSeconds": 60}]
   */
  worker?: WorkerInput
  /**
   * How long a stop (SIGINT/SIGTERM) waits for requests and applies in flight.
   * @examples [10]
   * @TJS-type integer
   * @minimum 1
   */
  shutdownTimeoutSeconds?: number
  /**
   * The log level (pino; logs go to stderr).
   * @examples ["info"]
   * @specEnumDescriptions {
   *   "fatal": "only the errors that stop the service", "error": "failures", "warn": "failures and warnings",
   *   "info": "start, stop and one line per delivery (the default)", "debug": "and the applier's steps",
   *   "trace": "everything", "silent": "nothing"
   * }
   */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
}

// Titles and no descriptions, as in core's spec schema: editors show the property's own description on hover.
/** @title { env: NAME } */
export interface EnvSecretInput {
  /**
   * The environment variable that holds the secret (the service's environment or its `envFile`).
   * @examples ["SCANPLAN_WEBHOOK_SECRET"]
   * @specPattern envName
   */
  env: string
}

/** @title { file: PATH } */
export interface FileSecretInput {
  /**
   * The file that holds the secret; a relative path is relative to this configuration file.
   * @examples ["./secrets/webhook-secret"]
   * @minLength 1
   */
  file: string
}

export type SecretRefInput = EnvSecretInput | FileSecretInput

/** @title { sqlite: FILE } */
export interface SqliteStoreInput {
  /**
   * The SQLite database file (created when missing); relative to this file.
   * @examples ["./.webhook-inbox.db"]
   * @minLength 1
   */
  sqlite: string
}

/** @title { postgres: { env: NAME } } */
export interface PostgresStoreInput {
  /**
   * The PostgreSQL connection string, a secret: a reference to an environment variable or a file.
   * @examples [{"env": "SCANPLAN_WEBHOOK_DATABASE_URL"}]
   */
  postgres: SecretRefInput
  /**
   * The pool's size per instance.
   * @examples [10]
   * @TJS-type integer
   * @minimum 1
   */
  maxConnections?: number
}

export interface ListenInput {
  /**
   * The address to listen on (`127.0.0.1` by default; `0.0.0.0` for all interfaces).
   * @examples ["127.0.0.1"]
   * @minLength 1
   */
  host?: string
  /**
   * The TCP port (0 picks a free one; `--port` overrides it).
   * @examples [8787]
   * @TJS-type integer
   * @minimum 0
   * @maximum 65535
   */
  port?: number
  /**
   * Open connections at once (derived from the file limit when absent).
   * @examples [1024]
   * @TJS-type integer
   * @minimum 1
   */
  maxConnections?: number
  /**
   * Open connections from one client address (128 by default; raise it behind a proxy).
   * @examples [128]
   * @TJS-type integer
   * @minimum 1
   */
  maxConnectionsPerAddress?: number
  /**
   * A request's headers must have arrived within this many seconds (10 by default).
   * @examples [10]
   * @TJS-type integer
   * @minimum 1
   */
  headersTimeoutSeconds?: number
  /**
   * The whole request must have arrived within this many seconds of its first byte (30 by default).
   * @examples [30]
   * @TJS-type integer
   * @minimum 1
   */
  requestTimeoutSeconds?: number
}

export interface EndpointInput {
  /**
   * The URL path deliveries are posted to.
   * @examples ["/hooks/spec"]
   * @specPattern urlPath
   */
  path: string
  /**
   * How deliveries are signed.
   * @examples ["standard-webhooks"]
   * @specEnumDescriptions {
   *   "standard-webhooks": "Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature` headers, `whsec_` keys",
   *   "github": "GitHub: `X-Hub-Signature-256` and `X-GitHub-Delivery` headers"
   * }
   */
  scheme: 'standard-webhooks' | 'github'
  /**
   * The signing secrets; during a rotation list the previous one too (any of them verifies).
   * @examples [[{"env": "SCANPLAN_WEBHOOK_SECRET"}]]
   */
  secrets: SecretRefInput[]
  /**
   * The largest body accepted, in bytes (256 KiB by default).
   * @examples [262144]
   * @TJS-type integer
   * @minimum 1
   */
  maxBodyBytes?: number
  /**
   * GitHub scheme: how long a body accepted under one delivery id is refused under another (30 days by default).
   * @examples [2592000]
   * @TJS-type integer
   * @minimum 1
   */
  replayWindowSeconds?: number
}

/** A Qualys account the service may apply to: the keys of a spec's `source`, and `connectorSecrets`. */
export interface SourceConfigInput {
  /**
   * The account's name; a delivery names its account by it (`"source": "acme-prod"`).
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
   * How the service signs in to Qualys.
   * @examples ["session"]
   * @specEnumDescriptions {
   *   "session": "a v2 session cookie from `username` and `password`",
   *   "basic": "HTTP Basic authentication with `username` and `password` on every request",
   *   "oidc": "an OpenID Connect client (`clientId`, `clientSecret`) gets a token"
   * }
   */
  auth: 'session' | 'basic' | 'oidc'
  /**
   * The Qualys user's password (session and basic auth): a reference, never the password itself.
   * @examples [{"env": "QUALYS_PASSWORD"}]
   */
  password?: SecretRefInput
  /**
   * The OpenID Connect client id (oidc auth).
   * @examples [{"env": "QUALYS_CLIENT_ID"}]
   */
  clientId?: SecretRefInput
  /**
   * The OpenID Connect client secret (oidc auth).
   * @examples [{"env": "QUALYS_CLIENT_SECRET"}]
   */
  clientSecret?: SecretRefInput
  /**
   * When the password expires (`YYYY-MM-DD`).
   * @examples ["2027-03-31"]
   * @specPattern isoDate
   */
  passwordExpires?: string
  /**
   * Who to contact about this account.
   * @examples ["secops@acme.example"]
   * @minLength 1
   */
  contactEmail?: string
  /**
   * The platform (`US1` ... `GOV1`, `private`), when not read from the username.
   * @examples ["EU2"]
   * @minLength 1
   */
  platform?: string
  /**
   * The API server URL, for a private platform.
   * @examples ["https://qualysapi.qualys.acme.example"]
   * @minLength 1
   */
  baseUrl?: string
  /**
   * A private platform's gateway URL.
   * @examples ["https://qualysgateway.qualys.acme.example"]
   * @minLength 1
   */
  gateway?: string
  /**
   * The environment variables a delivery may name as `{ env: NAME }` (Azure application secrets); no others.
   * @examples [["AZURE_APP_SECRET"]]
   */
  connectorSecrets?: string[]
}

export interface WorkerInput {
  /**
   * Deliveries applied at once.
   * @examples [1]
   * @TJS-type integer
   * @minimum 1
   */
  concurrency?: number
  /**
   * How long a worker holds a delivery before another instance may take it over.
   * @examples [60]
   * @TJS-type integer
   * @minimum 1
   */
  leaseSeconds?: number
  /**
   * How long one connector create may take from its recorded intent.
   * @examples [300]
   * @TJS-type integer
   * @minimum 1
   */
  createDeadlineSeconds?: number
  /**
   * How long a failing delivery is retried before it is given up.
   * @examples [3600]
   * @TJS-type integer
   * @minimum 1
   */
  retryDeadlineSeconds?: number
  /**
   * The longest wait between two retries.
   * @examples [300]
   * @TJS-type integer
   * @minimum 1
   */
  maxBackoffSeconds?: number
  /**
   * How often an idle worker looks for work.
   * @examples [500]
   * @TJS-type integer
   * @minimum 1
   */
  pollMilliseconds?: number
}
