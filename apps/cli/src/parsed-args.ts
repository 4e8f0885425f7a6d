import { UsageError } from './usage-error.js'

/** What the command line parsed into: the shape every command's `run` takes (its own module, so commands import no table). */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  positionals: string[]
}

/**
 * `--port N` (sim, serve, playground: one check for all): a whole number 0-65535, 0 picking a free port; `fallback`
 * when the flag is absent.
 */
export function portFlag<T extends number | undefined>(value: ParsedArgs['values'][string], fallback: T): number | T {
  if (value === undefined) return fallback
  const text = String(value)
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`invalid port \`${text}\``, 'give a number from 0 to 65535 (0 picks a free port)')
  return Number(text)
}
