export { serveSpecs, isSpecDocument } from './server.js'
export type { LanguageServerOptions } from './server.js'
export { startStdioServer } from './stdio.js'
