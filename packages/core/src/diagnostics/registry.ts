/** How serious a diagnostic is. Only `error` stops a compile. */
export type Severity = 'error' | 'warning' | 'note'

/** One registered diagnostic code: what it is called and where it is documented. */
export interface DiagnosticDefinition {
  /** The usual severity; a few codes change it by option (W103 with `strict`, SPEC030 vs SPEC031 are split). */
  severity: Severity
  /** A short fixed name for the problem, the same for every occurrence (the message says the particulars). */
  title: string
  /** The page under docs/ and the anchor of its row, e.g. `schedule-language.md#dsl040`. */
  docs: string
}

const schedule = (severity: Severity, title: string, code: string): DiagnosticDefinition => ({ severity, title, docs: `schedule-language.md#${code.toLowerCase()}` })
const spec = (severity: Severity, title: string, code: string): DiagnosticDefinition => ({ severity, title, docs: `spec.md#${code.toLowerCase()}` })
const webhook = (title: string, code: string): DiagnosticDefinition => ({ severity: 'error', title, docs: `webhook.md#${code.toLowerCase()}` })
const account = (title: string, code: string): DiagnosticDefinition => ({ severity: 'error', title, docs: `plan-apply.md#${code.toLowerCase()}` })

/**
 * Every diagnostic code scanplan emits, in one table. `Diagnostic.code` is typed by it, so an unregistered code does
 * not compile, and diagnostics/registry.test.ts holds it against the reference pages: every code documented there
 * with its anchor, every documented code registered.
 */
export const DIAGNOSTICS = {
  DSL001: schedule('error', 'unexpected word', 'DSL001'),
  DSL002: schedule('note', 'more problems not shown', 'DSL002'),
  DSL010: schedule('error', 'repeat intervals are not supported', 'DSL010'),
  DSL011: schedule('error', 'a day of the month cannot be expressed', 'DSL011'),
  DSL012: schedule('error', 'a schedule has one start time', 'DSL012'),
  DSL013: schedule('error', 'a cron expression', 'DSL013'),
  DSL020: schedule('error', 'invalid time', 'DSL020'),
  DSL021: schedule('error', 'a bare hour', 'DSL021'),
  DSL022: schedule('error', 'seconds are not supported', 'DSL022'),
  DSL023: schedule('error', 'missing the start time', 'DSL023'),
  DSL030: schedule('error', 'unknown day name', 'DSL030'),
  DSL031: schedule('error', 'a day range runs backwards', 'DSL031'),
  DSL032: schedule('error', 'numeric days are ambiguous', 'DSL032'),
  DSL033: schedule('error', 'no days are left', 'DSL033'),
  DSL034: schedule('error', 'a weekly schedule needs its days', 'DSL034'),
  DSL035: schedule('error', 'holidays cannot be excluded', 'DSL035'),
  DSL036: schedule('error', 'missing the days the scan runs', 'DSL036'),
  DSL040: schedule('error', 'unknown time zone', 'DSL040'),
  DSL041: schedule('error', 'a zone abbreviation is not a time zone', 'DSL041'),
  DSL042: schedule('error', 'a UTC offset is not a time zone', 'DSL042'),
  DSL043: schedule('error', 'missing the time zone', 'DSL043'),
  DSL050: schedule('error', 'invalid date', 'DSL050'),
  DSL052: schedule('error', 'the first run does not exist', 'DSL052'),
  DSL060: schedule('error', 'given twice', 'DSL060'),
  DSL070: schedule('error', 'a label with spaces must be quoted', 'DSL070'),
  DSL071: schedule('error', 'a profile title with spaces must be quoted', 'DSL071'),
  DSL999: schedule('error', 'internal compiler error', 'DSL999'),
  W101: schedule('warning', 'a slash date read as month/day/year', 'W101'),
  W102: schedule('note', 'a zone alias', 'W102'),
  W103: schedule('warning', 'a run falls in a DST gap', 'W103'),
  W104: schedule('warning', 'a run falls in a DST overlap', 'W104'),
  W105: schedule('warning', 'a day is listed more than once', 'W105'),
  W106: schedule('note', 'midnight starts the listed day', 'W106'),
  W107: schedule('note', 'all seven days: a daily schedule', 'W107'),
  W108: schedule('warning', 'the start date is in the past', 'W108'),
  W109: schedule('warning', 'a POSIX Etc/GMT zone: the sign is inverted', 'W109'),
  W110: schedule('note', 'a free-form start date and how it was read', 'W110'),

  SPEC001: spec('error', 'not valid YAML or JSON', 'SPEC001'),
  SPEC002: spec('error', 'unknown or duplicate key', 'SPEC002'),
  SPEC003: spec('error', 'missing key', 'SPEC003'),
  SPEC004: spec('error', 'wrong type or malformed value', 'SPEC004'),
  SPEC005: spec('error', 'two connectors with one name', 'SPEC005'),
  SPEC010: spec('error', 'an inline secret', 'SPEC010'),
  SPEC020: spec('error', 'unknown platform', 'SPEC020'),
  SPEC021: spec('error', 'contradicting platforms', 'SPEC021'),
  SPEC022: spec('error', 'bad or unknown platform URL', 'SPEC022'),
  SPEC023: spec('error', 'private platform incomplete', 'SPEC023'),
  SPEC030: spec('error', 'password expired', 'SPEC030'),
  SPEC031: spec('warning', 'password expires soon', 'SPEC031'),
  SPEC040: spec('error', 'perimeter scan needs the VM module', 'SPEC040'),
  SPEC041: spec('error', 'prefix given twice', 'SPEC041'),
  SPEC042: spec('error', 'option profile given twice', 'SPEC042'),
  SPEC043: spec('error', 'custom scan needs a prefix', 'SPEC043'),
  SPEC044: spec('error', 'custom scan needs an option profile', 'SPEC044'),
  SPEC045: spec('error', 'option profile title not resolved', 'SPEC045'),
  SPEC046: spec('error', 'two different time zones', 'SPEC046'),
  SPEC047: spec('error', 'compiled scan configuration rejected', 'SPEC047'),
  SPEC048: spec('error', 'option profile title cannot be resolved with OIDC', 'SPEC048'),
  SPEC050: spec('error', 'run frequency Qualys rejects', 'SPEC050'),
  SPEC051: spec('warning', 'run frequency rounded up to whole days', 'SPEC051'),
  SPEC060: spec('warning', 'placeholder ids', 'SPEC060'),
  SPEC061: spec('error', 'connector name too long', 'SPEC061'),
  SPEC070: spec('error', 'pinned connector id not found', 'SPEC070'),
  SPEC071: spec('error', 'rename to a name another connector has', 'SPEC071'),
  SPEC072: spec('warning', 'the tenant already has a connector under another name', 'SPEC072'),
  SPEC073: spec('error', 'the tenant of a connector cannot change', 'SPEC073'),
  SPEC074: spec('error', 'option profile id not in the subscription', 'SPEC074'),
  SPEC080: spec('error', 'update with more than one connector', 'SPEC080'),
  SPEC090: spec('error', '`extends` where no base files are read', 'SPEC090'),
  SPEC091: spec('error', 'a base file cannot be read', 'SPEC091'),
  SPEC092: spec('error', '`extends` in a circle or too deep', 'SPEC092'),
  SPEC093: spec('error', 'a connector default for a key each connector has', 'SPEC093'),

  WEBHOOK001: webhook('the body is not JSON', 'WEBHOOK001'),
  WEBHOOK002: webhook('a delivery must name a configured source', 'WEBHOOK002'),
  WEBHOOK003: webhook('unknown source', 'WEBHOOK003'),
  WEBHOOK004: webhook('a secret the source does not allow', 'WEBHOOK004'),

  'QUALYS-AUTH': account('Qualys refused the credentials', 'QUALYS-AUTH'),
  'QUALYS-NETWORK': account('Qualys could not be reached', 'QUALYS-NETWORK'),
  'QUALYS-INPUT': account('a secret could not be read', 'QUALYS-INPUT'),
  'QUALYS-QUALYS': account('Qualys answered with an error', 'QUALYS-QUALYS'),
  'QUALYS-BUDGET': { ...account('more gateway calls than the window has left', 'QUALYS-BUDGET'), severity: 'warning' },
} as const satisfies Record<string, DiagnosticDefinition>

export type DiagnosticCode = keyof typeof DIAGNOSTICS

/** The registered definition of a code. */
/** Where docs/ is published: a code's `docs` (e.g. `spec.md#spec030`) is read relative to it. */
const DOCS_BASE = 'https://github.com/scanplan/scanplan/blob/main/docs/'

/** The page that documents a code, as a full URL (LSP code descriptions, SARIF help links, Markdown reports). */
export function diagnosticDocsUrl(code: DiagnosticCode): string {
  return `${DOCS_BASE}${DIAGNOSTICS[code].docs}`
}

export function diagnosticDefinition(code: DiagnosticCode): DiagnosticDefinition {
  return DIAGNOSTICS[code]
}
