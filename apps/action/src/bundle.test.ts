import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

// action.yml runs the committed dist/index.cjs (a GitHub Action has no install step). A change to any source the
// Action bundles without bundling again must fail here, not in a user's workflow.

const t = suite('the committed bundle')

t('dist/index.cjs is exactly what scripts/bundle-action.mjs builds from the sources now', () => {
  const root = fileURLToPath(new URL('..', import.meta.url))
  // Built beside the committed file, so that the paths written into it (relative to the bundle) are the same.
  const fresh = join(root, 'dist', `.index.fresh-${process.pid}.cjs`)
  let same: boolean
  try {
    execFileSync(process.execPath, [join(root, 'scripts/bundle-action.mjs'), fresh], { stdio: 'inherit' })
    same = readFileSync(fresh, 'utf8') === readFileSync(join(root, 'dist/index.cjs'), 'utf8')
  } finally {
    rmSync(fresh, { force: true })
  }
  assert.ok(same, 'apps/action/dist/index.cjs is stale: run `pnpm --filter @scanplan/action bundle` and commit it')
})

t.run()
