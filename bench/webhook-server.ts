// A server process for `pnpm bench:webhook` (run apart from the load generator, so they do not share an event loop):
//   webhook-server.ts hello            Express 5 hello-world (the baseline)
//   webhook-server.ts webhook FILE     the webhook service from config FILE, worker off (the door is measured)
//   webhook-server.ts worker FILE [TARGET]  the same with its worker running (`pnpm bench:inbox`: the door beside a
//                                      backlog; `pnpm bench:webhook-flood`: Qualys calls to the simulator at TARGET)
// Prints its URL on stdout, serves until SIGTERM.
import express from 'express'
import { loadServiceConfig, startWebhookService } from '@scanplan/webhook'

const [mode, configFile, target] = process.argv.slice(2)
if (mode === 'hello') {
  const app = express()
  app.get('/', (_req, res) => {
    res.send('Hello World!')
  })
  const server = app.listen(0, '127.0.0.1', (error?: Error) => {
    if (error) throw error
    const address = server.address() as { port: number }
    process.stdout.write(`http://127.0.0.1:${address.port}\n`)
  })
  process.once('SIGTERM', () => server.close(() => process.exit(0)))
} else if ((mode === 'webhook' || mode === 'worker') && configFile) {
  const service = await startWebhookService({ config: loadServiceConfig(configFile, { env: process.env }), worker: mode === 'worker', ...(target ? { target } : {}) })
  process.stdout.write(`${service.url}\n`)
  process.once('SIGTERM', () => void service.close().then(() => process.exit(0)))
} else {
  process.stderr.write('usage: webhook-server.ts hello | webhook CONFIG | worker CONFIG [TARGET]\n')
  process.exit(2)
}
