import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseEnv } from 'node:util'
import { readSecretSync } from '@scanplan/connect'
import type { SecretRef } from '@scanplan/core'
import { parse as parseYaml } from 'yaml'
import { describeErrors, WebhookConfig, type Scheme, type SourceConfig } from './config-codec.js'

/** What the configuration says, with every secret read: the service needs nothing else to start. */
export interface ServiceConfig {
  file: string
  listen: {
    host: string
    port: number
    /** Open connections at once; absent when not configured (the service derives it from the file limit). */
    maxConnections?: number
    maxConnectionsPerAddress: number
    /** A request's headers must have arrived by then, its whole body by `requestTimeoutMs` (from its first byte). */
    headersTimeoutMs: number
    requestTimeoutMs: number
  }
  publicUrl?: string
  store: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; maxConnections?: number }
  adminToken: string
  /** `replayWindowMs` only for the GitHub-style scheme (Standard Webhooks signs a timestamp). */
  endpoints: { path: string; scheme: Scheme; secrets: string[]; maxBodyBytes: number; replayWindowMs?: number }[]
  /** By site name. `definition` is the spec `source` as configured (secrets still references). */
  sources: Map<string, { definition: SourceConfig; connectorSecrets: readonly string[] }>
  /** `createDeadlineMs`: how long one create may take from its recorded intent (the Qualys applier's deadline). */
  worker: { concurrency: number; leaseMs: number; createDeadlineMs: number; retryDeadlineMs: number; maxBackoffMs: number; pollMs: number }
  shutdownTimeoutMs: number
  logLevel: string
  /** Reads a secret reference against the service's environment (and its env file) or a file. */
  readSecret(ref: SecretRef): string
  /** Where the Qualys client reads secrets: the environment with the env file's values, and the config's directory. */
  secretSources: { env: Record<string, string | undefined>; baseDir: string }
}

export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: the webhook configuration is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * How long a GitHub-style endpoint refuses a body it accepted under another delivery id (the scheme signs no
 * timestamp, so a captured body is a valid delivery for ever): 30 days, far longer than any sender retries.
 */
const defaultReplayWindowSeconds = 30 * 24 * 3600

/**
 * The door's bounds: a client address may hold 128 connections (far more than a sender's parallel deliveries; behind
 * a proxy every connection comes from the proxy, so raise it there); headers within 10 s and the whole request within
 * 30 s (256 KiB in 30 s is 9 KB/s), so a slow sender is cut off in seconds, not minutes.
 */
const listenDefaults = { maxConnectionsPerAddress: 128, headersTimeoutSeconds: 10, requestTimeoutSeconds: 30 }

/** A body limit that fits a spec with many connectors and stays far below GitHub's 25 MB cap. */
export const defaultMaxBodyBytes = 256 * 1024

export interface LoadConfigOptions {
  env: Readonly<Record<string, string | undefined>>
  port?: number
}

export function loadServiceConfig(file: string, options: LoadConfigOptions): ServiceConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`])
  }
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (error) {
    throw new ConfigError(file, [`not valid YAML: ${(error as Error).message}`])
  }
  const decoded = WebhookConfig.decode(raw)
  if (decoded._tag === 'Left') throw new ConfigError(file, describeErrors(decoded.left))
  const config = decoded.right
  const base = dirname(resolve(file))
  const problems: string[] = []

  let env: Record<string, string | undefined> = { ...options.env }
  if (config.envFile !== undefined) {
    try {
      // The real environment wins over the file, as with every dotenv loader.
      env = { ...parseEnv(readFileSync(resolve(base, config.envFile), 'utf8')), ...options.env }
    } catch (error) {
      problems.push(`envFile: cannot read ${config.envFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
  }
  const secretSources = { env, baseDir: base }
  const readSecret = (ref: SecretRef): string => readSecretSync(ref, 'secret', secretSources)
  const secret = (where: string, ref: SecretRef): string => {
    try {
      return readSecretSync(ref, where, secretSources)
    } catch (error) {
      problems.push((error as Error).message)
      return ''
    }
  }

  const adminToken = secret('adminToken', config.adminToken)
  if (adminToken !== '' && adminToken.length < 16) problems.push('adminToken: use at least 16 characters')
  const store: ServiceConfig['store'] =
    'sqlite' in config.store
      ? { kind: 'sqlite', path: resolve(base, config.store.sqlite) }
      : {
          kind: 'postgres',
          url: secret('store.postgres', config.store.postgres),
          ...(config.store.maxConnections !== undefined ? { maxConnections: config.store.maxConnections } : {}),
        }
  const listen = config.listen ?? {}
  const headersTimeoutSeconds = listen.headersTimeoutSeconds ?? listenDefaults.headersTimeoutSeconds
  const requestTimeoutSeconds = listen.requestTimeoutSeconds ?? Math.max(listenDefaults.requestTimeoutSeconds, headersTimeoutSeconds)
  if (headersTimeoutSeconds > requestTimeoutSeconds) {
    problems.push(`listen.headersTimeoutSeconds: ${headersTimeoutSeconds} is longer than listen.requestTimeoutSeconds (${requestTimeoutSeconds}), which includes the headers`)
  }
  if (config.endpoints.length === 0) problems.push('endpoints: configure at least one endpoint')
  const paths = new Set<string>()
  const endpoints = config.endpoints.map((endpoint, i) => {
    if (paths.has(endpoint.path)) problems.push(`endpoints[${i}].path: ${endpoint.path} is configured twice`)
    paths.add(endpoint.path)
    if (endpoint.secrets.length === 0) problems.push(`endpoints[${i}].secrets: give at least one secret`)
    if (endpoint.replayWindowSeconds !== undefined && endpoint.scheme !== 'github') {
      problems.push(`endpoints[${i}].replayWindowSeconds: only for scheme github (Standard Webhooks signs a timestamp, checked within 5 minutes)`)
    }
    return {
      path: endpoint.path,
      scheme: endpoint.scheme,
      secrets: endpoint.secrets.map((ref, j) => secret(`endpoints[${i}].secrets[${j}]`, ref)),
      maxBodyBytes: endpoint.maxBodyBytes ?? defaultMaxBodyBytes,
      ...(endpoint.scheme === 'github' ? { replayWindowMs: (endpoint.replayWindowSeconds ?? defaultReplayWindowSeconds) * 1000 } : {}),
    }
  })
  const sources: ServiceConfig['sources'] = new Map()
  config.sources.forEach((source, i) => {
    if (sources.has(source.site)) problems.push(`sources[${i}].site: ${source.site} is configured twice`)
    const needs = source.auth === 'oidc' ? (['clientId', 'clientSecret'] as const) : (['password'] as const)
    for (const key of needs) {
      const ref = source[key]
      if (ref === undefined) problems.push(`sources[${i}].${key}: ${source.auth} authentication needs it`)
      else secret(`sources[${i}].${key}`, ref)
    }
    for (const name of source.connectorSecrets ?? []) secret(`sources[${i}].connectorSecrets`, { env: name })
    const { connectorSecrets, ...definition } = source
    sources.set(source.site, { definition, connectorSecrets: connectorSecrets ?? [] })
  })
  if (problems.length > 0) throw new ConfigError(file, problems)

  const worker = config.worker ?? {}
  return {
    file,
    listen: {
      host: listen.host ?? '127.0.0.1',
      port: options.port ?? listen.port ?? 8787,
      ...(listen.maxConnections !== undefined ? { maxConnections: listen.maxConnections } : {}),
      maxConnectionsPerAddress: listen.maxConnectionsPerAddress ?? listenDefaults.maxConnectionsPerAddress,
      headersTimeoutMs: headersTimeoutSeconds * 1000,
      requestTimeoutMs: requestTimeoutSeconds * 1000,
    },
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl.replace(/\/$/, '') } : {}),
    store,
    adminToken,
    endpoints,
    sources,
    worker: {
      concurrency: worker.concurrency ?? 1,
      leaseMs: (worker.leaseSeconds ?? 60) * 1000,
      createDeadlineMs: (worker.createDeadlineSeconds ?? 30) * 1000,
      retryDeadlineMs: (worker.retryDeadlineSeconds ?? 3600) * 1000,
      maxBackoffMs: (worker.maxBackoffSeconds ?? 300) * 1000,
      pollMs: worker.pollMilliseconds ?? 500,
    },
    shutdownTimeoutMs: (config.shutdownTimeoutSeconds ?? 10) * 1000,
    logLevel: config.logLevel ?? 'info',
    readSecret,
    secretSources,
  }
}
