import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { credentialCheck, expiryCheck } from './doctor-checks.js'

test('expiryCheck: core\'s rule, expired on the day itself (as compile\'s SPEC030), whole days counted to 00:00 UTC', () => {
  assert.is(expiryCheck('2027-01-31', new Date('2027-01-31T08:00:00Z')).message, 'the password expired on 2027-01-31 (today)')
  assert.is(expiryCheck('2027-01-31', new Date('2027-01-31T08:00:00Z')).status, 'fail')
  assert.is(expiryCheck('2027-01-31', new Date('2027-01-30T08:00:00Z')).message, 'the password expires on 2027-01-31, in less than a day')
  assert.is(expiryCheck('2027-01-31', new Date('2027-01-17T00:00:00Z')).status, 'ok')
  assert.is(expiryCheck(undefined, new Date()).status, 'skip')
})

test('credentialCheck: names what is missing, never a value', async () => {
  const uses = [{ path: 'source.password', ref: { env: 'QUALYS_PASSWORD' } }, { path: 'connectors[0].application.secret', ref: { env: 'AZURE_APP_SECRET' } }]
  const r = await credentialCheck(uses, { QUALYS_PASSWORD: 'never-shown' }, '/nowhere')
  assert.equal(r.check, { id: 'credentials', status: 'fail', message: 'not set: AZURE_APP_SECRET (connectors[0].application.secret)', help: 'export the environment variables (or create the files) named in the spec; values are never printed' })
  assert.not.match(JSON.stringify(r.check), /never-shown/)
})

test.run()
