import { createConnection, ProposedFeatures } from 'vscode-languageserver/node'
import { serveSpecs, type LanguageServerOptions } from './server.js'

/**
 * `scanplan lsp --stdio`: the server on the process's stdin and stdout. Nothing else may write to stdout (it carries
 * the protocol), so the server logs through the connection's console, which the client shows in its log.
 */
export function startStdioServer(options: LanguageServerOptions = {}): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)
  serveSpecs(connection, options)
}
