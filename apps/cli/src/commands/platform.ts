import type { ParsedArgs } from '../parsed-args.js'
import { ExitCode } from '../exit-codes.js'
import type { CommandIO } from '../io.js'
import { colorsFor, printJson } from '../output.js'
import { UsageError } from '../usage-error.js'

/** `scanplan platform USERNAME`: the Qualys platform the username's identifier picks, with its URLs. */
export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  const [username, ...extra] = args.positionals
  if (username === undefined) throw new UsageError('missing the Qualys username', 'write `scanplan platform acme3ab1`')
  if (extra.length > 0) throw new UsageError(`one username at a time (also got \`${extra.join(' ')}\`)`)
  const [{ resolvePlatform }, { machineDiagnostic }] = await Promise.all([import('@scanplan/core/platform'), import('@scanplan/core/schedule')])
  const result = resolvePlatform({ username })
  const diagnostics = result.diagnostics.map(machineDiagnostic)
  if (args.values.json === true) {
    const p = result.ok ? result.platform : undefined
    printJson(io, { ok: result.ok, username, platform: p ? { id: p.id, ...(p.identifier !== undefined ? { identifier: p.identifier } : {}), apiServer: p.apiServer, gateway: p.gateway, ui: p.ui } : null, diagnostics })
    return result.ok ? ExitCode.ok : ExitCode.failure
  }
  if (!result.ok) {
    const { renderDiagnostics } = await import('@scanplan/core/schedule')
    io.stderr(renderDiagnostics(username, result.diagnostics, { color: io.color.stderr }))
    return ExitCode.failure
  }
  const c = colorsFor(io, 'stdout')
  const p = result.platform
  io.stdout(
    `${c.bold(p.id)} (platform identifier \`${p.identifier ?? '?'}\` in ${username})\n` +
      `  API server  ${p.apiServer}   /api/2.0/ (session or Basic)\n` +
      `  gateway     ${p.gateway}   /auth, /connectors/v1.0/ (bearer token)\n` +
      `  UI          ${p.ui}\n`,
  )
  return ExitCode.ok
}
