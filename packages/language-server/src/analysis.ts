import { compileSpec, diagnosticDocsUrl, machineDiagnostic, spanOfSpecPath, type Diagnostic as CoreDiagnostic, type Severity } from '@scanplan/core'
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import { basesOf } from './base-files.js'

export interface AnalysisOptions {
  /** The reference instant (relative start dates, password expiry); the server passes the clock, core never reads it. */
  now: Date
  /** Option profile titles -> ids, when the editor configured a profiles mapping. */
  profiles?: Readonly<Record<string, number>>
}

/** One compile of a document: core's own diagnostics (kept for code actions) beside their LSP form. */
export interface Analysis {
  version: number
  core: CoreDiagnostic[]
  lsp: Diagnostic[]
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
}

/** The file name core's diagnostics carry: the path of a file URI, else the URI itself. */
export function fileNameOf(uri: string): string {
  try {
    const url = new URL(uri)
    return url.protocol === 'file:' ? decodeURIComponent(url.pathname) : uri
  } catch {
    return uri
  }
}

/**
 * A core diagnostic in LSP terms. Spans are UTF-16 offsets into the document, which is what LSP positions count by
 * default, so `positionAt` maps them exactly, inside quoted and folded scalars too (core maps phrase offsets into
 * the file). Messages come from `compileSpec`, which has already taken every pasted secret out of their words.
 */
function toLspDiagnostic(document: TextDocument, d: CoreDiagnostic): Diagnostic {
  const machine = machineDiagnostic(d)
  const range = { start: document.positionAt(d.span.start), end: document.positionAt(d.span.end) }
  const relatedInformation: DiagnosticRelatedInformation[] = machine.related.map((r) => ({
    location: { uri: document.uri, range: { start: document.positionAt(r.span.start), end: document.positionAt(r.span.end) } },
    message: r.label,
  }))
  const message = [d.message, ...(d.label ? [`(${d.label})`] : []), ...(d.help ? [`help: ${d.help}`] : [])].join('\n')
  return {
    range,
    severity: severities[d.severity],
    code: d.code,
    codeDescription: { href: diagnosticDocsUrl(machine.code) },
    source: 'scanplan',
    message,
    ...(relatedInformation.length ? { relatedInformation } : {}),
    data: { code: d.code },
  }
}

/**
 * A finding in a base file the document extends, shown on the document's `extends` key (LSP diagnostics belong to
 * one document), naming the base file and the path; its own spans are the base file's, so they are dropped.
 */
function onExtends(document: TextDocument, d: CoreDiagnostic): CoreDiagnostic {
  const { related: _, ...rest } = d
  return { ...rest, message: `in ${d.file}${d.path ? ` (${d.path})` : ''}: ${d.message}`, span: spanOfSpecPath(document.getText(), ['extends'], 'key'), suggestions: [] }
}

/** core's diagnostics of one version of a document, with their LSP form beside them. */
export function analysisOf(document: TextDocument, diagnostics: CoreDiagnostic[]): Analysis {
  const file = fileNameOf(document.uri)
  const here = diagnostics.map((d) => (d.file !== undefined && d.file !== file ? onExtends(document, d) : d))
  return { version: document.version, core: here, lsp: here.map((d) => toLspDiagnostic(document, d)) }
}

/** Everything `scanplan compile` reports for the document, as the editor shows it. */
export function analyze(document: TextDocument, options: AnalysisOptions): Analysis {
  const file = fileNameOf(document.uri)
  const bases = basesOf(file, document.getText())
  const result = compileSpec(document.getText(), { file, now: options.now, ...(options.profiles ? { profiles: options.profiles } : {}), ...(bases ? { bases } : {}) })
  return analysisOf(document, result.diagnostics)
}
