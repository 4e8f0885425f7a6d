import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readSimEnv } from './sim-env.js'
import { simEnv } from './simulator-credentials.js'

// The simulator's state test holds the accounts against the default fixture; this holds the file users export.
test('examples/sim.env sets exactly the credentials the tests log in with', () => {
  assert.equal(readSimEnv(), { ...simEnv })
})

test.run()
