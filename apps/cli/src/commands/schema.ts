import { readFile } from 'node:fs/promises'
import type { ParsedArgs } from '../parsed-args.js'
import { CommandError } from '../command-error.js'
import { ExitCode } from '../exit-codes.js'
import type { CommandIO } from '../io.js'
import { resolveFromPackage } from '../package-location.js'
import { UsageError } from '../usage-error.js'
import { version } from '../version.js'

/**
 * `scanplan schema`: the spec's JSON Schema (draft-07), the file `@scanplan/core/schema.json` ships;
 * `--webhook-config`: the webhook configuration's, from `@scanplan/webhook` (an optional peer, as for `serve`).
 */
export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`\`scanplan schema\` takes no arguments (got \`${args.positionals.join(' ')}\`)`, 'write `scanplan schema > schema.json`')
  const file = args.values['webhook-config'] === true ? webhookConfigSchema() : resolveFromPackage('@scanplan/core/schema.json')
  const text = await readFile(file, 'utf8')
  io.stdout(text.endsWith('\n') ? text : `${text}\n`)
  return ExitCode.ok
}

function webhookConfigSchema(): string {
  try {
    return resolveFromPackage('@scanplan/webhook/config-schema.json')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error
    throw new CommandError(
      'the webhook configuration\'s schema ships with the package @scanplan/webhook, which is not installed',
      ExitCode.failure,
      `install it beside scanplan: \`npm install @scanplan/webhook@${version}\`; or point the editor at https://raw.githubusercontent.com/scanplan/scanplan/main/apps/webhook/config-schema.json`,
    )
  }
}
