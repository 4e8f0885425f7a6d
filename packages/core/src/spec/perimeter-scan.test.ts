import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { dateInZone } from './perimeter-scan.js'

// The default start date is "today" in the schedule's zone, read from core's zone table: these instants are near
// midnight in zones far from UTC, where a day's difference shows at once.
test('dateInZone: today in the zone, from core\'s zone table, around local midnight', () => {
  assert.is(dateInZone(new Date('2026-06-01T09:59:59Z'), 'Pacific/Kiritimati'), '06/01/2026', 'UTC+14: 23:59:59 local')
  assert.is(dateInZone(new Date('2026-06-01T10:00:00Z'), 'Pacific/Kiritimati'), '06/02/2026', 'UTC+14: already the next day')
  assert.is(dateInZone(new Date('2026-06-01T02:29:00Z'), 'America/St_Johns'), '05/31/2026', 'UTC-2:30 (summer): 23:59 the day before')
  assert.is(dateInZone(new Date('2026-06-01T02:30:00Z'), 'America/St_Johns'), '06/01/2026')
  assert.is(dateInZone(new Date('2026-01-01T03:29:00Z'), 'America/St_Johns'), '12/31/2025', 'UTC-3:30 (winter): the old year')
  assert.is(dateInZone(new Date('2026-01-01T03:30:00Z'), 'America/St_Johns'), '01/01/2026')
})

test.run()
