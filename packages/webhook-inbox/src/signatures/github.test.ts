import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createGithubVerifier, signGithub } from './github.js'

// GitHub's documented example (docs.github.com, "Validating webhook deliveries").
const secret = "It's a Secret to Everybody"
const body = 'Hello, World!'
const expected = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'
const delivery = '72d3162e-cc78-11e3-81ab-4c9367dc0958'
const bytes = (text: string) => new TextEncoder().encode(text)
const headers = (signature: string | undefined, id: string | undefined = delivery) => ({
  'x-hub-signature-256': signature,
  'x-github-delivery': id,
})
const reasonOf = async (
  verify: ReturnType<typeof createGithubVerifier>,
  payload: string,
  h: Record<string, string | undefined>,
) => {
  const result = await verify(bytes(payload), h, 0)
  return result.ok ? 'ok' : result.reason
}

test("signing reproduces GitHub's documented vector", async () => {
  assert.is(await signGithub(secret, body), expected)
})

test('the documented vector verifies and yields the delivery id', async () => {
  const result = await createGithubVerifier([secret])(bytes(body), headers(expected), 0)
  assert.equal(result, { ok: true, deliveryId: delivery, text: body })
})

test('rotation: the second secret matches', async () => {
  assert.is(await reasonOf(createGithubVerifier(['old secret', secret]), body, headers(expected)), 'ok')
  assert.is(await reasonOf(createGithubVerifier(['old secret']), body, headers(expected)), 'no-matching-signature')
})

test('forged, truncated, wrong-algorithm and missing signatures are refused', async () => {
  const verify = createGithubVerifier([secret])
  assert.is(await reasonOf(verify, 'Hello, World?', headers(expected)), 'no-matching-signature')
  assert.is(await reasonOf(verify, body, headers(expected.slice(0, -2))), 'no-matching-signature')
  assert.is(await reasonOf(verify, body, headers(expected.replace('sha256=', 'sha1='))), 'no-matching-signature')
  assert.is(await reasonOf(verify, body, headers(expected.toUpperCase())), 'no-matching-signature')
  assert.is(await reasonOf(verify, body, headers(undefined)), 'missing-signature-headers')
  assert.is(await reasonOf(verify, body, { ...headers(expected), 'x-github-delivery': undefined }), 'missing-signature-headers')
  assert.is(await reasonOf(verify, '', headers(expected)), 'no-matching-signature')
})
test.run()
