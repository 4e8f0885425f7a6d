import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { SpecBases } from '@scanplan/core'
import type { Input } from './input.js'
import type { CommandIO } from './io.js'

/** A spec as the commands compile it: its text and the base files its `extends:` names, read from disk. */
export interface SpecWithBases extends Input {
  bases: SpecBases
}

/**
 * Reads the base files a spec extends (and theirs, as deep as core allows), relative to the working directory as core
 * resolves their names. A file that cannot be read is handed on as its reason: core reports it at the `extends`
 * entry, with the chain, like any other spec error.
 */
export async function readSpecBases(io: CommandIO, input: Input): Promise<SpecWithBases> {
  const { specBasesToRead } = await import('@scanplan/core')
  const bases = new Map<string, string | { error: string }>()
  for (let needed = specBasesToRead(input.text, input.name, bases); needed.length > 0; needed = specBasesToRead(input.text, input.name, bases)) {
    for (const name of needed) {
      try {
        bases.set(name, await readFile(resolve(io.cwd, name), 'utf8'))
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        bases.set(name, { error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message })
      }
    }
  }
  return { ...input, bases }
}

/** Every text diagnostics of these specs may point into (the specs and their base files), by file name. */
export function specSources(specs: readonly SpecWithBases[]): Map<string, string> {
  const sources = new Map<string, string>()
  for (const spec of specs) {
    sources.set(spec.name, spec.text)
    for (const [name, text] of spec.bases) if (typeof text === 'string' && !sources.has(name)) sources.set(name, text)
  }
  return sources
}
