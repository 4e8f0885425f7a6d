import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import { SecretError, type SecretReader, type SecretRef } from '@scanplan/core/adapters'

/** Where secret references are read: an environment, and the directory that relative `{ file }` paths start from. */
export interface SecretSources {
  env: Readonly<Record<string, string | undefined>>
  /** Relative `{ file }` paths are read from here (the spec's or the configuration's directory). */
  baseDir: string
}

function fromEnv(ref: { env: string }, where: string, env: SecretSources['env']): string {
  const value = env[ref.env]
  if (value === undefined || value === '') {
    throw new SecretError(`${where}: the environment variable ${ref.env} is not set (export it, or load it from a file kept out of version control)`, 'unset')
  }
  return value
}

const pathOf = (ref: { file: string }, sources: SecretSources) => (isAbsolute(ref.file) ? ref.file : resolve(sources.baseDir, ref.file))

function fileValue(text: string, path: string, where: string): string {
  // One trailing newline is dropped, as `echo` writes one.
  const value = text.replace(/\r?\n$/, '')
  if (value === '') throw new SecretError(`${where}: the secret file ${path} is empty`, 'empty')
  return value
}

const unreadable = (path: string, where: string, error: unknown) =>
  new SecretError(`${where}: cannot read the secret file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'unreadable')

/** Reads a secret from the environment or a file. Errors (SecretError) name the variable or file, never a value. */
export async function readSecret(ref: SecretRef, where: string, sources: SecretSources): Promise<string> {
  if ('env' in ref) return fromEnv(ref, where, sources.env)
  const path = pathOf(ref, sources)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw unreadable(path, where, error)
  }
  return fileValue(text, path, where)
}

/** `readSecret` for start-up checks that run before anything is served (the webhook's configuration). */
export function readSecretSync(ref: SecretRef, where: string, sources: SecretSources): string {
  if ('env' in ref) return fromEnv(ref, where, sources.env)
  const path = pathOf(ref, sources)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw unreadable(path, where, error)
  }
  return fileValue(text, path, where)
}

/** The reader `@scanplan/qualys` takes (`SecretReader`), over these sources. */
export function createSecretReader(sources: SecretSources): SecretReader {
  return (ref, where) => readSecret(ref, where, sources)
}

/**
 * The secret reader of each spec file: the environment, and the spec's own directory for `{ file }` references.
 * `cwd` is where relative spec names start; a spec read from stdin (`<stdin>`) reads files from `cwd`.
 */
export function secretsOfSpecFiles(options: { env: SecretSources['env']; cwd: string }): (file: string) => SecretReader {
  return (file) => createSecretReader({ env: options.env, baseDir: file === '<stdin>' ? options.cwd : dirname(resolve(options.cwd, file)) })
}
