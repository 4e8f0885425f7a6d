import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Email, HHMM, IanaZone, IsoDate, PlatformIdCodec, Uuid } from './brands.js'
import { scanConfigProblem } from './perimeter-scan.js'

test('HH:MM is a 24-hour time of day', () => {
  for (const ok of ['00:00', '09:05', '12:00', '23:59']) assert.ok(HHMM.is(ok), ok)
  for (const bad of ['24:00', '9:05', '12:60', '12:00:00', '', '12h00']) assert.not.ok(HHMM.is(bad), bad)
})

test('IANA zones: the runtime tz database decides, UTC and aliases included', () => {
  for (const ok of ['Asia/Colombo', 'UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5']) assert.ok(IanaZone.is(ok), ok)
  for (const bad of ['Mars/Olympus', 'Asia/Colmbo', '', ' ', 'Europe/Paris; rm']) assert.not.ok(IanaZone.is(bad), bad)
})

test('emails, UUIDs (and the sample placeholder), platform ids, ISO dates', () => {
  assert.ok(Email.is('secops@acme.example'))
  for (const bad of ['secops', 'a@b', 'a b@c.d', '@acme.example']) assert.not.ok(Email.is(bad), bad)
  assert.ok(Uuid.is('6F1C2A4E-8D3B-4C5A-9E7F-1A2B3C4D5E6F'))
  assert.ok(Uuid.is('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'))
  assert.not.ok(Uuid.is('6f1c2a4e-8d3b-4c5a-9e7f'))
  assert.not.ok(Uuid.is('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxy'))
  assert.ok(PlatformIdCodec.is('KSA1') && PlatformIdCodec.is('private'))
  assert.not.ok(PlatformIdCodec.is('us3'))
  assert.ok(IsoDate.is('2028-02-29'))
  assert.not.ok(IsoDate.is('2027-02-29'))
  assert.not.ok(IsoDate.is('01/31/2027'))
})

test('a built scan configuration is checked against the CPS rules', () => {
  const config = { scanPrefix: 'p', optionProfileId: 1, recurrence: 'WEEKLY' as const, startDate: '10/05/2023', startTime: '12:00', timezone: 'Asia/Colombo', daysOfWeek: ['MON' as const] }
  assert.is(scanConfigProblem(config), undefined)
  assert.match(scanConfigProblem({ ...config, startTime: '24:00' })!, /startTime/)
  assert.match(scanConfigProblem({ ...config, startDate: '2023-10-05' })!, /startDate/)
  assert.match(scanConfigProblem({ ...config, timezone: 'Mars/Olympus' })!, /timezone/)
  assert.match(scanConfigProblem({ ...config, daysOfWeek: [] })!, /WEEKLY scan without days/)
  assert.match(scanConfigProblem({ ...config, recurrence: 'DAILY' })!, /days of the week with DAILY/)
})

test.run()
