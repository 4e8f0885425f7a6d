/**
 * The spec's textual formats, written once. The io-ts brands (brands.ts, codecs.ts), the JSON Schema (the generator
 * replaces each `@specPattern <name>` of input.ts with the pattern and its message), the secret masker, the run
 * frequency reader and the webhook's configuration all read them from here; shape.test.ts walks every schema
 * property against its codec so neither side can drift.
 */
export interface SpecPattern {
  /** The regular expression, anchored; JSON Schema `pattern` takes its `source` (ECMA-262, no flags). */
  readonly regex: RegExp
  /** What a value must look like, in words: the decoder's message and the schema's `patternErrorMessage`. */
  readonly message: string
  /** A value that matches, for help lines and the schema's examples. */
  readonly example: string
}

/** The placeholder the Qualys samples print instead of a real id; accepted so the seed example compiles, with a warning. */
export const uuidPlaceholder = 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'

export const specPatterns = {
  /** An environment variable name, as POSIX shells accept it. */
  envName: {
    regex: /^[A-Za-z_][A-Za-z0-9_]*$/,
    message: 'an environment variable name: letters, digits and `_`, not starting with a digit (e.g. `QUALYS_PASSWORD`)',
    example: 'QUALYS_PASSWORD',
  },
  /** One `@`, a local part and a dotted domain; deliverability is not the compiler's to check. */
  email: {
    regex: /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/,
    message: 'an email address such as `secops@example.com`',
    example: 'secops@example.com',
  },
  /** An Azure id (tenant, application, app identifier): a UUID, or the samples' all-`x` placeholder. */
  uuid: {
    regex: /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)$/,
    message: 'a UUID: 8-4-4-4-12 hexadecimal digits, e.g. `0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b`',
    example: '0f5e3a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b',
  },
  /** `YYYY-MM-DD`; whether the day exists (no 2027-02-30) is the decoder's check, which a pattern cannot make. */
  isoDate: {
    regex: /^(\d{4})-(\d{2})-(\d{2})$/,
    message: 'a calendar date `YYYY-MM-DD` that exists, e.g. `2027-03-31`',
    example: '2027-03-31',
  },
  /** A duration in days, hours and minutes, in that order, at least one of them: `1d`, `4h`, `1h30m`. */
  duration: {
    regex: /^(?=.)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/,
    message: 'a duration such as `4h`, `30m`, `1d` or `1h30m` (days, hours, minutes in that order)',
    example: '4h',
  },
  /** A 24-hour wall-clock time; `24:00` is not a time of day. */
  hhmm: {
    regex: /^([01]\d|2[0-3]):[0-5]\d$/,
    message: 'a 24-hour time `HH:MM`, e.g. `09:30`',
    example: '09:30',
  },
  /** A webhook endpoint's URL path (the service's configuration): `/`, then letters, digits, `/`, `_` and `-`. */
  urlPath: {
    regex: /^\/[A-Za-z0-9/_-]*$/,
    message: 'a URL path such as `/hooks/spec`: `/` then letters, digits, `/`, `_` and `-`',
    example: '/hooks/spec',
  },
} as const satisfies Record<string, SpecPattern>

export type SpecPatternName = keyof typeof specPatterns

export function matchesPattern(name: SpecPatternName, value: string): boolean {
  return specPatterns[name].regex.test(value)
}
