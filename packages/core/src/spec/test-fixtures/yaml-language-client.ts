import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  CompletionRequest, ConfigurationRequest, createProtocolConnection, DidChangeConfigurationNotification, DidOpenTextDocumentNotification, ExitNotification,
  HoverRequest, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, RegistrationRequest, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter, type CompletionItem, type Diagnostic, type Hover, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node'

/** The pinned yaml-language-server's own binary, as an editor extension starts it. */
const serverBin = join(dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')), 'bin/yaml-language-server')

/**
 * Red Hat's yaml-language-server (the server behind the VS Code YAML extension, Neovim's yamlls, Helix) driven over
 * stdio with the protocol client VS Code's own client is built on. It is configured the way a user configures it:
 * `yaml.schemas` maps a schema to file patterns, so the files carry no modeline.
 */
export class YamlLanguageClient {
  private readonly waiters = new Map<string, (p: PublishDiagnosticsParams) => void>()
  readonly stderr: string[] = []

  private constructor(readonly child: ChildProcess, readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const waiter = this.waiters.get(p.uri)
      if (waiter) {
        this.waiters.delete(p.uri)
        waiter(p)
      }
    })
  }

  /** `schemas`: the `yaml.schemas` setting, schema URI -> glob patterns. */
  static async start(schemas: Record<string, string[]>): Promise<YamlLanguageClient> {
    const child = spawn(process.execPath, [serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } })
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
    const client = new YamlLanguageClient(child, connection)
    child.stderr!.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()))
    // The server pulls its settings (`workspace/configuration`, sections yaml, http, [yaml], editor) as it does from
    // VS Code, and registers capabilities.
    const settings: Record<string, unknown> = { yaml: { schemas, validate: true, hover: true, completion: true, schemaStore: { enable: false } } }
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => settings[item.section ?? ''] ?? null))
    connection.onRequest(RegistrationRequest.type, () => undefined)
    connection.listen()
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } } } },
    })
    await connection.sendNotification(InitializedNotification.type, {})
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings })
    return client
  }

  /** Opens a document and resolves with the diagnostics the server publishes for it. */
  async open(uri: string, text: string): Promise<Diagnostic[]> {
    const published = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within 20 s; stderr: ${this.stderr.join('')}`)), 20_000)
      this.waiters.set(uri, (p) => { clearTimeout(timer); resolve(p) })
    })
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } })
    return (await published).diagnostics
  }

  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })
  }

  async completion(uri: string, position: { line: number; character: number }): Promise<CompletionItem[]> {
    const result = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })
    return Array.isArray(result) ? result : (result?.items ?? [])
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
  const before = text.slice(0, at + delta)
  return { line: before.split('\n').length - 1, character: before.length - (before.lastIndexOf('\n') + 1) }
}
