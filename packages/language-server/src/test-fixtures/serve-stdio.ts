// The server as `scanplan lsp --stdio` runs it, with the clock pinned by the test (SCANPLAN_LSP_NOW).
import { startStdioServer } from '../stdio.js'

const pinned = process.env.SCANPLAN_LSP_NOW
const large = process.env.SCANPLAN_LSP_LARGE_CHARS
startStdioServer({
  ...(pinned ? { now: () => new Date(pinned) } : {}),
  debounceMs: Number(process.env.SCANPLAN_LSP_DEBOUNCE_MS ?? 50),
  ...(large ? { largeSpecChars: Number(large) } : {}),
})
