import { compileSpec, renderImportedSpec, type CompiledSource, type Diagnostic, type ImportSpecResult } from '@scanplan/core'
import type { ClientPool } from './client-pool.js'
import type { OrgConnector } from './connector-api.js'
import { NoApiServerLoginError } from './errors.js'
import { classify, type SecretsOfSpec, type SpecInput, type SpecPlan } from './spec-run.js'

export interface ImportAccountOptions {
  secretsOf: SecretsOfSpec
  /** The reference instant of the compiles (the source's password expiry, the written spec's check). */
  now: Date
  /** `--connector NAME|ID`: only these live connectors (by name or id); all of them by default. */
  connectors?: readonly string[]
  /** The `$schema` reference of the written spec's modeline. */
  schema: string
}

export interface ImportRun {
  file: string
  /** The spec's own problems that stop the import (its source's; its connectors are not read). */
  diagnostics: Diagnostic[]
  source?: CompiledSource
  /** The written spec, or why the live connectors cannot be written as one. */
  result?: ImportSpecResult
  /** `connectors` the account has no connector for, by name or id (nothing is written then). */
  unknownConnectors?: string[]
  /** With `unknownConnectors`: the connectors the account has, to choose from. */
  available?: { name: string; id: number }[]
  /** Why the account could not be read: credentials, the network, an API error. Never a secret. */
  error?: string
  failure?: SpecPlan['failure']
}

const underConnectors = (d: Diagnostic) => d.path?.startsWith('connectors') === true

/** Whether a live connector carries a custom scan configuration, the only place an option profile id appears. */
const hasCustomScan = (c: OrgConnector) =>
  c.isCPSEnabled === true && (c.connectorScanSetting as { isCustomScanConfigEnabled?: unknown } | undefined)?.isCustomScanConfigEnabled === true

/**
 * `scanplan import`: reads the account the spec's `source` names and writes its Azure organization connectors as a
 * spec (core's renderImportedSpec). Only the source is read from the spec: its connectors, and their problems, do not
 * matter. Reads only; the option profiles are listed for their titles when a connector names one.
 */
export async function importAccount(spec: SpecInput, pool: ClientPool, options: ImportAccountOptions): Promise<ImportRun> {
  const compiled = compileSpec(spec.text, { file: spec.file, now: options.now, allowNoConnectors: true })
  const diagnostics = compiled.diagnostics.filter((d) => !underConnectors(d))
  const base = { file: spec.file, diagnostics, ...(compiled.source ? { source: compiled.source } : {}) }
  if (!compiled.source || diagnostics.some((d) => d.severity === 'error')) {
    // A spec that did not load has no source at all: show everything it said.
    return compiled.source ? base : { ...base, diagnostics: compiled.diagnostics }
  }
  try {
    const client = await pool.clientFor(compiled.source, options.secretsOf(spec.file))
    const live = (await client.listOrgConnectors()).sort((a, b) => a.id - b.id)
    const wanted = options.connectors ?? []
    const unknownConnectors = wanted.filter((w) => !live.some((c) => c.name === w || String(c.id) === w))
    if (unknownConnectors.length > 0) return { ...base, unknownConnectors, available: live.map((c) => ({ name: c.name, id: c.id })) }
    const selected = wanted.length > 0 ? live.filter((c) => wanted.includes(c.name) || wanted.includes(String(c.id))) : live
    let profileTitles: Map<number, string> | undefined
    if (selected.some(hasCustomScan)) {
      try {
        profileTitles = new Map((await client.listOptionProfiles()).map((p) => [p.id, p.title]))
      } catch (error) {
        // OIDC client credentials have no API server login: the ids are written without their titles.
        if (!(error instanceof NoApiServerLoginError)) throw error
      }
    }
    const result = renderImportedSpec({ specText: spec.text, connectors: selected, schema: options.schema, now: options.now, ...(profileTitles ? { profileTitles } : {}) })
    return { ...base, result }
  } catch (error) {
    return { ...base, error: error instanceof Error ? error.message : String(error), failure: classify(error) }
  }
}
