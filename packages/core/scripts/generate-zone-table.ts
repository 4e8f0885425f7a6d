// `pnpm --filter @scanplan/core zones:generate`: rebuilds src/schedule/zone-table.generated.ts from the pinned
// moment-timezone's packed data. zone-table.test.ts fails when the checked-in table and the data disagree.
import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { deflateRawSync, constants } from 'node:zlib'
import { buildZoneTable, renderZoneTableModule, type PackedTzData } from '../src/schedule/zone-table.js'

const require = createRequire(import.meta.url)
const dataPath = require.resolve('moment-timezone/data/packed/latest.json')
const { version: momentVersion } = JSON.parse(await readFile(require.resolve('moment-timezone/package.json'), 'utf8')) as { version: string }
const data = JSON.parse(await readFile(dataPath, 'utf8')) as PackedTzData
const out = fileURLToPath(new URL('../src/schedule/zone-table.generated.ts', import.meta.url))
await writeFile(out, renderZoneTableModule(buildZoneTable(data, (bytes) => deflateRawSync(bytes, { level: constants.Z_BEST_COMPRESSION })), `moment-timezone ${momentVersion} data/packed/latest.json (tzdata ${data.version})`))
console.log(`wrote ${out}`)
