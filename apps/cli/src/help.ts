import { commands, globalOptions, type CommandEntry, type OptionSpec } from './command-table.js'

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`
    return [flag, o.description] as const
  })
  const width = Math.max(0, ...rows.map(([f]) => f.length))
  return rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`)
}

export function mainHelp(version: string): string {
  const examples = commands.flatMap((c) => c.examples.slice(0, 1))
  const width = Math.max(0, ...commands.map((c) => c.name.length))
  return [
    `scanplan ${version}: plain-language Qualys scan schedules and spec files, compiled into Qualys API calls`,
    '',
    'Examples:',
    ...examples.map((e) => `  $ ${e}`),
    '',
    'Usage: scanplan <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    ...optionLines({ ...globalOptions, version: { type: 'boolean', description: 'print the version' } }),
    '',
    'Exit codes: 0 ok, 1 input does not compile or a change failed, 2 usage error, 3 Qualys unreachable or login',
    'refused, 4 `plan --detailed-exitcode` found changes.',
    '',
    'Run `scanplan <command> --help` for a command\'s options. Docs: docs/cli.md',
    '',
  ].join('\n')
}

export function commandHelp(command: CommandEntry): string {
  return [
    `${command.summary}`,
    '',
    'Examples:',
    ...command.examples.map((e) => `  $ ${e}`),
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...optionLines({ ...command.options, ...globalOptions }),
    '',
  ].join('\n')
}
