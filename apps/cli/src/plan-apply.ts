import { resolve } from 'node:path'
import type { BudgetWait, SpecApply, SpecPlan } from '@scanplan/qualys'
import { nowFlag, type ParsedArgs } from './parsed-args.js'
import { ExitCode } from './exit-codes.js'
import { readInputs } from './input.js'
import type { CommandIO } from './io.js'
import { colorsFor, info, outputFormat, printJson } from './output.js'
import { createProgress, type Progress } from './progress.js'
import { openTarget } from './qualys-target.js'
import { UsageError } from './usage-error.js'
import { onEarlyExit } from './exit-cleanup.js'
import { isUnmanaged, renderChange } from './plan-output.js'
import { accountLines, renderAccounts } from './account-summary.js'
import { readProfilesFile } from './profiles-file.js'
import { readSpecBases, specSources } from './spec-bases.js'

/** Writes a file only its owner can read, whole or not at all (a temporary file renamed over it). */
async function writePrivateFile(path: string, text: string): Promise<void> {
  const { writeFile, rename, chmod } = await import('node:fs/promises')
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, text, { mode: 0o600 })
  await chmod(tmp, 0o600)
  await rename(tmp, path)
}

/** `acme3ab1: waiting for the gateway's budget (300 calls per 3600 s) until 14:05:09 UTC (52 min)`. */
function budgetWaitLine(wait: BudgetWait, describeWait: (seconds: number) => string): string {
  const budget = wait.limit !== undefined && wait.windowSec !== undefined ? `${wait.limit} call${wait.limit === 1 ? '' : 's'} per ${wait.windowSec} s` : 'its limit headers were blank'
  const refused = wait.cause === 'refused' ? ', refused with HTTP 429' : ''
  return `${wait.account}: waiting for the gateway's budget (${budget}${refused}) until ${wait.until.toISOString().slice(11, 19)} UTC (${describeWait(wait.waitMs / 1000)}); Ctrl-C stops, and running it again goes on where it stopped`
}

/** 3 when any spec failed on the network or the login, else 1 when any failed to plan or any change failed. */
function exitCodeOf(specs: SpecApply[]): number {
  if (specs.some((s) => s.failure === 'auth' || s.failure === 'network')) return ExitCode.unreachable
  if (specs.some((s) => s.error !== undefined || s.diagnostics.some((d) => d.severity === 'error'))) return ExitCode.failure
  if (specs.some((s) => (s.applied ?? []).some((c) => c.result.status === 'failed'))) return ExitCode.failure
  return ExitCode.ok
}

/**
 * Asks on stderr and reads the first line of stdin. An interrupt (Ctrl-C, SIGTERM: `signal` aborts) ends the wait at
 * once with "no": a prompt must never keep a run, and its session, alive after the user said stop.
 */
async function confirm(io: CommandIO, signal: AbortSignal): Promise<boolean> {
  io.stderr('\nApply these changes to Qualys? Only `yes` is accepted: ')
  // The first line of stdin is the answer; a terminal sends it on Enter.
  const answer = await new Promise<string>((resolve) => {
    let text = ''
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString()
      if (text.includes('\n')) done()
    }
    const done = () => {
      io.stdin.off('data', onData)
      io.stdin.off('end', done)
      signal.removeEventListener('abort', done)
      io.stdin.pause()
      resolve(signal.aborted ? '' : text.split('\n')[0]!.trim())
    }
    io.stdin.on('data', onData)
    io.stdin.once('end', done)
    if (signal.aborted) return done()
    signal.addEventListener('abort', done, { once: true })
  })
  if (signal.aborted) io.stderr('\n')
  return answer === 'yes'
}

/**
 * `scanplan plan` and `scanplan apply`: read the specs, compile them, resolve option profile titles and read the
 * live connectors of each account (credentials from the environment or files the spec names), then print the plan;
 * apply also makes it so. Sessions are logged out at the end, on errors and on Ctrl-C.
 */
export async function runPlanApply(args: ParsedArgs, io: CommandIO, mode: 'plan' | 'apply'): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('give at least one spec file', `e.g. \`scanplan ${mode} examples/acme-azure-org.yaml --target sim\``)
  const format = outputFormat(args.values)
  const now = nowFlag(args.values.now)
  const named = (args.values.connector as string[] | undefined) ?? []
  const rotate = args.values['rotate-secrets'] === true
  if (named.length > 0 && !rotate) throw new UsageError('--connector says which connectors get their secret sent again', 'add --rotate-secrets, or drop --connector')
  const prune = args.values.prune === true
  const keepGoing = args.values['keep-going'] === true
  const inputs = await Promise.all((await readInputs(io, args.positionals)).map((input) => readSpecBases(io, input)))
  const profiles = typeof args.values.profiles === 'string' ? await readProfilesFile(io, args.values.profiles) : {}
  if (mode === 'apply' && args.values.yes !== true && inputs.some((i) => i.name === '<stdin>')) {
    throw new UsageError('`apply -` reads the spec from stdin, so it cannot ask for confirmation', 'add --yes')
  }
  const target = await openTarget(args.values.target, io)
  const controller = new AbortController()
  const onSignal = (signal: NodeJS.Signals) => {
    info(io, `interrupted (${signal}): stopping and logging out`)
    controller.abort(new Error('interrupted'))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const [{ planSpecs, applySpecs, parseSavedPlan, loadSavedPlan, savePlan, splitAccounts, describeWait }, { createQualysPool, createSecretReader, secretsOfSpecFiles }, { renderSpecDiagnostics }, formats, { version }] = await Promise.all([
    import('@scanplan/qualys'),
    import('@scanplan/connect'),
    import('@scanplan/core'),
    import('@scanplan/report'),
    import('./version.js'),
  ])
  const out = colorsFor(io, 'stdout')
  let progress: Progress | undefined
  const report = (line: string) => (progress ? progress.log(line) : info(io, line))
  const secretsOf = secretsOfSpecFiles({ env: io.env, cwd: io.cwd })
  const pool = createQualysPool({
    ...(target.url ? { target: target.url } : {}),
    ...(io.strategiesFor ? { strategiesFor: io.strategiesFor } : {}),
    signal: controller.signal,
    userAgent: `scanplan/${version}`,
    onEvent: (e) => {
      if (e.type === 'retry') report(`waiting ${(e.waitMs / 1000).toFixed(1)} s before retrying ${e.method} ${e.target}: ${e.reason}`)
    },
    onBudgetWait: (wait) => report(budgetWaitLine(wait, describeWait)),
  })
  // A reader that closes stdout (`plan | head -1`) ends the process early: log out first.
  const forgetEarlyExit = onEarlyExit(async () => {
    await pool.closeAll()
    await target.stop()
  })
  const texts = specSources(inputs)
  // `apply FILE` with a file `plan --out` wrote applies exactly that plan (after checking it is not stale).
  const saved = mode === 'apply' && inputs.length === 1 ? parseSavedPlan(inputs[0]!.text) : undefined
  if (saved && (prune || rotate || args.values.now !== undefined || args.values.profiles !== undefined)) {
    throw new UsageError('a saved plan is applied as it was planned', 'drop --prune, --rotate-secrets, --now and --profiles (give them to `scanplan plan --out FILE`)')
  }
  const outFile = typeof args.values.out === 'string' ? args.values.out : undefined
  const printDiagnostics = (specs: SpecPlan[]) => {
    for (const spec of specs) {
      if (spec.diagnostics.length > 0) io.stderr(renderSpecDiagnostics(texts.get(spec.file) ?? '', spec.diagnostics, { color: io.color.stderr, file: spec.file, sources: texts }))
      if (spec.error !== undefined) io.stderr(`${colorsFor(io, 'stderr').red('error')}: ${spec.file}: ${spec.error}\n`)
    }
  }
  try {
    progress = inputs.length > 1 ? await createProgress(io, { total: inputs.length, title: 'planning' }) : undefined
    const planned = saved
      ? await loadSavedPlan(saved, pool, { secretsIn: (baseDir) => createSecretReader({ env: io.env, baseDir }) })
      : await planSpecs(
          inputs.map((i) => ({ file: i.name, text: i.text, bases: i.bases })),
          pool,
          { secretsOf, now, onSpecDone: (s) => progress?.tick(s.file), prune, ...profiles, ...(rotate ? { rotateSecrets: named.length > 0 ? named : (true as const) } : {}) },
        )
    if (saved) for (const spec of saved.specs) texts.set(spec.file, '')
    progress?.stop()
    progress = undefined
    const failed = exitCodeOf(planned)
    // --keep-going: the accounts whose every spec planned go ahead; the others are held back and listed at the end.
    const accounts = keepGoing ? splitAccounts(planned, { prune }) : undefined
    const ready = accounts ? accounts.filter((a) => a.problem === undefined).flatMap((a) => a.specs) : planned
    const heldSpecs = planned.filter((s) => !ready.includes(s))
    if (rotate && named.length > 0) {
      const known = new Set(planned.flatMap((s) => (s.plan?.changes ?? []).filter((c) => c.action !== 'unmanaged').flatMap((c) => [c.connector, String(c.id)])))
      const unknown = named.filter((n) => !known.has(n))
      if (unknown.length > 0) throw new UsageError(`--connector ${unknown.map((n) => JSON.stringify(n)).join(', ')}: no managed connector of these specs has that name or id`, 'name a connector of the specs (its spec name, or its Qualys id)')
    }
    const hasChanges = ready.some((s) => s.plan?.changes.some((c) => c.action !== 'noop' && c.action !== 'unmanaged'))

    /** `done`: what apply did, for the per-account summary of --keep-going. */
    const documentOf = (specs: SpecApply[], as: 'plan' | 'apply', done?: SpecApply[]) => ({
      ...formats.planDocument(specs, as),
      ...(accounts ? { accounts: accountLines(accounts, done, mode) } : {}),
    })
    // A saved plan's specs are not read again, so their diagnostics have no lines to point at.
    const sources: Map<string, string> = saved ? new Map() : texts
    /** The machine formats print one document (json, sarif, markdown); github adds annotations after the text. */
    const printDocument = (specs: SpecApply[], as: 'plan' | 'apply', done?: SpecApply[]) => {
      const document = documentOf(specs, as, done)
      if (format === 'json') printJson(io, document)
      else if (format === 'markdown') io.stdout(formats.planMarkdown(document, { sources }))
      else if (format === 'sarif') printJson(io, formats.sarifLog(document.diagnostics, { sources, version }))
      else if (format === 'github') io.stdout(formats.workflowCommands(document.diagnostics, sources))
    }
    const textual = format === 'text' || format === 'github'
    const summary = (specs: SpecApply[], as: 'plan' | 'apply') => formats.summaryLine(formats.planDocument(specs, as).changes, as)
    const printAccounts = (done?: SpecApply[]) => {
      if (accounts) io.stdout(`${renderAccounts(accountLines(accounts, done, mode), done, mode, out, (specs) => summary(specs, 'apply'))}\n`)
    }
    const printHuman = (specs: SpecApply[]) => {
      for (const spec of specs) {
        const changes = spec.applied ?? spec.plan?.changes
        if (!changes) continue
        const account = spec.source ? ` (${spec.source.site}: ${spec.source.username} on ${target.url ?? spec.source.platform.id})` : ''
        io.stdout(`${out.bold(spec.file)}${account}\n`)
        const managed = changes.filter((c) => !isUnmanaged(c))
        const unmanaged = changes.filter(isUnmanaged)
        for (const change of managed) io.stdout(`${renderChange(change, out)}\n`)
        if (unmanaged.length > 0) {
          io.stdout(`\n  Connectors of this account that no spec names (apply --prune disables them; nothing is ever deleted):\n`)
          for (const change of unmanaged) io.stdout(`${renderChange(change, out)}\n`)
        }
        io.stdout('\n')
      }
    }

    if (mode === 'plan' || (failed !== ExitCode.ok && ready.length === 0) || (failed !== ExitCode.ok && !keepGoing)) {
      // An apply with any spec that could not be planned changes nothing (no half-applied runs), unless --keep-going
      // lets the accounts that planned go ahead.
      printDiagnostics(planned)
      if (textual) {
        printHuman(planned)
        if (failed === ExitCode.ok || (mode === 'plan' && ready.length > 0 && keepGoing)) io.stdout(`${summary(ready, 'plan')}\n`)
        else if (mode === 'apply') info(io, 'nothing was applied')
        printAccounts()
      }
      printDocument(planned, 'plan')
      const saveable = failed === ExitCode.ok || (keepGoing && ready.length > 0)
      if (outFile && !saveable) info(io, `${outFile} was not written: the plan has errors`)
      if (outFile && saveable) {
        const saving = savePlan(ready, { cwd: io.cwd, prune })
        if (saving) {
          await writePrivateFile(resolve(io.cwd, outFile), `${JSON.stringify(saving, null, 2)}\n`)
          info(io, `saved the plan to ${outFile} (no secret values; mode 0600): apply it with \`scanplan apply ${outFile}\``)
          if (heldSpecs.length > 0) info(io, `the plan leaves out the accounts that could not be planned (${heldSpecs.map((s) => s.file).join(', ')})`)
        }
      }
      if (failed !== ExitCode.ok) return controller.signal.aborted ? ExitCode.interrupted : failed
      return hasChanges && args.values['detailed-exitcode'] === true ? ExitCode.changes : ExitCode.ok
    }

    printDiagnostics(planned)
    if (!hasChanges) {
      const unchanged = ready.map((s) => ({ ...s, applied: s.plan!.changes.map((c) => ({ ...c, result: { status: 'unchanged' as const, ...(c.id !== undefined ? { id: c.id } : {}) } })) }))
      if (textual) {
        io.stdout('No changes: the connectors match the specs.\n')
        printAccounts(unchanged)
      }
      printDocument([...unchanged, ...heldSpecs], 'apply', unchanged)
      return failed
    }
    if (args.values.yes !== true) {
      if (!io.isTTY.stdin || format !== 'text') throw new UsageError('apply changes Qualys and there is no terminal to confirm on', 'review `scanplan plan`, then run apply with --yes')
      printHuman(ready)
      const disabling = ready.flatMap((s) => (s.plan?.changes ?? []).filter((c) => c.action === 'disable' || c.status === 'disable'))
      if (disabling.length > 0) io.stderr(`\nThese connectors will be disabled (not deleted): ${disabling.map((c) => `"${c.connector}" (id ${c.id ?? 'new'})`).join(', ')}\n`)
      if (!(await confirm(io, controller.signal))) {
        info(io, 'not applied')
        return controller.signal.aborted ? ExitCode.interrupted : ExitCode.failure
      }
    }
    if (controller.signal.aborted) return ExitCode.interrupted
    // Progress per change: a paced apply can take an hour, and each change is one or two calls.
    const toApply = ready.reduce((n, s) => n + (s.plan?.changes ?? []).filter((c) => c.action !== 'noop' && c.action !== 'unmanaged').length, 0)
    progress = toApply > 1 ? await createProgress(io, { total: toApply, title: 'applying' }) : undefined
    const applied = await applySpecs(ready, {
      secretsOf,
      onRecover: (connector, reason) => report(`${connector}: ${reason}; listing connectors by name before going on`),
      onChange: (c) => {
        if (c.result) progress?.tick(`${JSON.stringify(c.connector)} ${c.result.status}`)
      },
    })
    progress?.stop()
    progress = undefined
    if (textual) {
      printHuman(applied)
      io.stdout(`${summary(applied, 'apply')}\n`)
      printAccounts(applied)
    }
    printDocument([...applied, ...heldSpecs], 'apply', applied)
    if (controller.signal.aborted) return ExitCode.interrupted
    return exitCodeOf([...applied, ...heldSpecs])
  } finally {
    progress?.stop()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    forgetEarlyExit()
    await pool.closeAll()
    await target.stop()
  }
}

