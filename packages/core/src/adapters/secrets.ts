import type { SecretRef } from '../spec/codecs.js'

export type { SecretRef }

/**
 * Reads the secret a spec or configuration refers to. `where` names the place that refers to it (`source.password`),
 * for the error message; the message never holds a value. `@scanplan/connect` has the environment-and-files reader.
 */
export type SecretReader = (ref: SecretRef, where: string) => Promise<string>

/** Thrown when a secret cannot be read; the message names where it was looked for, never a value. */
export class SecretError extends Error {
  override readonly name = 'SecretError'
  constructor(
    message: string,
    /** `unset`: the variable is unset or empty; `unreadable`: the file cannot be read; `empty`: the file is empty. */
    readonly reason: 'unset' | 'unreadable' | 'empty',
  ) {
    super(message)
  }
}
