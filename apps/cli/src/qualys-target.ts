import type { QualysTarget } from '@scanplan/connect'
import type { CommandIO } from './io.js'
import { info } from './output.js'
import { UsageError } from './usage-error.js'

/**
 * `--target URL` sends API-server and gateway calls to one URL (the simulator serves both); `--target sim` starts
 * the simulator in this process. `@scanplan/connect` opens it; here its refusal becomes a usage error (exit 2).
 */
export async function openTarget(value: unknown, io: CommandIO): Promise<QualysTarget> {
  const { openTarget: open, TargetError } = await import('@scanplan/connect')
  try {
    return await open(value === undefined ? undefined : String(value), { notice: (line) => info(io, line) })
  } catch (error) {
    if (error instanceof TargetError) throw new UsageError(`invalid --target: ${error.message}`, error.help)
    throw error
  }
}
