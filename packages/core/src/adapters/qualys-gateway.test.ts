import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { gatewayErrorMessage } from './qualys-gateway.js'

test('gateway JSON errors: message and field errors', () => {
  const body = JSON.stringify({ status: 400, error: 'Bad Request', message: 'invalid connector: 2 problem(s)', errors: [{ field: 'name', message: 'already used' }, { field: 'x', message: 'bad' }] })
  assert.is(gatewayErrorMessage(body), 'invalid connector: 2 problem(s); name: already used; x: bad')
})

test('other bodies verbatim, shortened', () => {
  assert.is(gatewayErrorMessage('  Unauthorized \n'), 'Unauthorized')
  assert.is(gatewayErrorMessage('x'.repeat(50), 10), `${'x'.repeat(9)}…`)
  assert.is(gatewayErrorMessage(''), '')
})

test.run()
