import type { CommandIO } from './io.js'

export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  multiple?: boolean
  /** Shown in --help, e.g. `ISO` for `--now ISO`. */
  valueName?: string
  description: string
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  positionals: string[]
}

/** What a command module (commands/NAME.ts) exports. Heavy imports stay inside `run`. */
export interface CommandModule {
  run(args: ParsedArgs, io: CommandIO): Promise<number>
}

/**
 * A command as the help screen knows it. The module itself is loaded only when the command runs, so
 * `scanplan --help` and `scanplan X --help` import nothing but this table.
 */
export interface CommandEntry {
  name: string
  summary: string
  usage: string
  examples: string[]
  options: Record<string, OptionSpec>
  load: () => Promise<CommandModule>
}

/** Options every command takes. */
export const globalOptions: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  'no-color': { type: 'boolean', description: 'never colour the output (NO_COLOR is honoured too)' },
  quiet: { type: 'boolean', short: 'q', description: 'print only the data and errors' },
}

export const commands: CommandEntry[] = []
