import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startSimulator, type RunningSimulator } from '@scanplan/qualys-sim'
import { seedSpec, simEnv, specDir } from './test-support/plan-apply-specs.js'

/**
 * Interrupts and sessions, driven through the real CLI the way a user meets them: a terminal (a pty from
 * util-linux `script`) for the confirmation prompt, a real shell pipe for `| head -1`, signals for Ctrl-C.
 */
const bin = fileURLToPath(new URL('./bin.ts', import.meta.url))
const nodeArgs = ['--conditions=@scanplan/source', '--import', import.meta.resolve('tsx'), bin]
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
const cliLine = (args: string[]) => [process.execPath, ...nodeArgs, ...args].map(quote).join(' ')
const env = { PATH: process.env.PATH!, HOME: process.env.HOME!, TZ: 'UTC', ...simEnv }

interface Run {
  child: ChildProcess
  output: () => string
  stdout: () => string
  /** The exit code, or null when the run had to be killed after `limitMs`. */
  exit: Promise<number | null>
}

function start(command: string, args: string[], cwd: string, limitMs = 20_000): Run {
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  let stdout = ''
  child.stdout!.on('data', (d) => ((output += d), (stdout += d)))
  child.stderr!.on('data', (d) => (output += d))
  const exit = new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
      resolve(null)
    }, limitMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
  return { child, output: () => output, stdout: () => stdout, exit }
}

async function until(what: string, ready: () => boolean, limitMs = 20_000): Promise<void> {
  const started = Date.now()
  while (!ready()) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** A title is looked up through the v2 API: the run opens a v2 session, the one that must be logged out. */
const titled = seedSpec.replace('optionProfile: 240981', 'optionProfile: "Initial Options"')

const counters = (sim: RunningSimulator) => sim.admin.counters().subscriptions['1003451'] ?? { logins: 0, logouts: 0, connectorCreates: 0, gatewayRequests: 0 }

/** `apply` in a terminal (a pty), stopped at its prompt. */
async function atPrompt(sim: RunningSimulator): Promise<Run> {
  const dir = specDir({ 'acme.yaml': titled })
  // `exec`: the CLI replaces script's shell, so it is script's own child.
  const run = start('script', ['-qfec', `exec ${cliLine(['apply', 'acme.yaml', '--target', sim.url])}`, '/dev/null'], dir)
  await until('the confirmation prompt', () => run.output().includes('Only `yes` is accepted'))
  assert.is(counters(sim).logins, 1, 'logged in before the prompt')
  return run
}

const t = suite('interrupts and sessions (real CLI, pty and pipes)')

t('Ctrl-C at the confirmation prompt exits at once with 130, logged out, nothing applied', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const run = await atPrompt(sim)
    run.child.stdin!.write('\x03') // what a terminal sends for Ctrl-C: the pty turns it into SIGINT
    const code = await run.exit
    assert.is(code, 130, `exit ${code}; output:\n${run.output()}`)
    assert.match(run.output(), /interrupted \(SIGINT\): stopping and logging out/)
    assert.is(counters(sim).logouts, 1, 'the session was logged out')
    assert.is(counters(sim).connectorCreates, 0)
  } finally {
    await sim.stop()
  }
})

t('SIGTERM at the confirmation prompt: the same', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const run = await atPrompt(sim)
    // The CLI is the node process under `script`.
    const pid = Number(execFileSync('pgrep', ['-P', String(run.child.pid)]).toString().trim().split('\n')[0])
    process.kill(pid, 'SIGTERM')
    const code = await run.exit
    assert.is.not(code, null, `the run hung after SIGTERM:\n${run.output()}`)
    assert.match(run.output(), /interrupted \(SIGTERM\): stopping and logging out/)
    assert.is(counters(sim).logouts, 1)
    assert.is(counters(sim).connectorCreates, 0)
  } finally {
    await sim.stop()
  }
})

t('`plan | head -1` and `plan | true` log out every time', async () => {
  const sim = await startSimulator({ port: 0 })
  try {
    const dir = specDir({ 'acme.yaml': titled })
    const readers = ['head -1', 'head -1', 'head -1', 'head -1', 'head -1', 'true', 'true']
    for (const [i, reader] of readers.entries()) {
      const run = start('sh', ['-c', `${cliLine(['plan', 'acme.yaml', '--target', sim.url])} | ${reader}`], dir)
      assert.is(await run.exit, 0, run.output())
      // The pipeline ends when the reader does; the CLI may still be logging out: give it a moment, bounded.
      await until(`logout ${i + 1}`, () => counters(sim).logouts === i + 1, 10_000).catch(() => undefined)
      assert.equal([counters(sim).logins, counters(sim).logouts], [i + 1, i + 1], `run ${i + 1} (| ${reader}) leaked its session`)
    }
  } finally {
    await sim.stop()
  }
})

t('a create the server finishes while the run is interrupted is reported created after a check, not failed', async () => {
  // The create is slow: the interrupt arrives while the POST is at the server, which goes on to finish it.
  const sim = await startSimulator({ port: 0, faults: { latencyMs: 1000, match: { method: 'POST', pathPrefix: '/connectors/v1.0/org/azure/' } } })
  try {
    const dir = specDir({ 'acme.yaml': titled })
    const run = start(process.execPath, [...nodeArgs, 'apply', 'acme.yaml', '--json', '--yes', '--target', sim.url], dir)
    await until('the create in flight', () => counters(sim).gatewayRequests >= 2)
    run.child.kill('SIGINT')
    const code = await run.exit
    assert.is(code, 130, run.output())
    const json = JSON.parse(run.stdout()) as { changes: Array<{ result: { status: string; recovered?: boolean } }> }
    assert.equal(json.changes.map((c) => c.result.status), ['created'], run.output())
    assert.is(json.changes[0]!.result.recovered, true, 'found by the check, not assumed')
    assert.is(sim.admin.state().subscriptions[0]!.connectors.length, 1)
    assert.is(counters(sim).logouts, counters(sim).logins)
  } finally {
    await sim.stop()
  }
})

t.run()
