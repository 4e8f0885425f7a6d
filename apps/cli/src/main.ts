import { parseArgs } from 'node:util'
import { commands, globalOptions, type CommandEntry, type OptionSpec } from './command-table.js'
import type { ParsedArgs } from './parsed-args.js'
import { CommandError } from './command-error.js'
import { ExitCode } from './exit-codes.js'
import { commandHelp, mainHelp } from './help.js'
import { decideColor, type CommandIO } from './io.js'
import { argvAsksForJson, printErrorDocument } from './error-document.js'
import { UsageError } from './usage-error.js'

// For programs that run the CLI in-process (the GitHub Action, apps/action): the version to pass to main.
export { version } from './version.js'

export interface ProcessLike {
  argv: string[]
  env: Record<string, string | undefined>
  cwd: string
  /** Read only by a command that needs it (bin.ts builds process.stdin on first read: a cost --help must not pay). */
  stdin: CommandIO['stdin'] & { isTTY?: boolean }
  stdout: { write(s: string): unknown; isTTY?: boolean }
  stderr: { write(s: string): unknown; isTTY?: boolean }
  /** The stream for progress bars and prompts when `stderr` is not one; read, like stdin, only when needed. */
  stderrStream?: CommandIO['stderrStream']
}

async function didYouMean(word: string, candidates: string[]): Promise<string | undefined> {
  // Loaded only on this error path: the suggestion module is tiny, but --help must import nothing extra.
  const { closestWords } = await import('@scanplan/core/suggest')
  const [best] = closestWords(word, candidates, 1)
  return best
}

function toParseConfig(options: Record<string, OptionSpec>) {
  return Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
    ]),
  )
}

async function parseCommandArgs(command: CommandEntry, argv: string[]): Promise<ParsedArgs> {
  const options = { ...command.options, ...globalOptions }
  try {
    const { values, positionals } = parseArgs({ args: argv, options: toParseConfig(options), allowPositionals: true, strict: true })
    return { values: values as ParsedArgs['values'], positionals }
  } catch (error) {
    const message = (error as Error).message
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1]
    if (unknown) {
      const suggestion = await didYouMean(unknown.replace(/^-+/, ''), Object.keys(options))
      throw new UsageError(`unknown option \`${unknown}\` for \`scanplan ${command.name}\``, suggestion ? `did you mean \`--${suggestion}\`?` : undefined)
    }
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, ''))
  }
}

const leadingGlobalFlags = new Set(['--no-color', '--quiet', '-q', '--json'])

/** What a program that runs `main` may plug in; the bin passes nothing. */
export interface CliWiring {
  strategiesFor?: CommandIO['strategiesFor']
}

export async function main(proc: ProcessLike, version: string, wiring: CliWiring = {}): Promise<number> {
  const argv = proc.argv
  // Global flags may come before the command (`scanplan --no-color doctor`); they are handed to the command.
  const leading: string[] = []
  let start = 0
  while (start < argv.length && leadingGlobalFlags.has(argv[start]!)) leading.push(argv[start++]!)
  const [first, ...afterCommand] = argv.slice(start)
  const rest = [...afterCommand, ...leading]
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const asked = first === 'help' && rest[0] !== undefined && !rest[0].startsWith('-') ? rest[0] : undefined
    const target = asked === undefined ? undefined : commands.find((c) => c.name === asked)
    if (asked !== undefined && !target) {
      const suggestion = await didYouMean(asked, commands.map((c) => c.name))
      proc.stderr.write(`error: unknown command \`${asked}\`\nhelp: ${suggestion ? `did you mean \`scanplan help ${suggestion}\`?` : 'run `scanplan --help` for the list of commands'}\n`)
      return ExitCode.usage
    }
    proc.stdout.write(target ? commandHelp(target) : mainHelp(version))
    return first === undefined && proc.stdout.isTTY !== true ? ExitCode.usage : ExitCode.ok
  }
  if (first === '--version' || first === '-V') {
    proc.stdout.write(`${version}\n`)
    return ExitCode.ok
  }
  const command = commands.find((c) => c.name === first)
  // `--help` wins over everything else on the line, even flags that would not parse (clig.dev).
  const helpAt = rest.findIndex((a) => a === '--help' || a === '-h' || a === '--')
  if (command && helpAt !== -1 && rest[helpAt] !== '--') {
    proc.stdout.write(commandHelp(command))
    return ExitCode.ok
  }

  const noColor = argv.includes('--no-color')
  // Getters, so that the streams behind stdin and stderrStream (and node:tty behind isTTY) are touched only by a
  // command that asks: most commands never read stdin or draw a progress bar.
  const io: CommandIO = {
    stdout: (t) => void proc.stdout.write(t),
    stderr: (t) => void proc.stderr.write(t),
    get stdin() {
      return proc.stdin
    },
    env: proc.env,
    cwd: proc.cwd,
    color: { stdout: decideColor(proc.stdout, proc.env, noColor), stderr: decideColor(proc.stderr, proc.env, noColor) },
    isTTY: {
      get stdin() {
        return proc.stdin.isTTY === true
      },
      get stdout() {
        return proc.stdout.isTTY === true
      },
      get stderr() {
        return proc.stderr.isTTY === true
      },
    },
    quiet: argv.includes('--quiet') || argv.includes('-q'),
    get stderrStream() {
      return proc.stderrStream ?? proc.stderr
    },
    ...(wiring.strategiesFor ? { strategiesFor: wiring.strategiesFor } : {}),
  }
  try {
    if (!command) {
      const suggestion = await didYouMean(first, commands.map((c) => c.name))
      throw new UsageError(
        first.startsWith('-') ? `unknown option \`${first}\`` : `unknown command \`${first}\``,
        suggestion ? `did you mean \`scanplan ${suggestion}\`?` : 'run `scanplan --help` for the list of commands',
      )
    }
    const args = await parseCommandArgs(command, rest)
    const module = await command.load()
    return await module.run(args, io)
  } catch (error) {
    if ((error instanceof UsageError || error instanceof CommandError) && argvAsksForJson(rest)) {
      await printErrorDocument(io, { message: error.message, help: error.help, exitCode: error instanceof UsageError ? ExitCode.usage : error.exitCode })
    }
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n`)
      if (error.help) io.stderr(`help: ${error.help}\n`)
      if (command) io.stderr(`usage: ${command.usage}\n`)
      return ExitCode.usage
    }
    if (error instanceof CommandError) {
      io.stderr(`error: ${error.message}\n`)
      if (error.help) io.stderr(`help: ${error.help}\n`)
      return error.exitCode
    }
    throw error
  }
}
