import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { portFlag, type ParsedArgs } from '../parsed-args.js'
import { CommandError } from '../command-error.js'
import { ExitCode } from '../exit-codes.js'
import type { CommandIO } from '../io.js'
import { info } from '../output.js'
import { packageRoot } from '../package-location.js'
import { UsageError } from '../usage-error.js'

const DEFAULT_PORT = 4780
// Loopback only: the playground is a local tool, never exposed to the network.
const HOST = '127.0.0.1'

/** The playground's built page, copied into the CLI's dist/ by its build (scripts/bundle-bin.mjs) and published with it. */
const defaultDir = fileURLToPath(new URL('dist/playground/', packageRoot))

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
}

// The page needs nothing beyond its own files: no inline script, no remote origin.
const securityHeaders = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

/** The file under `root` that a URL path names, or undefined when the path would leave `root`. */
function fileFor(root: string, urlPath: string): string | undefined {
  let path: string
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!)
  } catch {
    return undefined
  }
  if (path.includes('\0')) return undefined
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`)
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', ...securityHeaders }).end()
    return
  }
  const file = fileFor(root, req.url ?? '/')
  const found = file ? await stat(file).catch(() => undefined) : undefined
  if (!file || !found?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders }).end('not found\n')
    return
  }
  // Vite names built assets by content hash, so they may be cached for good; the page itself must be revalidated.
  const immutable = file.includes(`${sep}assets${sep}`)
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Length': found.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...securityHeaders,
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res)
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail)
    server.listen(port, HOST, () => {
      server.off('error', fail)
      const address = server.address()
      done(typeof address === 'object' && address ? address.port : port)
    })
  })
}

export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument \`${args.positionals[0]}\``)
  const port = portFlag(args.values.port, DEFAULT_PORT)
  const root = resolve(io.cwd, typeof args.values.dir === 'string' ? args.values.dir : defaultDir)
  const index = await stat(join(root, 'index.html')).catch(() => undefined)
  if (!index?.isFile()) {
    throw new CommandError(
      `no built playground in ${root}`,
      ExitCode.failure,
      args.values.dir === undefined
        ? 'in the workspace, build the CLI first (`pnpm --filter scanplan... build`); an installed scanplan ships the page, so reinstall it'
        : 'point --dir at the output of `pnpm --filter @scanplan/playground build`',
    )
  }
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, securityHeaders)
      res.end()
    })
  })
  let bound: number
  try {
    bound = await listen(server, port)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw new CommandError(`port ${port} on ${HOST} is in use`, ExitCode.failure, 'choose another with `--port N`, or `--port 0` for any free port')
    throw new CommandError(`cannot listen on ${HOST}:${port}: ${(error as Error).message}`, ExitCode.failure)
  }
  // The URL is the command's output (scripts read it, notably with --port 0); the rest is for the human.
  io.stdout(`http://${HOST}:${bound}/\n`)
  info(io, `serving the schedule playground from ${root}; press Ctrl+C to stop`)
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      server.closeAllConnections()
      server.close(() => done())
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  return ExitCode.ok
}
