import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { isV2Url, parseSimpleReturn, withRequestedWith } from './qualys-v2.js'

const expired = `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qg3.apps.qualys.com/api/2.0/simple_return.dtd">
<SIMPLE_RETURN>
  <RESPONSE>
    <DATETIME>2020-11-23T18:29:09Z</DATETIME>
    <CODE>2001</CODE>
    <TEXT>This account has expired.</TEXT>
  </RESPONSE>
</SIMPLE_RETURN>`

test('SIMPLE_RETURN: reads the code and text of the captured expired-account answer', () => {
  assert.equal(parseSimpleReturn(expired), { code: '2001', text: 'This account has expired.', items: {} })
})

test('SIMPLE_RETURN: items and CDATA, no code on success', () => {
  const body = `<SIMPLE_RETURN><RESPONSE><DATETIME>x</DATETIME><TEXT><![CDATA[Logged in & ok]]></TEXT>
  <ITEM_LIST><ITEM><KEY>CALLS_TO_FINISH</KEY><VALUE>1</VALUE></ITEM></ITEM_LIST></RESPONSE></SIMPLE_RETURN>`
  assert.equal(parseSimpleReturn(body), { text: 'Logged in & ok', items: { CALLS_TO_FINISH: '1' } })
})

test('SIMPLE_RETURN: other bodies are not mistaken for one', () => {
  assert.is(parseSimpleReturn('{"id":1}'), undefined)
  assert.is(parseSimpleReturn('<OPTION_PROFILES></OPTION_PROFILES>'), undefined)
})

test('X-Requested-With only on /api/2.0/ calls, never duplicated', () => {
  assert.ok(isV2Url('https://qualysapi.qg3.apps.qualys.com/api/2.0/fo/session/'))
  assert.not.ok(isV2Url('https://gateway.qg3.apps.qualys.com/connectors/v1.0/org/azure/'))
  const v2 = withRequestedWith({ method: 'GET', url: 'http://127.0.0.1:1/api/2.0/fo/x/?action=list', headers: {} })
  assert.equal(v2.headers, { 'X-Requested-With': 'scanplan' })
  const own = withRequestedWith({ method: 'GET', url: 'http://127.0.0.1:1/api/2.0/x', headers: { 'x-requested-with': 'me' } })
  assert.equal(own.headers, { 'x-requested-with': 'me' })
  const gateway = withRequestedWith({ method: 'GET', url: 'http://127.0.0.1:1/connectors/v1.0/x', headers: {} })
  assert.equal(gateway.headers, {})
})

test.run()
