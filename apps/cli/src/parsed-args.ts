/** What the command line parsed into: the shape every command's `run` takes (its own module, so commands import no table). */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  positionals: string[]
}
