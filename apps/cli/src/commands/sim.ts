import { portFlag, type ParsedArgs } from '../parsed-args.js'
import { CommandError } from '../command-error.js'
import { ExitCode } from '../exit-codes.js'
import type { CommandIO } from '../io.js'
import { info, printJson } from '../output.js'
import { UsageError } from '../usage-error.js'

const DEFAULT_PORT = 4790

export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument \`${args.positionals[0]}\``)
  const port = portFlag(args.values.port, DEFAULT_PORT)
  const { resolve } = await import('node:path')
  const { startSimulator, parseVariantList, FixtureError, StateFileError, VariantError } = await import('@scanplan/qualys-sim')
  const given = args.values.variant
  let variants: ReturnType<typeof parseVariantList> = []
  try {
    variants = (Array.isArray(given) ? given : given === undefined ? [] : [given]).flatMap((v) => parseVariantList(String(v)))
  } catch (error) {
    if (error instanceof VariantError) throw new UsageError(error.message, 'see docs/simulator.md for what each variant plays')
    throw error
  }
  const fixture = typeof args.values.fixture === 'string' ? resolve(io.cwd, args.values.fixture) : undefined
  const stateFile = typeof args.values.state === 'string' ? resolve(io.cwd, args.values.state) : undefined
  // The admin token is a secret: taken from the environment only, never from a flag, never printed.
  const adminToken = io.env.SCANPLAN_SIM_ADMIN_TOKEN || undefined
  let sim: Awaited<ReturnType<typeof startSimulator>>
  try {
    sim = await startSimulator({ port, variants, ...(fixture ? { fixture } : {}), ...(stateFile ? { stateFile } : {}), ...(adminToken ? { adminToken } : {}) })
  } catch (error) {
    if (error instanceof FixtureError) throw new CommandError(error.message, ExitCode.failure, 'fix the fixture, or leave out --fixture to use the default one')
    if (error instanceof StateFileError) throw new CommandError(error.message, ExitCode.failure)
    if (error instanceof VariantError) throw new CommandError(error.message, ExitCode.failure, 'see docs/simulator.md for what each variant plays')
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw new CommandError(`port ${port} on 127.0.0.1 is in use`, ExitCode.failure, 'choose another with `--port N`, or `--port 0` for any free port')
    throw error
  }
  const state = sim.admin.state()
  if (args.values.json === true) {
    printJson(io, {
      url: sim.url,
      port: sim.port,
      variants: sim.variants,
      subscriptions: state.subscriptions.map((s) => ({ id: s.id, platform: s.platform, company: s.company, users: s.users.map((u) => u.username) })),
    })
  } else {
    // The URL is the command's output (scripts read it, notably with --port 0); the rest is for the human.
    io.stdout(`${sim.url}\n`)
  }
  const users = state.subscriptions.flatMap((s) => s.users.filter((u) => u.status === 'active' && !u.accountExpired).map((u) => `${u.username} (${s.platform})`))
  info(io, `Qualys simulator on ${sim.url} (API server and gateway); users: ${users.join(', ')}`)
  info(io, fixture ? `fixture: ${fixture}` : 'default fixture: its credentials are in examples/sim.env')
  if (stateFile) info(io, `state file: ${stateFile}`)
  if (sim.variants.length > 0) info(io, `playing variants: ${sim.variants.join(', ')}`)
  info(io, adminToken ? 'admin endpoints /__admin/ enabled (token from SCANPLAN_SIM_ADMIN_TOKEN)' : 'admin endpoints /__admin/ need SCANPLAN_SIM_ADMIN_TOKEN in the environment')
  info(io, 'press Ctrl+C to stop')
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      void sim.stop().then(done, done)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  info(io, 'simulator stopped')
  return ExitCode.ok
}
