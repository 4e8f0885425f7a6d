import * as t from 'io-ts'
import { closestWords } from '@scanplan/core/suggest'

/**
 * The service's configuration file, decoded with io-ts like spec files: unknown keys are errors (with a "did you
 * mean"), and secrets can only be references to the environment or to files, never inline values.
 */

function isMapping(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u)
}

/** A mapping whose unknown keys fail (io-ts `exact` would drop them silently, hiding typos). */
function strict<P extends t.Props, O extends t.Props>(name: string, required: P, optional: O) {
  const known = [...Object.keys(required), ...Object.keys(optional)]
  const inner = t.intersection([t.type(required), t.partial(optional)])
  type A = t.TypeOf<typeof inner>
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => isMapping(u) && Object.keys(u).every((k) => known.includes(k)) && inner.is(u),
    (u, c) => {
      if (!isMapping(u)) return t.failure(u, c, `expected a mapping`)
      const unknown = Object.keys(u).filter((k) => !known.includes(k))
      if (unknown.length > 0) {
        return t.failures(
          unknown.map((key) => {
            const near = closestWords(key, known, 1)[0]
            const hint = near ? ` (did you mean \`${near}\`?)` : ` (known keys: ${known.join(', ')})`
            return { value: u[key], context: [...c, { key, type: t.never, actual: u[key] }], message: `unknown key${hint}` }
          }),
        )
      }
      return inner.validate(u, c)
    },
    t.identity,
  )
}

const NonEmpty = t.refinement(t.string, (s) => s.trim().length > 0, 'a non-empty string')
const Port = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number (0-65535)')
const PositiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n > 0, 'a positive integer')
const EnvName = t.refinement(t.string, (s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s), 'an environment variable name')

const EnvSecret = strict('EnvSecret', { env: EnvName }, {})
const FileSecret = strict('FileSecret', { file: NonEmpty }, {})

/** Chooses the member by its key so the error speaks of the shape the user meant (a union reports every member). */
function byKey<A>(name: string, pick: (u: unknown) => t.Mixed | string): t.Type<A, A, unknown> {
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => {
      const codec = pick(u)
      return typeof codec !== 'string' && codec.is(u)
    },
    (u, c) => {
      const codec = pick(u)
      return typeof codec === 'string' ? t.failure(u, c, codec) : (codec.validate(u, c) as t.Validation<A>)
    },
    t.identity,
  )
}

export const SecretRef = byKey<{ env: string } | { file: string }>('SecretRef', (u) =>
  isMapping(u) && 'env' in u
    ? EnvSecret
    : isMapping(u) && 'file' in u
      ? FileSecret
      : typeof u === 'string'
        ? 'secrets are never written inline: use { env: NAME } or { file: PATH }'
        : 'expected { env: NAME } or { file: PATH }',
)
export type SecretRef = t.TypeOf<typeof SecretRef>

export const Scheme = t.keyof({ 'standard-webhooks': null, github: null })
export type Scheme = t.TypeOf<typeof Scheme>

export const Endpoint = strict(
  'Endpoint',
  { path: t.refinement(t.string, (s) => /^\/[A-Za-z0-9/_-]*$/.test(s), 'a URL path like /hooks/spec'), scheme: Scheme, secrets: t.array(SecretRef) },
  { maxBodyBytes: PositiveInt },
)
export type Endpoint = t.TypeOf<typeof Endpoint>

/** A Qualys account the service may apply to; deliveries name it by `site`. The same keys as a spec's `source`. */
export const SourceConfig = strict(
  'Source',
  { site: NonEmpty, username: NonEmpty, auth: t.keyof({ session: null, basic: null, oidc: null }) },
  {
    password: SecretRef,
    clientId: SecretRef,
    clientSecret: SecretRef,
    passwordExpires: t.refinement(t.string, (s) => /^\d{4}-\d{2}-\d{2}$/.test(s), 'a date YYYY-MM-DD'),
    contactEmail: NonEmpty,
    platform: NonEmpty,
    baseUrl: NonEmpty,
    gateway: NonEmpty,
    /** Environment variables that deliveries may reference as `{ env: NAME }` (Azure application secrets). */
    connectorSecrets: t.array(EnvName),
  },
)
export type SourceConfig = t.TypeOf<typeof SourceConfig>

const SqliteStore = strict('SqliteStore', { sqlite: NonEmpty }, {})
const PostgresStore = strict('PostgresStore', { postgres: SecretRef }, { maxConnections: PositiveInt })
export const Store = byKey<t.TypeOf<typeof SqliteStore> | t.TypeOf<typeof PostgresStore>>('Store', (u) =>
  isMapping(u) && 'postgres' in u
    ? PostgresStore
    : isMapping(u) && 'sqlite' in u
      ? SqliteStore
      : 'expected { sqlite: FILE } or { postgres: { env: NAME } } (the connection string is a secret)',
)

export const Worker = strict(
  'Worker',
  {},
  {
    concurrency: PositiveInt,
    leaseSeconds: PositiveInt,
    retryDeadlineSeconds: PositiveInt,
    maxBackoffSeconds: PositiveInt,
    pollMilliseconds: PositiveInt,
  },
)

export const WebhookConfig = strict(
  'WebhookConfig',
  { store: Store, adminToken: SecretRef, endpoints: t.array(Endpoint), sources: t.array(SourceConfig) },
  {
    listen: strict('Listen', {}, { host: NonEmpty, port: Port }),
    publicUrl: NonEmpty,
    envFile: NonEmpty,
    worker: Worker,
    shutdownTimeoutSeconds: PositiveInt,
    logLevel: t.keyof({ fatal: null, error: null, warn: null, info: null, debug: null, trace: null, silent: null }),
  },
)
export type WebhookConfigFile = t.TypeOf<typeof WebhookConfig>

/** `a.b[2].c: message` for each failure. */
export function describeErrors(errors: t.Errors): string[] {
  const lines = errors.map((error) => {
    let path = ''
    error.context.forEach((entry, i) => {
      const parent = error.context[i - 1]?.type
      // Only keys of objects and indexes of arrays are part of the user's path; intersection and union members
      // add numeric context entries of their own.
      if (parent instanceof t.ArrayType) path += `[${entry.key}]`
      else if (parent instanceof t.InterfaceType || parent instanceof t.PartialType || entry.type === t.never) {
        path += path === '' ? entry.key : `.${entry.key}`
      }
    })
    const last = error.context[error.context.length - 1]
    const got = error.value === undefined ? 'nothing' : JSON.stringify(error.value)
    const message = error.message ?? `expected ${last?.type.name ?? 'a value'}, got ${got}`
    return `${path || '(top level)'}: ${message}`
  })
  return [...new Set(lines)]
}
