import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const bin = fileURLToPath(new URL('./bin.ts', import.meta.url))
const tsx = import.meta.resolve('tsx')

test('scanplan-webhook --port: the CLI\'s rule and message (@scanplan/connect/listen-port), exit 2 before anything starts', () => {
  for (const bad of ['eighty', '0x50']) {
    const r = spawnSync(process.execPath, ['--conditions=@scanplan/source', '--import', tsx, bin, '--port', bad], { encoding: 'utf8', env: { PATH: process.env.PATH } })
    assert.is(r.status, 2, r.stderr)
    assert.is(r.stderr, `error: invalid port \`${bad}\` for --port\nhelp: give a whole number from 0 to 65535 (0 picks a free port)\nusage: scanplan-webhook --config FILE [--port N] [--target URL|sim]\n`)
  }
})

test.run()
