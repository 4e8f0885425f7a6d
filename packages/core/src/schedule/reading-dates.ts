import { compileSchedule } from './compile.js'
import type { CompileScheduleOptions, CompileScheduleResult, FreeDateReader } from './types.js'

let reader: Promise<FreeDateReader> | undefined

/**
 * `compileSchedule`, and when the fast grammar found no start date it reads (DSL050), again with the free-form date
 * reader, which is loaded (chrono-node) on that path only, once. What `scanplan schedule`, `explain` and the playground
 * call; spec files use `compileSchedule` alone (their start dates are written as dates, docs/spec.md).
 */
export async function compileScheduleReadingDates(text: string, options: CompileScheduleOptions): Promise<CompileScheduleResult> {
  const fast = compileSchedule(text, options)
  if (fast.ok || options.readDate || !fast.diagnostics.some((d) => d.code === 'DSL050')) return fast
  reader ??= import('./free-dates.js').then((m) => m.loadFreeDateReader())
  return compileSchedule(text, { ...options, readDate: await reader })
}
