import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { expandSpecs, SpecPathError, specPatterns } from './spec-paths.js'

const t = suite('spec paths')

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'scanplan-action-specs-'))
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), 'x')
  }
  return dir
}

t('the input splits on newlines and commas and drops blanks', () => {
  assert.equal(specPatterns('specs/a.yaml, specs/b.yaml\n\n  specs/*.json \n,'), ['specs/a.yaml', 'specs/b.yaml', 'specs/*.json'])
})

t('globs expand to sorted files relative to cwd, plain paths stay as written, each file once', async () => {
  const dir = tree(['specs/b.yaml', 'specs/a.yaml', 'specs/nested/c.yaml', 'specs/notes.md'])
  assert.equal(await expandSpecs(['specs/*.yaml'], dir), ['specs/a.yaml', 'specs/b.yaml'])
  assert.equal(await expandSpecs(['specs/**/*.yaml'], dir), ['specs/a.yaml', 'specs/b.yaml', 'specs/nested/c.yaml'])
  assert.equal(await expandSpecs(['specs/b.yaml', 'specs/*.yaml', 'missing.yaml'], dir), ['specs/b.yaml', 'specs/a.yaml', 'missing.yaml'])
  assert.equal(await expandSpecs(['specs/{a,nested/c}.yaml'], dir), ['specs/a.yaml', 'specs/nested/c.yaml'])
})

t('a glob that matches nothing is an error naming it', async () => {
  const dir = tree(['specs/a.yaml'])
  try {
    await expandSpecs(['spec/*.yaml'], dir)
    assert.unreachable('no error')
  } catch (error) {
    assert.instance(error, SpecPathError)
    assert.match((error as Error).message, 'the specs pattern `spec/*.yaml` matches no file')
  }
})

t.run()
