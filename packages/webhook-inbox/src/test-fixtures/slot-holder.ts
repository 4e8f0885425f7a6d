// A process that takes every slot of one account and holds them until it is killed (postgres-slots.test.ts).
import { openPostgresSlots } from '../limits/postgres-slots.js'

const [url, key] = process.argv.slice(2)
const limit = openPostgresSlots({ connectionString: url! }).limitFor({ key: key!, gateway: 'http://127.0.0.1', username: 'holder' }, 2)
for (let i = 0; i < 2; i++) {
  void limit.run(() => {
    process.stdout.write('held\n')
    return new Promise<never>(() => {})
  })
}
