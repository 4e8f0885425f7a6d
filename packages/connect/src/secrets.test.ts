import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SecretError } from '@scanplan/core/adapters'
import { readSecret, readSecretSync, secretsOfSpecFiles } from './secrets.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

const dir = tempDir('connect')
mkdirSync(join(dir, 'specs'))
writeFileSync(join(dir, 'specs', 'password'), 'file-pw-3b1c\n')
writeFileSync(join(dir, 'specs', 'empty'), '\n')
const sources = { env: { SET: 'env-pw-9d2e', EMPTY: '' }, baseDir: join(dir, 'specs') }

/** Both readers, so that every case holds for the start-up (sync) and the per-call (async) one alike. */
const readers = { async: readSecret, sync: async (...args: Parameters<typeof readSecretSync>) => readSecretSync(...args) }

for (const [kind, read] of Object.entries(readers)) {
  test(`${kind}: values from the environment and from files (one trailing newline dropped)`, async () => {
    assert.is(await read({ env: 'SET' }, 'source.password', sources), 'env-pw-9d2e')
    assert.is(await read({ file: 'password' }, 'source.password', sources), 'file-pw-3b1c')
    assert.is(await read({ file: join(dir, 'specs', 'password') }, 'source.password', { ...sources, baseDir: '/nowhere' }), 'file-pw-3b1c')
  })

  test(`${kind}: what cannot be read is a SecretError naming the place and the reason, never a value`, async () => {
    const failures = [
      [{ env: 'UNSET' }, 'unset', 'source.password: the environment variable UNSET is not set (export it, or load it from a file kept out of version control)'],
      [{ env: 'EMPTY' }, 'unset', 'source.password: the environment variable EMPTY is not set (export it, or load it from a file kept out of version control)'],
      [{ file: 'empty' }, 'empty', `source.password: the secret file ${join(dir, 'specs', 'empty')} is empty`],
      [{ file: 'missing' }, 'unreadable', `source.password: cannot read the secret file ${join(dir, 'specs', 'missing')} (ENOENT)`],
    ] as const
    for (const [ref, reason, message] of failures) {
      const error = await read(ref, 'source.password', sources).then(
        () => undefined,
        (e: unknown) => e,
      )
      assert.instance(error, SecretError)
      assert.is((error as SecretError).reason, reason)
      assert.is((error as SecretError).message, message)
    }
  })
}

test('a spec file reads its `{ file }` secrets from its own directory; stdin from the working directory', async () => {
  const secretsOf = secretsOfSpecFiles({ env: {}, cwd: dir })
  assert.is(await secretsOf('specs/acme.yaml')({ file: 'password' }, 'source.password'), 'file-pw-3b1c')
  writeFileSync(join(dir, 'password'), 'cwd-pw-77a0')
  assert.is(await secretsOf('<stdin>')({ file: 'password' }, 'source.password'), 'cwd-pw-77a0')
})

test.after(() => rmSync(dir, { recursive: true, force: true }))
test.run()
