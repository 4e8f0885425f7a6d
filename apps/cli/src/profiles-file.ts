import type { CompileSpecOptions } from '@scanplan/core'
import { CommandError } from './command-error.js'
import { ExitCode } from './exit-codes.js'
import { readInput } from './input.js'
import type { CommandIO } from './io.js'

/** A `--profiles` file as compile options: one mapping of titles to ids, or such mappings keyed by `source.site`. */
export type ProfilesOption = Pick<CompileSpecOptions, 'profiles'> | Pick<CompileSpecOptions, 'profilesBySite'>

/**
 * Reads a `--profiles` file (`compile`, `plan`, `apply`); a broken one is rendered like a spec error (exit 1).
 */
export async function readProfilesFile(io: CommandIO, path: string): Promise<ProfilesOption> {
  const core = await import('@scanplan/core')
  const input = await readInput(io, path)
  const result = core.loadProfiles(input.text, { file: input.name })
  if (result.ok) return result.bySite ? { profilesBySite: result.bySite } : { profiles: result.profiles }
  io.stderr(core.renderDiagnostics(input.text, result.diagnostics, { color: io.color.stderr, file: input.name }))
  throw new CommandError(`\`${input.name}\` is not a usable profiles mapping`, ExitCode.failure, 'write one `"Initial Options": 240981` line per option profile, or one `site:` section of such lines per account')
}
