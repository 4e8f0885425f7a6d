import { readFile } from 'node:fs/promises'
import * as core from '@actions/core'
import { annotationOf, planCounts, planMarkdown, type ErrorDocument, type PlanDocument } from '@scanplan/report'
import { InputError, readActionInputs, type ActionInputs } from './action-inputs.js'
import { runScanplan } from './cli-in-process.js'
import { expandSpecs, SpecPathError } from './spec-paths.js'

/** The command line the inputs mean: always `--format json`, so that the Action reads one versioned document. */
function scanplanArgv(inputs: ActionInputs, specs: readonly string[]): string[] {
  const target = inputs.target !== undefined ? ['--target', inputs.target] : []
  if (inputs.command === 'plan') {
    return ['plan', ...specs, ...target, '--format', 'json', ...(inputs.detailedExitcode ? ['--detailed-exitcode'] : []), ...(inputs.planFile !== undefined ? ['--out', inputs.planFile] : [])]
  }
  // The review is the pull request's plan; a workflow has no terminal to confirm on.
  return ['apply', ...(inputs.planFile !== undefined ? [inputs.planFile] : specs), ...target, '--format', 'json', '--yes']
}

/** The texts of the specs, so that diagnostics' spans become lines and columns (a saved plan's are not read again). */
async function readSources(files: readonly string[]): Promise<Map<string, string>> {
  const entries = await Promise.all(files.map(async (f) => [f, await readFile(f, 'utf8').catch(() => undefined)] as const))
  return new Map(entries.filter((e): e is readonly [string, string] => e[1] !== undefined))
}

function annotate(document: PlanDocument, sources: Map<string, string>): void {
  for (const d of document.diagnostics) {
    const a = annotationOf(d, sources)
    const properties: core.AnnotationProperties = {
      title: a.title,
      ...(a.file !== undefined ? { file: a.file } : {}),
      ...(a.line !== undefined ? { startLine: a.line } : {}),
      ...(a.endLine !== undefined ? { endLine: a.endLine } : {}),
      ...(a.col !== undefined ? { startColumn: a.col } : {}),
      ...(a.endColumn !== undefined ? { endColumn: a.endColumn } : {}),
    }
    if (a.level === 'error') core.error(a.message, properties)
    else if (a.level === 'warning') core.warning(a.message, properties)
    else core.notice(a.message, properties)
  }
}

function parseDocument(stdout: string): PlanDocument | ErrorDocument | undefined {
  try {
    const document = JSON.parse(stdout) as { format?: unknown }
    return typeof document.format === 'string' && /^scanplan\.(plan|apply|error)\/1$/.test(document.format) ? (document as PlanDocument | ErrorDocument) : undefined
  } catch {
    return undefined
  }
}

const exitMeanings: Record<number, string> = {
  1: 'a spec does not compile, a secret cannot be read, the plan is stale or a change failed',
  2: 'a usage error',
  3: 'Qualys refused the credentials or could not be reached',
  130: 'interrupted',
}

/**
 * The Action: plan (or apply) the specs with the CLI, then the job summary (the plan as Markdown), the outputs
 * (`changes`, `creates`, `updates`, `plan-file`, `exit-code`) and one annotation per diagnostic on the spec's line.
 * Exits with the CLI's code (docs/cli.md): 0, 1, 2, 3, or 4 for a plan with changes under `detailed-exitcode`.
 */
export async function runAction(): Promise<void> {
  let inputs: ActionInputs
  let specs: string[]
  try {
    inputs = readActionInputs()
    specs = await expandSpecs(inputs.specs, process.cwd())
  } catch (error) {
    if (!(error instanceof InputError || error instanceof SpecPathError)) throw error
    core.setFailed(`scanplan: ${error.message}`)
    process.exitCode = 2
    return
  }
  const { exitCode, stdout } = await runScanplan(scanplanArgv(inputs, specs))
  const document = parseDocument(stdout)
  core.setOutput('exit-code', String(exitCode))
  if (document === undefined || document.format === 'scanplan.error/1') {
    const error = document?.error
    core.setFailed(`scanplan ${inputs.command}: ${error ? `${error.message}${error.help !== undefined ? ` (help: ${error.help})` : ''}` : `exit ${exitCode}, and no result document on stdout: see the log above`}`)
    process.exitCode = exitCode === 0 ? 1 : exitCode
    return
  }
  const sources = await readSources(specs)
  const counts = planCounts(document.changes)
  core.setOutput('changes', String(counts.changes))
  core.setOutput('creates', String(counts.creates))
  core.setOutput('updates', String(counts.updates))
  // Written only by a plan without errors (the CLI says so on the log otherwise).
  const saved = inputs.command === 'plan' && inputs.planFile !== undefined && document.ok
  core.setOutput('plan-file', saved ? inputs.planFile : '')
  annotate(document, sources)
  const markdown = planMarkdown(document, { sources })
  // The runner always names a summary file; run by hand (`node apps/action/dist/index.cjs`) the plan goes to the log.
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
  else core.info(markdown)
  if (exitCode === 4 && inputs.command === 'plan') {
    core.setFailed(`scanplan plan: ${counts.changes} change${counts.changes === 1 ? '' : 's'} to apply (detailed-exitcode: exit 4 means the plan has changes)`)
  } else if (exitCode !== 0) {
    const errors = document.diagnostics.filter((d) => d.severity === 'error').length
    core.setFailed(`scanplan ${inputs.command}: exit ${exitCode} (${exitMeanings[exitCode] ?? 'failed'})${errors > 0 ? `; ${errors} error${errors === 1 ? '' : 's'}, annotated on the specs and listed in the job summary` : ''}`)
  }
  process.exitCode = exitCode
}
