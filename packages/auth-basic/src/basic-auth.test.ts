import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createFetchTransport } from '@scanplan/transport-fetch'
import { createBasicAuth } from './index.js'

const transport = createFetchTransport()

test('Basic header (UTF-8) and X-Requested-With on v2 calls', async () => {
  const auth = createBasicAuth({ username: 'acme3ab1', password: 'pä55:word' })
  const request = await auth.authenticate({ method: 'GET', url: 'http://127.0.0.1:9/api/2.0/fo/x/?action=list', headers: { Accept: 'text/xml' } }, { transport })
  assert.equal(request.headers, {
    Accept: 'text/xml',
    Authorization: `Basic ${Buffer.from('acme3ab1:pä55:word').toString('base64')}`,
    'X-Requested-With': 'scanplan',
  })
})

test('refuses to be made without credentials, without echoing them', () => {
  assert.throws(() => createBasicAuth({ username: 'acme3ab1', password: '' }), /needs a username and a password/)
})

test.run()
