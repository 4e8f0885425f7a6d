import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readSimEnv } from '@scanplan/test-support/sim-env'
import { tempDir } from '@scanplan/test-support/temp-dir'

/** The example spec plan and apply take (examples/acme-azure-org.yaml: the seed with realistic fake ids; acme3ab1 on US3, option profile 240981) and the simulator credentials of examples/sim.env. */
export const seedSpec = readFileSync(fileURLToPath(new URL('../../../../examples/acme-azure-org.yaml', import.meta.url)), 'utf8')

export const simEnv = readSimEnv()

/** Writes specs into a fresh temporary directory; returns the directory. */
export function specDir(files: Record<string, string>): string {
  const dir = tempDir('plan')
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

/** The seed spec with another connector name (connector names are unique per account). */
export const named = (name: string, text = seedSpec) => text.replace('name: "AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "', `name: ${JSON.stringify(name)}`)
