import { portFlag, type ParsedArgs } from '../parsed-args.js'
import { CommandError } from '../command-error.js'
import { ExitCode } from '../exit-codes.js'
import type { CommandIO } from '../io.js'
import { info } from '../output.js'
import { UsageError } from '../usage-error.js'

/** The service's package, and how a user who has not installed it learns to. */
const webhookPackage = '@scanplan/webhook'

/**
 * The webhook service is an optional peer dependency of the CLI: it brings Express and the SQLite and PostgreSQL
 * drivers (better-sqlite3 is a native module), which users who never run `serve` should not have to install. Only
 * the package itself being absent is turned into the install hint; an error inside it (a dependency of its own
 * missing, a native module that did not build) is reported as it is.
 */
async function importWebhookService(): Promise<typeof import('@scanplan/webhook')> {
  try {
    return await import(webhookPackage)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const missingItself = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && new RegExp(`(?:package|module) '${webhookPackage}'`).test((error as Error).message)
    if (!missingItself) throw error
    const { version } = await import('../version.js')
    throw new CommandError(
      `\`scanplan serve\` runs the webhook service from the package ${webhookPackage}, which is not installed (scanplan leaves it out by default: it brings an HTTP server and the SQLite and PostgreSQL drivers)`,
      ExitCode.failure,
      `install it beside scanplan, then run \`scanplan serve\` again: \`npm install ${webhookPackage}@${version}\` (or \`pnpm add ${webhookPackage}@${version}\`); see docs/webhook.md`,
    )
  }
}

/** Runs the webhook service in the foreground until SIGINT/SIGTERM. The service's URL is the output; logs go to stderr. */
export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument \`${args.positionals[0]}\``, 'the configuration is given with --config FILE')
  const port = portFlag(args.values.port, undefined)
  const target = typeof args.values.target === 'string' ? args.values.target : undefined
  const { resolve } = await import('node:path')
  const configFile = resolve(io.cwd, typeof args.values.config === 'string' ? args.values.config : 'webhook.config.yaml')
  const { ConfigError, runWebhookService, stopOnSignals } = await importWebhookService()
  let service: Awaited<ReturnType<typeof runWebhookService>>
  try {
    service = await runWebhookService({
      configFile,
      ...(port !== undefined ? { port } : {}),
      ...(target !== undefined ? { target } : {}),
      env: io.env,
      notice: (line) => info(io, line),
      logFd: 2,
    })
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandError(error.message, ExitCode.failure, 'see docs/webhook.md ("Configuration")')
    if ((error as Error).name === 'InboxInUseError') throw new CommandError((error as Error).message, ExitCode.failure)
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      throw new CommandError(`cannot listen: ${(error as Error).message}; another process holds the port`, ExitCode.failure, 'choose another with `--port N`, or `--port 0` for any free port')
    }
    throw error
  }
  // Like `scanplan sim`: the URL is the data (scripts read it, notably with --port 0); the rest is for the human.
  io.stdout(`${service.url}\n`)
  info(io, `webhook service on ${service.url}: POST signed spec deliveries to ${service.url}/hooks/spec (see docs/webhook.md)`)
  info(io, 'press Ctrl+C to stop')
  await stopOnSignals(service, (code) => process.exit(code))
  return ExitCode.ok
}
