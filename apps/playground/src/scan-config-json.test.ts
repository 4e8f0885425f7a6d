import { compileSchedule, type Schedule } from '@scanplan/core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { scanConfigJson } from './scan-config-json.js'

const now = new Date('2026-11-22T10:00:00Z')

function schedule(phrase: string): Schedule {
  const result = compileSchedule(phrase, { now })
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
  return result.schedule
}

test('every field the phrase gives, in the seed request order', () => {
  const json = scanConfigJson(schedule('scan weekly on MON,WED at 12:00 Asia/Colombo starting 2027-01-04 prefix custom-scan using profile 240981'))
  assert.is(
    json,
    JSON.stringify(
      { connectorScanConfig: { scanPrefix: 'custom-scan', optionProfileId: 240981, recurrence: 'WEEKLY', startDate: '01/04/2027', startTime: '12:00', timezone: 'Asia/Colombo', daysOfWeek: ['MON', 'WED'] } },
      null,
      2,
    ),
  )
})

test('a profile title gets no invented id: the body leaves it out and a comment says who resolves it', () => {
  const json = scanConfigJson(schedule('daily at 06:00 UTC using profile "PCI Scan"'))
  const [body, comment] = json.split('\n//')
  assert.equal(JSON.parse(body!), { connectorScanConfig: { recurrence: 'DAILY', startTime: '06:00', timezone: 'UTC', daysOfWeek: [] } })
  assert.match(comment!, /"PCI Scan".*scanplan plan/)
})

test.run()
