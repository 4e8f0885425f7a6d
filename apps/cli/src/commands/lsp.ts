import type { ParsedArgs } from '../parsed-args.js'
import type { CommandIO } from '../io.js'
import { UsageError } from '../usage-error.js'

/**
 * `scanplan lsp --stdio`: the language server (`@scanplan/language-server`) on stdin/stdout for an editor. It
 * runs until the editor sends `exit` or closes the pipe; the protocol library then ends the process with LSP's
 * exit code (0 after `shutdown`, 1 otherwise), so this promise never settles on its own.
 */
export async function run(args: ParsedArgs, _io: CommandIO): Promise<number> {
  if (args.values.stdio !== true) throw new UsageError('`scanplan lsp` talks to the editor over stdio', 'write `scanplan lsp --stdio` in the editor\'s language server settings (docs/editors.md)')
  if (args.positionals.length > 0) throw new UsageError(`\`scanplan lsp\` takes no arguments (got \`${args.positionals.join(' ')}\`)`, 'write `scanplan lsp --stdio`')
  const { startStdioServer } = await import('@scanplan/language-server')
  startStdioServer()
  return new Promise<number>(() => {})
}
