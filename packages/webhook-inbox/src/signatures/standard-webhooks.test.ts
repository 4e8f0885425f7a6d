import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { createStandardWebhooksVerifier, signStandardWebhook } from './standard-webhooks.js'

// The fixture shared by all seven Standard Webhooks reference libraries.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const timestamp = 1614265330
const body = '{"test": 2432232314}'
const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
const nowMs = timestamp * 1000

const bytes = (text: string) => new TextEncoder().encode(text)
const headers = (overrides: Record<string, string | undefined> = {}) => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': expected,
  ...overrides,
})

const vector = suite('Standard Webhooks shared vector')

vector('signing reproduces the shared signature', () => {
  assert.is(signStandardWebhook(secret, id, timestamp, body), expected)
})

vector('the shared vector verifies and yields the id and text', async () => {
  const verify = createStandardWebhooksVerifier([secret])
  const result = await verify(bytes(body), headers(), nowMs)
  assert.equal(result, { ok: true, deliveryId: id, text: body })
})

vector('the key works without its whsec_ prefix', async () => {
  const verify = createStandardWebhooksVerifier([secret.slice('whsec_'.length)])
  assert.ok((await verify(bytes(body), headers(), nowMs)).ok)
})

vector('rotation: any configured secret may match', async () => {
  const other = 'whsec_' + Buffer.from('another secret of at least 24 bytes!').toString('base64')
  const verify = createStandardWebhooksVerifier([other, secret])
  assert.ok((await verify(bytes(body), headers(), nowMs)).ok)
  const onlyOther = createStandardWebhooksVerifier([other])
  assert.equal(await onlyOther(bytes(body), headers(), nowMs), {
    ok: false,
    reason: 'no-matching-signature',
    message: 'no v1 signature matches any configured secret',
  })
})

vector('several signatures: an invalid v1 and a v2 entry next to the valid one', async () => {
  const verify = createStandardWebhooksVerifier([secret])
  const signature = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,${expected.slice(3)} ${expected}`
  assert.ok((await verify(bytes(body), headers({ 'webhook-signature': signature }), nowMs)).ok)
})

vector('a non-ASCII body and a zero-padded timestamp verify exactly as the library signs them', async () => {
  // The door computes the HMAC natively over the received bytes; the library (the reference) signs the decoded text.
  const text = '{"name": "Zürich – 東京 🛰", "note": "\ufeff"}'
  const verify = createStandardWebhooksVerifier([secret])
  const signature = signStandardWebhook(secret, id, timestamp, text)
  assert.equal(await verify(bytes(text), headers({ 'webhook-signature': signature }), nowMs), { ok: true, deliveryId: id, text })
  const padded = await verify(bytes(text), headers({ 'webhook-timestamp': `000${timestamp}`, 'webhook-signature': signature }), nowMs)
  assert.equal(padded, { ok: true, deliveryId: id, text })
  const changed = await verify(bytes(text.replace('ü', 'u')), headers({ 'webhook-signature': signature }), nowMs)
  assert.is(changed.ok, false)
})

const negative = suite('Standard Webhooks negative cases')

const reasonOf = async (overrides: Record<string, string | undefined>, payload = body, now = nowMs) => {
  const result = await createStandardWebhooksVerifier([secret])(bytes(payload), headers(overrides), now)
  return result.ok ? 'ok' : result.reason
}

negative('missing id, timestamp or signature', async () => {
  assert.is(await reasonOf({ 'webhook-id': undefined }), 'missing-signature-headers')
  assert.is(await reasonOf({ 'webhook-timestamp': undefined }), 'missing-signature-headers')
  assert.is(await reasonOf({ 'webhook-signature': undefined }), 'missing-signature-headers')
})

negative('a timestamp that is not a number', async () => {
  assert.is(await reasonOf({ 'webhook-timestamp': 'hello' }), 'bad-timestamp')
  // parseInt would accept this one; the verifier does not.
  assert.is(await reasonOf({ 'webhook-timestamp': `${timestamp}abc` }), 'bad-timestamp')
})

negative('a truncated signature', async () => {
  assert.is(await reasonOf({ 'webhook-signature': expected.slice(0, -1) }), 'no-matching-signature')
})

negative('a signature entry without version or with only v2', async () => {
  assert.is(await reasonOf({ 'webhook-signature': expected.slice(3) }), 'no-matching-signature')
  assert.is(await reasonOf({ 'webhook-signature': `v2,${expected.slice(3)}` }), 'no-matching-signature')
})

negative('timestamp more than five minutes old or in the future', async () => {
  assert.is(await reasonOf({}, body, nowMs + 301_000), 'stale-timestamp')
  assert.is(await reasonOf({}, body, nowMs - 301_000), 'stale-timestamp')
  assert.is(await reasonOf({}, body, nowMs + 299_000), 'ok')
  assert.is(await reasonOf({}, body, nowMs - 299_000), 'ok')
})

negative('a changed body, id or timestamp', async () => {
  assert.is(await reasonOf({}, '{"test": 2432232315}'), 'no-matching-signature')
  assert.is(await reasonOf({ 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJeK' }), 'no-matching-signature')
  assert.is(await reasonOf({ 'webhook-timestamp': String(timestamp + 1) }), 'no-matching-signature')
})

negative('an empty body does not verify against the vector signature', async () => {
  assert.is(await reasonOf({}, ''), 'no-matching-signature')
})

negative('an id with a full stop is refused', async () => {
  assert.is(await reasonOf({ 'webhook-id': 'msg.1' }), 'bad-delivery-id')
})

negative('a repeated signature header is refused', async () => {
  const verify = createStandardWebhooksVerifier([secret])
  const result = await verify(bytes(body), { ...headers(), 'webhook-signature': [expected, expected] }, nowMs)
  assert.is(result.ok ? 'ok' : result.reason, 'missing-signature-headers')
})

negative('bytes that are not UTF-8 are refused', async () => {
  const verify = createStandardWebhooksVerifier([secret])
  const result = await verify(new Uint8Array([0x7b, 0xff, 0x7d]), headers(), nowMs)
  assert.is(result.ok ? 'ok' : result.reason, 'body-not-utf8')
})

negative('a key that is not base64 fails at set-up', () => {
  assert.throws(() => createStandardWebhooksVerifier(['whsec_']), /secret #1/)
  assert.throws(() => createStandardWebhooksVerifier([]), /at least one secret/)
})

vector.run()
negative.run()
