export { createFetchTransport, DEFAULT_USER_AGENT, type FetchFunction, type FetchTransportOptions } from './fetch-transport.js'
export { backoffMs, classifyRefusal, isIdempotent, type Refusal } from './retry-policy.js'
