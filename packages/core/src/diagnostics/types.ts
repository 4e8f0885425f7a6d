import type { DiagnosticCode, Severity } from './registry.js'

export type { Severity }

/** A half-open range of UTF-16 code-unit offsets into the text the user wrote. */
export interface Span {
  start: number
  end: number
}

/**
 * Whether a suggestion may be applied without a human looking at it, in rustc's sense
 * (https://doc.rust-lang.org/nightly/nightly-rustc/rustc_errors/enum.Applicability.html):
 * - `machine-applicable`: applying it gives an input that compiles and means what the user meant (the playground's
 *   one-click fix, an editor's quick fix; a property test holds every such fix of the schedule language to this);
 * - `maybe-incorrect`: a plausible edit (one of several readings, a guess at a misspelling) the user must choose;
 * - `has-placeholders`: the replacement holds a part the user must still fill in (an example time or day).
 */
export type Applicability = 'machine-applicable' | 'maybe-incorrect' | 'has-placeholders'

/** A concrete edit that fixes the problem: replace `span` of the source with `replacement`. */
export interface Suggestion {
  replacement: string
  span: Span
  applicability: Applicability
}

/** A further place that takes part in the problem (the first `at` clause of two, the YAML key that conflicts). */
export interface RelatedSpan {
  span: Span
  label: string
}

/**
 * What a diagnostic is about, as data, for consumers that act on it (the playground marks DST days in its calendar,
 * plan and the webhook resolve option profile titles online): never parse `message`, never branch on `code`.
 */
export type DiagnosticData =
  | {
      kind: 'dst-gap' | 'dst-overlap'
      zone: string
      /** The local calendar date of the affected run, `yyyy-mm-dd`. */
      date: string
      /** The scheduled local time, `HH:MM`. */
      time: string
      /** The skipped (gap) or repeated (overlap) local interval, `HH:MM` inclusive, e.g. 02:00-02:59. */
      interval: { from: string; to: string }
      /** The UTC instant of the transition (ISO 8601), and the UTC offsets, in minutes, before and after it. */
      transition: string
      offsetBefore: number
      offsetAfter: number
      /** The gap hits the first run of an explicit start date (DSL052). */
      firstRun: boolean
    }
  | {
      /** An option profile named by title: its id is looked up in the account when the spec is planned or applied. */
      kind: 'profile-title'
      title: string
    }
  | {
      /**
       * QUALYS-BUDGET: the gateway calls applying a plan needs in one account, what the last answer said is left of
       * the window, the window as stated, and about how long apply will wait for it (seconds; absent when the
       * gateway's limit headers do not say).
       */
      kind: 'gateway-budget'
      calls: number
      remaining: number
      limit?: number
      windowSec?: number
      waitSec?: number
    }

/**
 * One finding of the compiler. Its machine form (CLI `--json`, editors, the webhook's 422 body) is built in one
 * place, `machineDiagnostic` (diagnostics/machine.ts).
 */
export interface Diagnostic {
  /** One of the registered codes (diagnostics/registry.ts), each documented in docs/. */
  code: DiagnosticCode
  severity: Severity
  message: string
  span: Span
  help?: string
  suggestions: Suggestion[]
  /** Text printed beside the caret, e.g. "not in the IANA time zone database". */
  label?: string
  /** Secondary labelled spans: the other places that take part (a DSL060 conflict has two). */
  related?: RelatedSpan[]
  /** Structured facts about the finding (see `DiagnosticData`). */
  data?: DiagnosticData
  /** The spec file the span points into (spec diagnostics only). */
  file?: string
  /** Where in the spec document, e.g. `connectors[0].perimeterScan.schedule` (spec diagnostics only). */
  path?: string
}
