import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { resolvePlatform, type CompiledSource } from '@scanplan/core'
import { splitAccounts } from './accounts.js'
import type { SpecPlan } from './spec-run.js'

function source(site: string, username: string): CompiledSource {
  const resolved = resolvePlatform({ username })
  if (!resolved.ok) throw new Error(`no platform for ${username}`)
  return { site, username, auth: 'session', platform: resolved.platform }
}
const ok = (file: string, src: CompiledSource): SpecPlan => ({ file, diagnostics: [], source: src, requests: [], plan: { changes: [] } })
const refused = (file: string, src?: CompiledSource): SpecPlan => ({ file, diagnostics: [], ...(src ? { source: src } : {}), requests: [], error: 'Bad Login/Password', failure: 'auth' })

const t = suite('splitAccounts (--keep-going)')
const acme = source('acme-prod', 'acme3ab1')
const globex = source('globex', 'globx5gh1')

t('accounts in the order of their first spec; one failed spec holds its whole account back', () => {
  const accounts = splitAccounts([ok('a.yaml', acme), ok('g.yaml', globex), refused('a2.yaml', acme)], { prune: false })
  assert.equal(accounts.map((a) => [a.site, a.specs.map((s) => s.file), a.problem]), [
    ['acme-prod', ['a.yaml', 'a2.yaml'], 'a2.yaml: Bad Login/Password'],
    ['globex', ['g.yaml'], undefined],
  ])
})

t('a spec whose account is unknown is held alone; with --prune it holds every account back', () => {
  const planned = [ok('a.yaml', acme), refused('broken.yaml')]
  assert.equal(splitAccounts(planned, { prune: false }).map((a) => a.problem), [undefined, 'broken.yaml: Bad Login/Password'])
  const pruned = splitAccounts(planned, { prune: true })
  assert.match(pruned[0]!.problem!, /--prune and broken\.yaml, whose account is unknown/)
})

t.run()
