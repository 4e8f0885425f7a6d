import { readFile } from 'node:fs/promises'
import type { ParsedArgs } from '../parsed-args.js'
import { ExitCode } from '../exit-codes.js'
import type { CommandIO } from '../io.js'
import { resolveFromPackage } from '../package-location.js'
import { UsageError } from '../usage-error.js'

/** `scanplan schema`: the spec's JSON Schema (draft-07), the file `@scanplan/core/schema.json` ships. */
export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`\`scanplan schema\` takes no arguments (got \`${args.positionals.join(' ')}\`)`, 'write `scanplan schema > schema.json`')
  const text = await readFile(resolveFromPackage('@scanplan/core/schema.json'), 'utf8')
  io.stdout(text.endsWith('\n') ? text : `${text}\n`)
  return ExitCode.ok
}
