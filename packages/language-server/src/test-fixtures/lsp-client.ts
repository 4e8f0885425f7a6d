import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import {
  CodeActionRequest, CompletionRequest, createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, HoverRequest, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest,
  StreamMessageReader, StreamMessageWriter, type CodeAction, type CompletionItem, type Diagnostic, type Hover, type ProtocolConnection,
  type PublishDiagnosticsParams, type Range,
} from 'vscode-languageserver-protocol/node'

const serverEntry = fileURLToPath(new URL('./serve-stdio.ts', import.meta.url))

/**
 * A real LSP client over the server's stdio, built on the protocol package VS Code's own client uses: requests
 * and notifications go through JSON-RPC framing exactly as an editor sends them.
 */
export class LspClient {
  private readonly published = new Map<string, PublishDiagnosticsParams[]>()
  private readonly waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = []
  readonly stderr: string[] = []

  private constructor(readonly child: ChildProcess, readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = this.published.get(p.uri) ?? []
      list.push(p)
      this.published.set(p.uri, list)
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && (w.version === undefined || p.version === w.version)) {
          this.waiters.splice(this.waiters.indexOf(w), 1)
          w.resolve(p)
        }
      }
    })
  }

  /** Starts the server (the source entry under tsx, or `command` such as the built CLI) and initializes it. */
  static async start(options: { now?: string; command?: string[]; initializationOptions?: unknown; debounceMs?: number; largeSpecChars?: number } = {}): Promise<LspClient> {
    const command = options.command ?? [process.execPath, '--conditions=@scanplan/source', '--import', 'tsx', serverEntry]
    const child = spawn(command[0]!, command.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '', ...(options.now ? { SCANPLAN_LSP_NOW: options.now } : {}), SCANPLAN_LSP_DEBOUNCE_MS: String(options.debounceMs ?? 20), ...(options.largeSpecChars !== undefined ? { SCANPLAN_LSP_LARGE_CHARS: String(options.largeSpecChars) } : {}) },
    })
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
    const client = new LspClient(child, connection)
    child.stderr!.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()))
    connection.listen()
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: options.initializationOptions ?? null })
    await connection.sendNotification(InitializedNotification.type, {})
    return client
  }

  /** Resolves with the next diagnostics published for `uri` (for `version`, when given). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within 20 s; stderr: ${this.stderr.join('')}`)), 20_000)
      this.waiters.push({ uri, ...(version !== undefined ? { version } : {}), resolve: (p) => { clearTimeout(timer); resolve(p) } })
    })
  }

  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.get(uri) ?? []
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri, 1)
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } })
    return (await next).diagnostics
  }

  async change(uri: string, version: number, changes: ({ range: Range; text: string } | { text: string })[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes })
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } })
  }

  async completion(uri: string, line: number, character: number): Promise<CompletionItem[]> {
    const result = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } })
    return Array.isArray(result) ? result : (result?.items ?? [])
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } })
    return (result ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'))
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)))
    await this.connection.sendRequest(ShutdownRequest.type)
    await this.connection.sendNotification(ExitNotification.type)
    const code = await exited
    this.connection.dispose()
    return code
  }
}

/** Line and character of the first occurrence of `needle` (plus `delta` characters) in `text`. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle)
  if (at < 0) throw new Error(`\`${needle}\` is not in the text`)
  const offset = at + delta
  const before = text.slice(0, offset)
  const line = before.split('\n').length - 1
  return { line, character: offset - (before.lastIndexOf('\n') + 1) }
}
