import type { ParsedArgs } from '../parsed-args.js'
import type { CommandIO } from '../io.js'

export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  const { runPlanApply } = await import('../plan-apply.js')
  return runPlanApply(args, io, 'plan')
}
