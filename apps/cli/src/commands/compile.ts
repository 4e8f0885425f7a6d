import { nowFlag, zoneFlag, type ParsedArgs } from '../parsed-args.js'
import { ExitCode } from '../exit-codes.js'
import { readInputs } from '../input.js'
import type { CommandIO } from '../io.js'
import { colorsFor, outputFormat, printJson } from '../output.js'
import { readProfilesFile } from '../profiles-file.js'
import { readSpecBases, specSources } from '../spec-bases.js'
import { UsageError } from '../usage-error.js'

type Core = typeof import('@scanplan/core')

function parseOperation(args: ParsedArgs): { op: 'create' } | { op: 'update'; id: number } {
  const op = args.values.op
  const id = args.values.id
  if (op !== undefined && op !== 'create' && op !== 'update') throw new UsageError(`\`--op ${String(op)}\` is not an operation`, 'write `--op create` (default) or `--op update --id N`')
  if (op === 'update') {
    if (typeof id !== 'string') throw new UsageError('`--op update` needs the connector id', 'add `--id N` (the id Qualys gave the organization connector)')
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new UsageError(`\`--id ${id}\` is not a connector id`, 'a connector id is a positive whole number, e.g. `--id 186015`')
    return { op: 'update', id: Number(id) }
  }
  if (id !== undefined) throw new UsageError('`--id` is only for updates', 'add `--op update`, or drop `--id`')
  return { op: 'create' }
}

/**
 * `scanplan compile SPEC...`: the Qualys Connector API requests each spec stands for, offline. Requests on stdout
 * (secrets as `***`), rendered diagnostics on stderr; exit 1 when any spec does not compile.
 */
export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('missing the spec file', 'write `scanplan compile examples/seed-azure-org.yaml` (or `-` for stdin)')
  const format = outputFormat(args.values)
  const now = nowFlag(args.values.now)
  const operation = parseOperation(args)
  const inputs = await Promise.all((await readInputs(io, args.positionals)).map((input) => readSpecBases(io, input)))
  const sources = specSources(inputs)
  const core = await import('@scanplan/core')
  const profilesPath = args.values.profiles
  const profiles = typeof profilesPath === 'string' ? await readProfilesFile(io, profilesPath) : {}
  const defaultZone = zoneFlag(args.values.zone, core)
  // Requests are printed as they compile in the text formats; the others print one document at the end.
  const text = format === 'text' || format === 'github'
  const c = colorsFor(io, 'stdout')
  let ok = true
  const requests: { connector: string; method: string; path: string; body: unknown }[] = []
  const diagnostics: ReturnType<Core['machineDiagnostic']>[] = []
  for (const input of inputs) {
    const result = core.compileSpec(input.text, { file: input.name, bases: input.bases, now, operation, ...profiles, ...(defaultZone !== undefined ? { defaultZone } : {}) })
    ok &&= result.ok
    diagnostics.push(...result.diagnostics.map(core.machineDiagnostic))
    for (const r of result.requests) requests.push({ connector: r.connector, method: r.method, path: r.path, body: r.body })
    if (text) {
      for (const r of result.requests) {
        const where = result.source ? `${result.source.platform.id} gateway ${result.source.platform.gateway}` : ''
        io.stdout(`${c.dim(`# ${input.name}: ${JSON.stringify(r.connector)}${where ? ` (${where})` : ''}`)}\n${c.bold(`${r.method} ${r.path}`)}\n${JSON.stringify(r.body, null, 2)}\n`)
      }
    }
    if (result.diagnostics.length > 0 && !(io.quiet && result.ok)) {
      io.stderr(core.renderSpecDiagnostics(input.text, result.diagnostics, { color: io.color.stderr, file: input.name, sources }))
    }
  }
  if (format !== 'text') {
    const report = await import('@scanplan/report')
    const document: import('@scanplan/report').CompileDocument = { format: report.FORMATS.compile, ok, requests, diagnostics }
    if (format === 'json') printJson(io, document)
    else if (format === 'markdown') io.stdout(report.compileMarkdown(document, { sources }))
    else if (format === 'github') io.stdout(report.workflowCommands(diagnostics, sources))
    else printJson(io, report.sarifLog(diagnostics, { sources, version: (await import('../version.js')).version }))
  }
  return ok ? ExitCode.ok : ExitCode.failure
}
