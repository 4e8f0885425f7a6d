import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { matchesPattern } from './patterns.js'
import { envWords, siteEnvName, siteEnvPrefix } from './variable-names.js'

test('site prefixes: upper-case words, never a leading digit', () => {
  assert.is(siteEnvPrefix('acme-prod'), 'ACME_PROD')
  assert.is(siteEnvPrefix('eu3.mssp'), 'EU3_MSSP')
  assert.is(siteEnvPrefix('1st'), 'SITE_1ST')
  assert.is(siteEnvPrefix('--'), '')
})

test('names under a site, valid environment variable names whatever the words', () => {
  assert.is(siteEnvName('acme-prod', 'QUALYS_PASSWORD'), 'ACME_PROD_QUALYS_PASSWORD')
  assert.is(siteEnvName('--', 'QUALYS_PASSWORD'), 'QUALYS_PASSWORD')
  assert.is(siteEnvName('acme-prod', `${envWords('AAAAAAAAAADELeeeeeeEEEEETE API Test 1 ')}_AZURE_SECRET`), 'ACME_PROD_AAAAAAAAAADELEEEEEEEEEEETE_API_TEST_1_AZURE_SECRET')
  assert.is(envWords('Übersee (EU) – Zürich'), 'UBERSEE_EU_ZURICH')
  for (const [site, words] of [['acme', '9 lives'], ['---', '2nd tenant'], ['x', '']] as const) {
    const name = siteEnvName(site, envWords(words) || 'CONNECTOR')
    assert.ok(matchesPattern('envName', name), name)
  }
})

test.run()
