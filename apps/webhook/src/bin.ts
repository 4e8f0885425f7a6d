#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { parseListenPort } from '@scanplan/connect/listen-port'
import { ConfigError, runWebhookService, stopOnSignals } from './run-service.js'

const usage = 'usage: scanplan-webhook --config FILE [--port N] [--target URL|sim]'

async function main(): Promise<number> {
  let values: { config?: string; port?: string; target?: string; help?: boolean }
  try {
    values = parseArgs({
      options: { config: { type: 'string' }, port: { type: 'string' }, target: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }).values
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n${usage}\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  // The CLI's --port rule (sim, serve, playground), so that `scanplan serve --port` and this binary agree.
  const port = values.port === undefined ? undefined : parseListenPort(values.port, '--port')
  if (port && !port.ok) {
    process.stderr.write(`error: ${port.message}\nhelp: ${port.help}\n${usage}\n`)
    return 2
  }
  try {
    const service = await runWebhookService({
      configFile: values.config ?? 'webhook.config.yaml',
      ...(port ? { port: port.port } : {}),
      ...(values.target !== undefined ? { target: values.target } : {}),
      env: process.env,
      notice: (line) => process.stderr.write(`${line}\n`),
    })
    await stopOnSignals(service)
    return 0
  } catch (error) {
    if (error instanceof ConfigError || (error as Error).name === 'InboxInUseError') process.stderr.write(`error: ${(error as Error).message}\n`)
    else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') process.stderr.write(`error: cannot listen: ${(error as Error).message} (another process holds the port)\n`)
    else process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`)
    return 1
  }
}

process.exitCode = await main()
