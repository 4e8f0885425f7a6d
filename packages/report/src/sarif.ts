import { DIAGNOSTICS, diagnosticDocsUrl, type MachineDiagnostic } from '@scanplan/core'
import { regionOf, type Sources } from './annotations.js'

export interface SarifOptions {
  sources: Sources
  /** The scanplan version that produced the results (tool.driver.version). */
  version: string
}

const levels = { error: 'error', warning: 'warning', note: 'note' } as const

/** A file name as a SARIF artifact URI: relative paths stay relative (to the checkout), characters a URI forbids escaped. */
const artifactUri = (file: string) => encodeURI(file.replace(/\\/g, '/'))

/**
 * The diagnostics as one SARIF 2.1.0 log (`--format sarif`, GitHub code scanning): one run, a rule per code that
 * occurs (its registered title and documentation), a result per diagnostic with its region in UTF-16 columns, the
 * related spans and machine-applicable suggestions as fixes.
 */
export function sarifLog(diagnostics: readonly MachineDiagnostic[], options: SarifOptions) {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort()
  const ruleIndex = new Map(codes.map((c, i) => [c, i]))
  const locationOf = (d: MachineDiagnostic, span: MachineDiagnostic['span']) => {
    const region = regionOf({ file: d.file, span }, options.sources)
    return {
      physicalLocation: {
        artifactLocation: { uri: artifactUri(d.file ?? '') },
        ...(region ? { region: { startLine: region.start.line, startColumn: region.start.column, endLine: region.end.line, endColumn: region.end.column, charOffset: span.start, charLength: Math.max(0, span.end - span.start) } } : {}),
      },
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'scanplan',
            version: options.version,
            informationUri: 'https://github.com/scanplan/scanplan',
            rules: codes.map((c) => ({
              id: c,
              shortDescription: { text: DIAGNOSTICS[c].title },
              helpUri: diagnosticDocsUrl(c),
              defaultConfiguration: { level: levels[DIAGNOSTICS[c].severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits' as const,
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: ruleIndex.get(d.code)!,
          level: levels[d.severity],
          message: { text: d.help !== undefined ? `${d.message}\nhelp: ${d.help}` : d.message },
          ...(d.file !== undefined ? { locations: [locationOf(d, d.span)] } : {}),
          ...(d.file !== undefined && d.related.length > 0
            ? { relatedLocations: d.related.map((r, id) => ({ id, ...locationOf(d, r.span), message: { text: r.label } })) }
            : {}),
          ...(d.file !== undefined && d.suggestions.some((s) => s.applicability === 'machine-applicable')
            ? {
                fixes: d.suggestions
                  .filter((s) => s.applicability === 'machine-applicable')
                  .map((s) => ({
                    description: { text: `replace with ${JSON.stringify(s.replacement)}` },
                    artifactChanges: [{ artifactLocation: { uri: artifactUri(d.file!) }, replacements: [{ deletedRegion: { charOffset: s.span.start, charLength: s.span.end - s.span.start }, insertedContent: { text: s.replacement } }] }],
                  })),
              }
            : {}),
        })),
      },
    ],
  }
}

export type SarifLog = ReturnType<typeof sarifLog>
