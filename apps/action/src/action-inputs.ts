import * as core from '@actions/core'
import { specPatterns } from './spec-paths.js'

/** What a workflow's `with:` gives the Action (action.yml lists and documents each input). */
export interface ActionInputs {
  command: 'plan' | 'apply'
  specs: string[]
  target?: string
  detailedExitcode: boolean
  planFile?: string
}

export class InputError extends Error {}

const commands = ['plan', 'apply'] as const

/** Reads the `INPUT_*` variables the runner sets, through @actions/core; a wrong value is an InputError saying which. */
export function readActionInputs(): ActionInputs {
  const command = core.getInput('command') || 'plan'
  if (!(commands as readonly string[]).includes(command)) throw new InputError(`the input \`command\` is \`${command}\`: write \`plan\` or \`apply\``)
  const detailed = core.getInput('detailed-exitcode') || 'false'
  if (!['true', 'false'].includes(detailed.toLowerCase())) throw new InputError(`the input \`detailed-exitcode\` is \`${detailed}\`: write \`true\` or \`false\``)
  const specs = specPatterns(core.getInput('specs'))
  const target = core.getInput('target')
  const planFile = core.getInput('plan-file')
  if (specs.length === 0 && !(command === 'apply' && planFile)) {
    throw new InputError(command === 'apply' ? 'give the input `specs` (the spec files to plan and apply) or `plan-file` (a plan saved by `command: plan`)' : 'give the input `specs`: the spec files to plan, as paths or globs (e.g. `specs/*.yaml`)')
  }
  if (command === 'apply' && detailed.toLowerCase() === 'true') throw new InputError('`detailed-exitcode` is for `command: plan` (exit 4 when the plan has changes): drop it from the apply step')
  if (specs.length > 0 && command === 'apply' && planFile) throw new InputError('`command: apply` takes `specs` or `plan-file`, not both: a saved plan is applied exactly as it was planned')
  return {
    command: command as ActionInputs['command'],
    specs,
    ...(target ? { target } : {}),
    detailedExitcode: detailed.toLowerCase() === 'true',
    ...(planFile ? { planFile } : {}),
  }
}
