import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { phraseFromUrl, urlWithPhrase } from './url-state.js'

test('a phrase survives the round trip through the URL, spaces, slashes, quotes and all', () => {
  const phrase = 'on sat,sun at 11am Africa/Nairobi using profile "PCI Scan" & more #1'
  const url = urlWithPhrase('http://127.0.0.1:4780/?x=1', phrase)
  assert.ok(url.startsWith('http://127.0.0.1:4780/?x=1#s='))
  assert.is(phraseFromUrl(url), phrase)
})

test('a URL without a fragment has no phrase, and an empty phrase clears the fragment', () => {
  assert.is(phraseFromUrl('http://127.0.0.1/'), undefined)
  assert.is(phraseFromUrl('http://127.0.0.1/#other=1'), undefined)
  assert.is(urlWithPhrase('http://127.0.0.1/#s=daily', ''), 'http://127.0.0.1/')
})

test.run()
