import { readFileSync } from 'node:fs'
import { specBasesToRead, type SpecBases } from '@scanplan/core'

/** Only a spec that may name base files pays for looking (the look parses the text once more). */
const mayExtend = (text: string) => /(^|[{,\s])["']?extends["']?\s*:/m.test(text)

/**
 * The base files a spec's `extends:` names, read from disk (the document's path makes relative names absolute), as
 * `scanplan compile` reads them; a file that cannot be read is handed on as its reason (core reports SPEC091).
 * Undefined for a spec that extends nothing.
 */
export function basesOf(file: string, text: string): SpecBases | undefined {
  if (!mayExtend(text)) return undefined
  const bases = new Map<string, string | { error: string }>()
  for (let needed = specBasesToRead(text, file, bases); needed.length > 0; needed = specBasesToRead(text, file, bases)) {
    for (const name of needed) {
      try {
        bases.set(name, readFileSync(name, 'utf8'))
      } catch (error) {
        bases.set(name, { error: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message })
      }
    }
  }
  return bases
}
