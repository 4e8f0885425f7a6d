import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const example = readFileSync(fileURLToPath(new URL('../../../../examples/seed-azure-org.yaml', import.meta.url)), 'utf8')
const connectorStart = example.indexOf('  - kind: azure-org')
const oneConnector = example.slice(connectorStart)
/** The seed's placeholder ids (refused by plan, SPEC060) made real: a distinct id per place, per connector. */
const withIds = (text: string, connector: number) => {
  let n = 0
  return text.replaceAll('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', () => `0000000${connector}-0000-4000-8000-${String(++n).padStart(12, '0')}`)
}

/** The seed spec with two connectors ("matrix tenant A" and "B"), both on `schedule`. */
export const twoConnectors = (schedule: string) =>
  (example.slice(0, connectorStart) +
    withIds(oneConnector.replace('"AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "', '"matrix tenant A"'), 1) +
    withIds(oneConnector.replace('"AAAAAAAAAADELeeeeeeEEEEETE API Test 1 "', '"matrix tenant B"').replace('prefixName: CPS Name', 'prefixName: CPS B'), 2))
    .replaceAll('daily at 12:00 Asia/Colombo starting 2023-10-05', schedule)
