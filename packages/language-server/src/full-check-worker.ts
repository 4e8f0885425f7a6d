// The whole-file compile of a large spec, off the server's event loop: hover, completion and the next edit's quick
// check stay responsive while a 1,000-connector file is compiled in full (hundreds of ms, most of it the YAML parse).
import { parentPort } from 'node:worker_threads'
import { compileSpec } from '@scanplan/core'
import type { FullCheckReply, FullCheckRequest } from './full-check.js'

parentPort!.on('message', (request: FullCheckRequest) => {
  const result = compileSpec(request.text, { file: request.file, now: new Date(request.now), ...(request.profiles ? { profiles: request.profiles } : {}), ...(request.bases ? { bases: request.bases } : {}) })
  const reply: FullCheckReply = { uri: request.uri, version: request.version, diagnostics: result.diagnostics }
  parentPort!.postMessage(reply)
})
