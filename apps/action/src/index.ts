import * as core from '@actions/core'
import { runAction } from './run-action.js'

// action.yml's entry (bundled into dist/index.cjs). Anything runAction did not turn into a message is a bug in the
// Action, not in the user's specs: say so and fail the step (no secret reaches an error here).
runAction().catch((error: unknown) => {
  core.setFailed(`scanplan action: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exitCode = 1
})
