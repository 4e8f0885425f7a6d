import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { isListenPort, parseListenPort, portHelp } from './listen-port.js'

test('parseListenPort: 0 to 65535 in decimal digits; anything else names the flag and says what fits', () => {
  assert.equal(parseListenPort('0', '--port'), { ok: true, port: 0 })
  assert.equal(parseListenPort('65535', '--port'), { ok: true, port: 65535 })
  for (const bad of ['65536', '-1', '', ' 80', '80.0', '0x50', '8e3', '99999999']) {
    assert.equal(parseListenPort(bad, '--port'), { ok: false, message: `invalid port \`${bad}\` for --port`, help: portHelp }, bad)
  }
})

test('isListenPort: the same range for a number read from a configuration file', () => {
  assert.ok(isListenPort(0) && isListenPort(9000) && isListenPort(65535))
  assert.not.ok(isListenPort(65536) || isListenPort(-1) || isListenPort(80.5) || isListenPort(Number.NaN))
})

test.run()
