import { spawnSync } from 'node:child_process'
import { existsSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

// A child process makes the directories, so that its exit is the one that removes them.
function dirsMadeByAChild(): { removed: string; kept: string } {
  const module = new URL('./temp-dir.ts', import.meta.url).href
  const script = `import { tempDir } from '${module}'; console.log(JSON.stringify({ removed: tempDir('probe'), kept: tempDir('probe-kept', { keep: true }) }))`
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
  assert.is(child.status, 0, child.stderr)
  return JSON.parse(child.stdout) as { removed: string; kept: string }
}

test('a temp dir is named after what it holds and is gone when the process exits; a kept one stays', () => {
  const { removed, kept } = dirsMadeByAChild()
  try {
    assert.is(dirname(removed), tmpdir())
    assert.match(basename(removed), /^scanplan-probe-.{6}$/)
    assert.not.ok(existsSync(removed), 'removed at exit')
    assert.ok(statSync(kept).isDirectory(), 'kept')
  } finally {
    rmSync(kept, { recursive: true, force: true })
  }
})

test.run()
