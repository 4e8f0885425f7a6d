import { glob, isDynamicPattern } from 'tinyglobby'

/** The `specs` input: paths or globs, one per line or separated by commas; blank entries ignored. */
export function specPatterns(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

export class SpecPathError extends Error {}

/**
 * The spec files the patterns name, relative to `cwd` (the workspace, so annotations point at repository paths), in
 * the order given, each once; a glob's matches sorted. A plain path is kept as written: the CLI says when it cannot
 * be read. A glob that matches no file is an error: a typo in a workflow must not turn into an empty, passing plan.
 */
export async function expandSpecs(patterns: readonly string[], cwd: string): Promise<string[]> {
  const paths: string[] = []
  for (const pattern of patterns) {
    if (!isDynamicPattern(pattern)) {
      paths.push(pattern)
      continue
    }
    const matches = (await glob(pattern, { cwd, onlyFiles: true, expandDirectories: false })).sort()
    if (matches.length === 0) throw new SpecPathError(`the specs pattern \`${pattern}\` matches no file in ${cwd}`)
    paths.push(...matches)
  }
  return [...new Set(paths)]
}
