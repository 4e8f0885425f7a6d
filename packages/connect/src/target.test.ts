import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { openTarget, TargetError } from './target.js'

test('no target: each spec keeps its platform URLs', async () => {
  const target = await openTarget(undefined)
  assert.is(target.url, undefined)
  await target.stop()
})

test('a URL: every call goes there, trailing slashes dropped', async () => {
  assert.is((await openTarget('http://127.0.0.1:4790/')).url, 'http://127.0.0.1:4790')
  assert.is((await openTarget('https://qualys.example/proxy//')).url, 'https://qualys.example/proxy')
})

test('`sim`: a simulator in this process that answers, told to the caller, stopped by stop() (twice is fine)', async () => {
  const notices: string[] = []
  const target = await openTarget('sim', { notice: (line) => notices.push(line) })
  try {
    assert.match(target.url!, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.match(notices.join('\n'), /started the Qualys simulator on http:\/\/127\.0\.0\.1:\d+/)
    const answer = await fetch(`${target.url}/api/2.0/fo/subscription/option_profile/vm/?action=list`)
    assert.ok(answer.status >= 200 && answer.status < 500, `the simulator answered ${answer.status}`)
    await answer.text()
  } finally {
    await target.stop()
    await target.stop()
  }
  const gone = await fetch(`${target.url}/`).then(
    () => 'answered',
    () => 'refused',
  )
  assert.is(gone, 'refused')
})

test('anything else is a TargetError with what fits', async () => {
  for (const [value, message] of [
    ['simulator', '`simulator` is neither `sim` nor a URL'],
    ['ftp://127.0.0.1/', '`ftp://127.0.0.1/` is not an http(s) URL'],
    ['http://user:pw-4c1f@127.0.0.1/', 'a target URL must not carry credentials'],
  ] as const) {
    const error = await openTarget(value).then(
      () => undefined,
      (e: unknown) => e,
    )
    assert.instance(error, TargetError)
    assert.is((error as TargetError).message, message)
    assert.ok((error as TargetError).help.length > 0)
    assert.not.ok((error as TargetError).message.includes('pw-4c1f'), 'credentials in a URL are not echoed')
  }
})

test.run()
