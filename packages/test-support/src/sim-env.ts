import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseEnv } from 'node:util'

/** examples/sim.env: the credentials a user exports to open the simulator's default fixture. */
export const simEnvFile = fileURLToPath(new URL('../../../examples/sim.env', import.meta.url))

/**
 * The variables examples/sim.env sets, read as `set -a; . examples/sim.env` would (node's dotenv parser: comments
 * and blank lines skipped). For tests that run the tools the way the docs tell a user to; the same values are
 * `simEnv` in ./simulator-credentials.
 */
export function readSimEnv(file = simEnvFile): Record<string, string> {
  return Object.fromEntries(Object.entries(parseEnv(readFileSync(file, 'utf8'))).filter((entry): entry is [string, string] => entry[1] !== undefined))
}
