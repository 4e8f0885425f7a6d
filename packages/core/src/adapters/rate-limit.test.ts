import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readRateLimit } from './rate-limit.js'

const now = Date.parse('2026-12-04T12:00:00Z')

test('the gateway headers as sent: limit, remaining, window and reset, whatever the case of the names', () => {
  assert.equal(readRateLimit({ 'X-RateLimit-Limit': '300', 'x-ratelimit-remaining': '12', 'x-ratelimit-window-sec': '3600', 'X-RateLimit-Reset': '1800' }, now), {
    limit: 300, remaining: 12, windowSec: 3600, resetMs: 1_800_000,
  })
})

test('blank headers (a gateway 429 seen in the wild) are absent, not 0', () => {
  assert.equal(readRateLimit({ 'x-ratelimit-limit': '', 'x-ratelimit-remaining': ' ', 'x-ratelimit-reset': '3600' }, now), { resetMs: 3_600_000 })
})

test('Retry-After in seconds or as an HTTP date; X-RateLimit-ToWait-Sec apart; a reset given as a Unix time', () => {
  assert.equal(readRateLimit({ 'retry-after': '7', 'x-ratelimit-towait-sec': '9' }, now), { retryAfterMs: 7000, toWaitMs: 9000 })
  assert.equal(readRateLimit({ 'retry-after': 'Fri, 04 Dec 2026 12:01:00 GMT' }, now), { retryAfterMs: 60_000 })
  assert.equal(readRateLimit({ 'x-ratelimit-reset': String(now / 1000 + 90) }, now), { resetMs: 90_000 })
  assert.equal(readRateLimit({ 'x-ratelimit-remaining': 'lots', 'retry-after': 'soon' }, now), {})
})

test.run()
