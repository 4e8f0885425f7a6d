import * as t from 'io-ts'
import { matchesPattern } from '@scanplan/core'
import { isListenPort } from '@scanplan/connect/listen-port'
import { closestWords } from '@scanplan/core/suggest'
import { byKind, failurePath, formatPath, isMapping, misspeltKeyPaths, MissingKey, strictObject, UnknownKey } from '@scanplan/core/object-codec'

/**
 * The service's configuration file, decoded with core's strict-object codec like spec files: unknown keys are errors
 * (with a "did you mean"), and secrets can only be references to the environment or to files, never inline values.
 */

const NonEmpty = t.refinement(t.string, (s) => s.trim().length > 0, 'a non-empty string')
const Port = t.refinement(t.number, isListenPort, 'a port number (0-65535)')
const PositiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n > 0, 'a positive integer')
const EnvName = t.refinement(t.string, (s) => matchesPattern('envName', s), 'an environment variable name')

const EnvSecret = strictObject('EnvSecret', { env: EnvName }, {})
const FileSecret = strictObject('FileSecret', { file: NonEmpty }, {})

const SecretRef = byKind('SecretRef', [EnvSecret, FileSecret], (u) =>
  isMapping(u) && 'env' in u
    ? EnvSecret
    : isMapping(u) && 'file' in u
      ? FileSecret
      : typeof u === 'string'
        ? 'secrets are never written inline: use { env: NAME } or { file: PATH }'
        : 'expected { env: NAME } or { file: PATH }',
)

export const Scheme = t.keyof({ 'standard-webhooks': null, github: null })
export type Scheme = t.TypeOf<typeof Scheme>

const Endpoint = strictObject(
  'Endpoint',
  { path: t.refinement(t.string, (s) => matchesPattern('urlPath', s), 'a URL path like /hooks/spec'), scheme: Scheme, secrets: t.array(SecretRef) },
  { maxBodyBytes: PositiveInt, replayWindowSeconds: PositiveInt },
)
type Endpoint = t.TypeOf<typeof Endpoint>

/** A Qualys account the service may apply to; deliveries name it by `site`. The same keys as a spec's `source`. */
export const SourceConfig = strictObject(
  'Source',
  { site: NonEmpty, username: NonEmpty, auth: t.keyof({ session: null, basic: null, oidc: null }) },
  {
    password: SecretRef,
    clientId: SecretRef,
    clientSecret: SecretRef,
    passwordExpires: t.refinement(t.string, (s) => matchesPattern('isoDate', s), 'a date YYYY-MM-DD'),
    contactEmail: NonEmpty,
    platform: NonEmpty,
    baseUrl: NonEmpty,
    gateway: NonEmpty,
    /** Environment variables that deliveries may reference as `{ env: NAME }` (Azure application secrets). */
    connectorSecrets: t.array(EnvName),
  },
)
export type SourceConfig = t.TypeOf<typeof SourceConfig>

const SqliteStore = strictObject('SqliteStore', { sqlite: NonEmpty }, {})
const PostgresStore = strictObject('PostgresStore', { postgres: SecretRef }, { maxConnections: PositiveInt })
const Store = byKind('Store', [SqliteStore, PostgresStore], (u) =>
  isMapping(u) && 'postgres' in u
    ? PostgresStore
    : isMapping(u) && 'sqlite' in u
      ? SqliteStore
      : 'expected { sqlite: FILE } or { postgres: { env: NAME } } (the connection string is a secret)',
)

const Worker = strictObject(
  'Worker',
  {},
  {
    concurrency: PositiveInt,
    leaseSeconds: PositiveInt,
    createDeadlineSeconds: PositiveInt,
    retryDeadlineSeconds: PositiveInt,
    maxBackoffSeconds: PositiveInt,
    pollMilliseconds: PositiveInt,
  },
)

export const WebhookConfig = strictObject(
  'WebhookConfig',
  { store: Store, adminToken: SecretRef, endpoints: t.array(Endpoint), sources: t.array(SourceConfig) },
  {
    listen: strictObject(
      'Listen',
      {},
      {
        host: NonEmpty,
        port: Port,
        maxConnections: PositiveInt,
        maxConnectionsPerAddress: PositiveInt,
        headersTimeoutSeconds: PositiveInt,
        requestTimeoutSeconds: PositiveInt,
      },
    ),
    publicUrl: NonEmpty,
    envFile: NonEmpty,
    worker: Worker,
    shutdownTimeoutSeconds: PositiveInt,
    logLevel: t.keyof({ fatal: null, error: null, warn: null, info: null, debug: null, trace: null, silent: null }),
  },
)

/** `a.b[2].c: message` for each failure (one line per place: the file has no positions worth a caret here). */
export function describeErrors(errors: t.Errors): string[] {
  const misspelt = misspeltKeyPaths(errors)
  const lines: string[] = []
  for (const error of errors) {
    const path = failurePath(error.context)
    const where = formatPath(path)
    const last = error.context[error.context.length - 1]
    let message: string
    if (last?.type instanceof UnknownKey) {
      const [near] = closestWords(String(path[path.length - 1]), last.type.known, 1)
      message = `unknown key${near ? ` (did you mean \`${near}\`?)` : ` (known keys: ${last.type.known.join(', ')})`}`
    } else if (last?.type instanceof MissingKey) {
      if (misspelt.has(where)) continue
      message = `missing (expected ${last.type.expected.name})`
    } else {
      const got = error.value === undefined ? 'nothing' : JSON.stringify(error.value)
      message = error.message ?? `expected ${last?.type.name ?? 'a value'}, got ${got}`
    }
    lines.push(`${where || '(top level)'}: ${message}`)
  }
  return [...new Set(lines)]
}
