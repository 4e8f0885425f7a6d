// Preloaded with `--import` by tests: records every module URL the process resolves into the file named by
// SCANPLAN_RECORD_IMPORTS, one per line, so that a test can assert what a code path does NOT load.
import { register } from 'node:module'

const file = process.env.SCANPLAN_RECORD_IMPORTS
if (file) register(new URL('./record-imports-hooks.mjs', import.meta.url), { data: { file } })
