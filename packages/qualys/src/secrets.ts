import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'

/** Where a secret lives, as a spec says it: never the value itself. */
export type SecretRef = { env: string } | { file: string }

export interface SecretSources {
  env: Record<string, string | undefined>
  /** Relative `{ file }` paths are read from here (the spec file's directory). */
  baseDir: string
}

/** Thrown when a secret cannot be read; the message names where it was looked for, never a value. */
export class SecretError extends Error {
  override readonly name = 'SecretError'
}

/** Reads a secret from the environment or a file (one trailing newline dropped, as `echo` writes one). */
export async function readSecret(ref: SecretRef, what: string, sources: SecretSources): Promise<string> {
  if ('env' in ref) {
    const value = sources.env[ref.env]
    if (value === undefined || value === '') {
      throw new SecretError(`${what}: the environment variable ${ref.env} is not set (export it, or load it from a file kept out of version control)`)
    }
    return value
  }
  const path = isAbsolute(ref.file) ? ref.file : resolve(sources.baseDir, ref.file)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new SecretError(`${what}: cannot read the secret file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const value = text.replace(/\r?\n$/, '')
  if (value === '') throw new SecretError(`${what}: the secret file ${path} is empty`)
  return value
}
