import { readFile } from 'node:fs/promises'
import { loadProfiles } from '@scanplan/core'
import { TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { analysisOf, analyze, fileNameOf, type Analysis } from './analysis.js'
import { quickFixes } from './code-actions.js'
import { completions } from './completion.js'
import { ChunkedCompiler } from './connector-chunks.js'
import { basesOf } from './base-files.js'
import { FullChecker } from './full-check.js'
import { hoverText } from './hover.js'
import { locate, parseSpecText } from './locate.js'
import { canonicalScheduleAction } from './schedule-format.js'
import { loadSpecSchema } from './spec-schema.js'

/** One finding, whichever compile reported it. */
const findingKey = (d: { code: string; span: { start: number; end: number }; message: string }): string => `${d.code}|${d.span.start}|${d.span.end}|${d.message}`

export interface LanguageServerOptions {
  /** The clock (tests pin it); the server reads it once per check, core never does. */
  now?: () => Date
  /** How long typing must pause before a document is checked again. */
  debounceMs?: number
  /** From this many characters on, a spec is checked connector by connector first, then in full off the event loop. */
  largeSpecChars?: number
}

/** What the client may set under `scanplan` (initializationOptions or `workspace/didChangeConfiguration`). */
interface Settings {
  /** A profiles mapping file (`"Initial Options": 240981` per line), as `scanplan compile --profiles` reads. */
  profiles?: string
}

/** A modeline or `$schema` key naming core's spec schema (`# yaml-language-server: $schema=…/core/schema.json`). */
const SCHEMA_REFERENCE = /\$schema["']?\s*[:=]\s*["']?[^\s"']*(@scanplan\/core\/schema\.json|packages\/core\/schema\.json|scanplan[^\s"']*\/spec\.schema\.json)/

/**
 * Which documents are scanplan specs: the spec schema's file patterns (`*.scanplan.yaml`, `scanplan.yaml`, and the
 * same for `.yml`/`.json`), a YAML or JSON file that names the spec schema in its modeline or `$schema`, or any
 * file the client opens with the `scanplan` language id.
 */
export function isSpecDocument(uri: string, languageId: string, text = ''): boolean {
  if (languageId === 'scanplan') return true
  const name = fileNameOf(uri).split('/').pop() ?? ''
  if (/(^|\.)scanplan\.(ya?ml|json)$/.test(name)) return true
  return /\.(ya?ml|json)$/.test(name) && SCHEMA_REFERENCE.test(text.slice(0, 4096))
}

/**
 * Serves scanplan specs over `connection`: diagnostics as you type (debounced), hover, completion and quick fixes,
 * all from core's compiler. Offline: nothing here calls Qualys; the only file it reads is a configured profiles
 * mapping.
 */
export function serveSpecs(connection: Connection, options: LanguageServerOptions = {}): void {
  const now = options.now ?? (() => new Date())
  const debounceMs = options.debounceMs ?? 50
  const largeSpecChars = options.largeSpecChars ?? 64 * 1024
  const chunked = new Map<string, ChunkedCompiler>()
  let profilesGeneration = 0
  const documents = new TextDocuments(TextDocument)
  const schema = loadSpecSchema()
  const analyses = new Map<string, Analysis>()
  const timers = new Map<string, NodeJS.Timeout>()
  let settings: Settings = {}
  let profiles: Record<string, number> | undefined

  async function loadSettings(value: unknown): Promise<void> {
    const section = (value && typeof value === 'object' && 'scanplan' in value ? (value as { scanplan: unknown }).scanplan : value) as Settings | undefined
    settings = section && typeof section === 'object' ? section : {}
    profiles = undefined
    profilesGeneration++
    if (typeof settings.profiles !== 'string') return
    try {
      const text = await readFile(settings.profiles, 'utf8')
      const result = loadProfiles(text, { file: settings.profiles })
      // A file keyed by site would need each document's site before compiling: the editor reads the flat form only.
      if (result.ok && result.bySite) connection.window.showWarningMessage(`scanplan: ${settings.profiles} is keyed by site; the editor reads only a flat mapping (titles are left for \`scanplan plan\`)`)
      else if (result.ok) profiles = result.profiles
      else connection.window.showWarningMessage(`scanplan: ${settings.profiles} is not a usable profiles mapping: ${result.diagnostics[0]?.message ?? ''}`)
    } catch (error) {
      connection.window.showWarningMessage(`scanplan: cannot read the profiles mapping ${settings.profiles}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
  }

  const isSpec = (document: TextDocument): boolean => isSpecDocument(document.uri, document.languageId, document.getText())

  function publish(document: TextDocument, analysis: Analysis): void {
    analyses.set(document.uri, analysis)
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: analysis.lsp })
  }

  const fullChecker = new FullChecker((reply) => {
    const document = documents.get(reply.uri)
    if (!document || document.version !== reply.version) return
    const shown = analyses.get(document.uri)
    // The quick per-connector result stays (it also has what a type error elsewhere hides from a whole-file
    // compile); the whole-file one adds what spans connectors, such as two connectors with one name.
    const quick = shown && shown.version === reply.version ? shown.core : []
    const seen = new Set(quick.map(findingKey))
    const added = reply.diagnostics.filter((d) => !seen.has(findingKey(d)))
    if (added.length === 0 && shown?.version === reply.version) return
    publish(document, analysisOf(document, [...quick, ...added]))
  })

  /**
   * Checks a document and publishes its diagnostics. A small spec is compiled whole, at once. A large one is
   * compiled connector by connector (only edited connectors again), published at once, and then compiled whole
   * on a worker thread for what spans connectors (duplicate names); see docs/performance.md, "Language server".
   */
  function check(document: TextDocument): Analysis {
    const at = now()
    const text = document.getText()
    if (text.length >= largeSpecChars) {
      const file = fileNameOf(document.uri)
      const bases = basesOf(file, text)
      const compileOptions = { file, now: at, ...(profiles ? { profiles } : {}), ...(bases ? { bases } : {}) }
      let compiler = chunked.get(document.uri)
      if (!compiler) chunked.set(document.uri, (compiler = new ChunkedCompiler()))
      const quick = compiler.compile(text, compileOptions, `${at.toISOString().slice(0, 10)}|${profilesGeneration}`)
      fullChecker.request({ uri: document.uri, version: document.version, text, file: compileOptions.file, now: at.toISOString(), ...(profiles ? { profiles } : {}), ...(bases ? { bases } : {}) })
      if (quick) {
        const analysis = analysisOf(document, quick)
        publish(document, analysis)
        return analysis
      }
      // A layout the splitter does not read (JSON, flow style): the worker's full compile is the only check.
      return analysisOf(document, [])
    }
    const analysis = analyze(document, { now: at, ...(profiles ? { profiles } : {}) })
    publish(document, analysis)
    return analysis
  }

  function schedule(document: TextDocument, delay: number): void {
    clearTimeout(timers.get(document.uri))
    timers.set(document.uri, setTimeout(() => {
      timers.delete(document.uri)
      const current = documents.get(document.uri)
      if (current && isSpec(current)) check(current)
    }, delay))
  }

  /** The analysis of the document as it is now: code actions must never offer a fix computed for older text. */
  function fresh(document: TextDocument): Analysis {
    const known = analyses.get(document.uri)
    return known && known.version === document.version ? known : check(document)
  }

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    await loadSettings(params.initializationOptions)
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '/', ','] },
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
      },
      serverInfo: { name: 'scanplan-language-server' },
    }
  })
  connection.onDidChangeConfiguration(async (change) => {
    await loadSettings(change.settings)
    for (const d of documents.all()) if (isSpec(d)) check(d)
  })
  documents.onDidOpen(({ document }) => { if (isSpec(document)) schedule(document, 0) })
  documents.onDidChangeContent(({ document }) => { if (isSpec(document)) schedule(document, debounceMs) })
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri))
    timers.delete(document.uri)
    analyses.delete(document.uri)
    chunked.delete(document.uri)
    fullChecker.forget(document.uri)
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] })
  })
  connection.onHover(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri)
    if (!document || !isSpec(document)) return null
    const doc = parseSpecText(document.getText())
    const text = hoverText(locate(doc, document.offsetAt(position)), { doc, schema, now: now(), ...(profiles ? { profiles } : {}) })
    return text ? { contents: { kind: 'markdown', value: text } } : null
  })
  connection.onCompletion(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri)
    if (!document || !isSpec(document)) return []
    return completions(document.offsetAt(position), { document, doc: parseSpecText(document.getText()), schema, now: now() })
  })
  connection.onCodeAction(({ textDocument, range }) => {
    const document = documents.get(textDocument.uri)
    if (!document || !isSpec(document)) return []
    const rewrite = canonicalScheduleAction(document, parseSpecText(document.getText()), document.offsetAt(range.start), now())
    return [...quickFixes(document, fresh(document), range), ...(rewrite ? [rewrite] : [])]
  })
  connection.onShutdown(async () => {
    for (const t of timers.values()) clearTimeout(t)
    timers.clear()
    await fullChecker.close()
  })
  documents.listen(connection)
  connection.listen()
}
