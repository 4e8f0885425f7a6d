import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { daysLeftWords, passwordExpiry } from './password-expiry.js'

const at = (iso: string) => new Date(iso)

test('expired from 00:00 UTC of the day it names; whole days counted to that instant', () => {
  assert.equal(passwordExpiry('2027-01-31', at('2027-01-31T00:00:00Z')), { state: 'expired', expiresAt: at('2027-01-31T00:00:00Z'), daysAgo: 0 })
  assert.is(passwordExpiry('2027-01-31', at('2027-02-02T12:00:00Z')).state, 'expired')
  assert.equal(passwordExpiry('2027-01-31', at('2027-02-02T12:00:00Z')), { state: 'expired', expiresAt: at('2027-01-31T00:00:00Z'), daysAgo: 2 })
  assert.equal(passwordExpiry('2027-01-31', at('2027-01-30T23:59:59Z')), { state: 'expiring', expiresAt: at('2027-01-31T00:00:00Z'), daysLeft: 0 })
  assert.equal(passwordExpiry('2027-01-31', at('2027-01-17T00:00:01Z')), { state: 'expiring', expiresAt: at('2027-01-31T00:00:00Z'), daysLeft: 13 })
  assert.equal(passwordExpiry('2027-01-31', at('2027-01-17T00:00:00Z')), { state: 'valid', expiresAt: at('2027-01-31T00:00:00Z'), daysLeft: 14 })
})

test('daysLeftWords: the wording of SPEC031 and doctor', () => {
  assert.equal([0, 1, 5].map(daysLeftWords), ['in less than a day', 'in 1 day', 'in 5 days'])
})

test.run()
