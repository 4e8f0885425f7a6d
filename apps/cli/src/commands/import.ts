import { access } from 'node:fs/promises'
import { resolve } from 'node:path'
import { nowFlag, type ParsedArgs } from '../parsed-args.js'
import { CommandError } from '../command-error.js'
import { ExitCode } from '../exit-codes.js'
import { readInput } from '../input.js'
import type { CommandIO } from '../io.js'
import { colorsFor, info, printJson } from '../output.js'
import { openTarget } from '../qualys-target.js'
import { schemaReference, writeNew } from '../spec-file.js'
import { UsageError } from '../usage-error.js'

const exists = (path: string) => access(path).then(() => true, () => false)

/**
 * `scanplan import SPEC`: the Azure organization connectors of the account SPEC's `source` names, written as a spec
 * (`@scanplan/qualys`'s importAccount reads the account, core's renderImportedSpec writes it). Reads only.
 */
export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'give the spec whose `source` names the account' : 'import reads one account: give one spec', 'e.g. `scanplan import acme.yaml --out acme-imported.yaml` (its `connectors` may be `[]`)')
  const v = args.values
  const json = v.json === true
  const now = nowFlag(v.now)
  const outFile = typeof v.out === 'string' ? v.out : undefined
  const outPath = outFile === undefined ? undefined : resolve(io.cwd, outFile)
  const force = v.force === true
  if (force && !outPath) throw new UsageError('--force overwrites the --out file', 'add --out FILE, or drop --force')
  // Checked again, atomically, when writing; here so that a run that cannot write does not read the account first.
  if (outPath && !force && (await exists(outPath))) throw new CommandError(`\`${outFile}\` already exists; nothing was written`, ExitCode.failure, 'pass --force to overwrite it, or --out to choose another file')
  const input = await readInput(io, args.positionals[0]!)
  const target = await openTarget(v.target, io)
  const [{ importAccount }, { createQualysPool, secretsOfSpecFiles }, { machineDiagnostic, renderSpecDiagnostics }, { version }, { failureDiagnostic }] = await Promise.all([
    import('@scanplan/qualys'),
    import('@scanplan/connect'),
    import('@scanplan/core'),
    import('../version.js'),
    import('@scanplan/report'),
  ])
  const pool = createQualysPool({
    ...(target.url ? { target: target.url } : {}),
    ...(io.strategiesFor ? { strategiesFor: io.strategiesFor } : {}),
    userAgent: `scanplan/${version}`,
    onEvent: (e) => {
      if (e.type === 'retry') info(io, `waiting ${(e.waitMs / 1000).toFixed(1)} s before retrying ${e.method} ${e.target}: ${e.reason}`)
    },
  })
  const schema = typeof v.schema === 'string' ? v.schema : schemaReference(outPath, version)
  const connectors = (v.connector as string[] | undefined) ?? []
  let run
  try {
    run = await importAccount({ file: input.name, text: input.text }, pool, { secretsOf: secretsOfSpecFiles({ env: io.env, cwd: io.cwd }), now, schema, ...(connectors.length ? { connectors } : {}) })
  } finally {
    await pool.closeAll()
    await target.stop()
  }
  if (run.unknownConnectors) {
    const list = run.available!.map((c) => `${JSON.stringify(c.name)} (${c.id})`).join(', ') || 'none'
    throw new UsageError(`--connector ${run.unknownConnectors.map((n) => JSON.stringify(n)).join(', ')}: the account has no Azure organization connector with that name or id`, `its connectors: ${list}`)
  }
  const result = run.result
  const problems = result?.problems ?? []
  const diagnostics = [...run.diagnostics, ...(run.error !== undefined ? [failureDiagnostic({ file: run.file, diagnostics: [], requests: [], error: run.error, ...(run.failure ? { failure: run.failure } : {}) })] : [])]
  const ok = result?.ok === true && !diagnostics.some((d) => d.severity === 'error')
  const code = run.failure === 'auth' || run.failure === 'network' ? ExitCode.unreachable : ok ? ExitCode.ok : ExitCode.failure
  if (ok && outPath) await writeNew(outPath, outFile!, result.text, force)

  if (json) {
    printJson(io, {
      ok,
      file: ok && outFile ? outFile : null,
      spec: ok && !outFile ? result.text : null,
      connectors: ok ? result.variables.flatMap((x) => (x.connector ? [x.connector] : [])) : [],
      variables: ok ? result.variables.map((x) => ({ name: x.name, holds: x.holds })) : [],
      problems,
      diagnostics: diagnostics.map(machineDiagnostic),
    })
    return code
  }
  const err = colorsFor(io, 'stderr')
  if (run.diagnostics.length > 0) io.stderr(renderSpecDiagnostics(input.text, run.diagnostics, { color: io.color.stderr, file: input.name }))
  if (run.error !== undefined) io.stderr(`${err.red('error')}: ${input.name}: ${run.error}\n`)
  for (const p of problems) {
    const about = p.connector ? `connector ${JSON.stringify(p.connector.name)} (id ${p.connector.id}): ` : ''
    io.stderr(`${p.severity === 'error' ? err.red('error') : err.yellow('warning')}: ${about}${p.message}\n`)
  }
  if (!ok) {
    if (problems.some((p) => p.severity === 'error' && p.connector)) info(io, 'nothing was written; `--connector NAME|ID` imports the others')
    else if (result || run.error !== undefined) info(io, 'nothing was written')
    return code
  }
  if (!outFile) io.stdout(result.text)
  const count = result.variables.filter((x) => x.connector).length
  const secrets = result.variables.filter((x) => x.connector).map((x) => x.name)
  info(io, `${err.green('✓')} ${outFile ? `wrote ${outFile}: ` : ''}${count} connector${count === 1 ? '' : 's'} of ${run.source?.site}`)
  info(io, `  next: set ${secrets.length === 1 ? secrets[0] : `the ${secrets.length} variables listed at its end`}, then \`scanplan plan ${outFile ?? 'FILE'}\` (every connector: no change)`)
  return code
}
