import { link, mkdir, rename, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path'
import { CommandError } from './command-error.js'
import { ExitCode } from './exit-codes.js'
import { resolveFromPackage } from './package-location.js'

/**
 * Writing spec files (`init`, `import`): the editor modeline's schema reference, and a write that never leaves a
 * half-written file or overwrites one unasked.
 */

/** Where the editor finds the JSON Schema: relative to the new file when core is installed, else the published copy. */
export function schemaReference(outPath: string | undefined, version: string): string {
  try {
    const schemaFile = resolveFromPackage('@scanplan/core/schema.json')
    if (!outPath) return schemaFile
    const rel = relative(dirname(outPath), schemaFile)
    return isAbsolute(rel) ? rel : rel.startsWith('.') ? rel : `./${rel}`
  } catch {
    return `https://unpkg.com/@scanplan/core@${version}/schema.json`
  }
}

/**
 * Writes without ever leaving a half-written file: the text goes to a temporary file beside the target, which is
 * then hard-linked into place (fails atomically if the target exists) or, with --force, renamed over it.
 */
export async function writeNew(path: string, shownAs: string, text: string, force: boolean): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temp = resolve(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  await writeFile(temp, text, { mode: 0o644 })
  try {
    if (force) await rename(temp, path)
    else await link(temp, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CommandError(`\`${shownAs}\` already exists; nothing was written`, ExitCode.failure, 'pass --force to overwrite it, or --out to choose another file')
    }
    throw error
  } finally {
    await unlink(temp).catch(() => {})
  }
}
