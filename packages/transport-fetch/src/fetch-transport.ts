import crossFetch from 'cross-fetch'
import {
  describeTarget,
  TransportError,
  type HttpRequest,
  type HttpResponse,
  type Transport,
  type TransportEvent,
  type TransportFailure,
} from '@scanplan/core/adapters'
import { backoffMs, classifyRefusal, isIdempotent, type Refusal } from './retry-policy.js'

/** The part of the WHATWG fetch API this transport uses; any fetch (cross-fetch, Node's own, undici) fits. */
export type FetchFunction = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal; redirect: 'manual' },
) => Promise<{ status: number; headers: { forEach(callback: (value: string, key: string) => void): void }; text(): Promise<string> }>

export interface FetchTransportOptions {
  /** Sent as `User-Agent` unless a request sets its own. */
  userAgent?: string
  /** Per attempt, from sending to the whole body read. Default 30 s. */
  timeoutMs?: number
  /**
   * How many times one request may be sent again after a failure (network error, timeout, 5xx). Default 5. Limit
   * refusals (409 codes 1960/1965, 429) do not count: they are waited out up to `maxServerWaitMs` in total.
   */
  maxRetries?: number
  /** First backoff step; doubles each attempt up to `maxDelayMs`. Defaults 500 ms and 30 s. */
  baseDelayMs?: number
  maxDelayMs?: number
  /**
   * The longest wait the transport accepts from the server (`Retry-After`, `X-RateLimit-ToWait-Sec`), and the most
   * time one request spends waiting out limit refusals in all. A rate-limit answer asking for more (Qualys can say
   * "another 23 hours") is returned to the caller instead. Default 5 min.
   */
  maxServerWaitMs?: number
  /** Every request, response and wait is reported here (logs, progress output). */
  onEvent?: (event: TransportEvent) => void
  fetch?: FetchFunction
  random?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export const DEFAULT_USER_AGENT = 'scanplan (+https://github.com/scanplan/scanplan)'

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Errors that prove the request never left this machine, so even a POST had no effect. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; errno?: unknown; cause?: { code?: unknown } }
  const code = e?.code ?? e?.cause?.code ?? e?.errno
  return typeof code === 'string' ? code : undefined
}

/**
 * The default transport: cross-fetch with a timeout per attempt (AbortController), a user agent, and retries with
 * exponential backoff and jitter. GET and PUT are retried on network errors, timeouts, 5xx and limit refusals; a
 * POST only on limit refusals (409 with Qualys' limit headers or codes, 429), which prove the call did not run,
 * unless the request is marked `repeatable` (a token request), which is retried like a GET.
 * A POST whose connection failed after sending raises a TransportError with `outcomeUnknown`.
 */
export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  const fetchImpl: FetchFunction = options.fetch ?? (crossFetch as unknown as FetchFunction)
  const timeoutMs = options.timeoutMs ?? 30_000
  const maxRetries = options.maxRetries ?? 5
  const backoff = { baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 30_000, random: options.random ?? Math.random }
  const maxServerWaitMs = options.maxServerWaitMs ?? 300_000
  const sleep = options.sleep ?? abortableSleep
  const emit = options.onEvent ?? (() => {})
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT

  async function attempt(request: HttpRequest, target: string, number: number): Promise<HttpResponse> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs)
    const signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal
    const headers: Record<string, string> = { ...request.headers }
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'user-agent')) headers['User-Agent'] = userAgent
    emit({ type: 'request', method: request.method, target, attempt: number })
    const started = Date.now()
    try {
      const response = await fetchImpl(request.url, {
        method: request.method,
        headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal,
        redirect: 'manual',
      })
      const body = await response.text()
      const responseHeaders: Record<string, string> = {}
      response.headers.forEach((value, key) => (responseHeaders[key.toLowerCase()] = value))
      emit({ type: 'response', method: request.method, target, status: response.status, ms: Date.now() - started })
      return { status: response.status, headers: responseHeaders, body }
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const target = describeTarget(request.url)
      // Failures (network, timeout, 5xx) spend the retry budget; limit refusals (409 1960/1965, 429) do not: the
      // call has not run and will pass once the limit frees, so they are bounded by total waiting time instead.
      let failures = 0
      let limitWaitedMs = 0
      for (let number = 1; ; number++) {
        let response: HttpResponse | undefined
        let failure: { kind: TransportFailure; sent: boolean; message: string } | undefined
        try {
          response = await attempt(request, target, number)
        } catch (error) {
          if (request.signal?.aborted) {
            throw new TransportError(`${request.method} ${target} was cancelled`, 'aborted', request.method, target, request.method === 'POST', number)
          }
          const timedOut = (error as Error)?.name === 'AbortError' || (error as Error)?.message === 'timeout'
          const code = errorCode(error)
          // Only the error's code and class are kept: a message could echo the request.
          failure = timedOut
            ? { kind: 'timeout', sent: true, message: `no answer within ${timeoutMs} ms` }
            : { kind: 'network', sent: !(code !== undefined && NOT_SENT.has(code)), message: `network error${code ? ` ${code}` : ''}` }
        }

        let refusal: Refusal | undefined
        if (response) {
          refusal = classifyRefusal(response, Date.now())
          if (!refusal) return response
          // The caller keeps the budget (it reads the limit headers): it waits, and learns of the refusal.
          if (refusal.kind === 'rate-limit' && request.pacedByCaller === true) return response
          // A 5xx on a POST may come after the object was created: like a dropped connection, its outcome is unknown.
          if (refusal.kind === 'server-error' && !isIdempotent(request.method) && request.repeatable !== true) return response
        } else if (failure && failure.sent && !isIdempotent(request.method) && request.repeatable !== true) {
          throw new TransportError(
            `${request.method} ${target}: ${failure.message}; the request may have reached the server`,
            failure.kind, request.method, target, true, number,
          )
        }

        const limited = refusal?.kind === 'rate-limit' || refusal?.kind === 'concurrency'
        if (!limited) failures++
        if (!limited && failures > maxRetries) {
          if (response) return response
          throw new TransportError(`${request.method} ${target}: ${failure!.message} (gave up after ${number} attempts)`, failure!.kind, request.method, target, false, number)
        }

        let waitMs = backoffMs(limited ? number : failures, backoff)
        let reason = failure ? failure.message : refusal!.reason
        if ((refusal?.kind === 'rate-limit' || refusal?.kind === 'server-error') && refusal.waitMs !== undefined) {
          if (refusal.waitMs > maxServerWaitMs) return response!
          // The server's own figure, plus a little jitter so that waiting clients do not return in lockstep.
          waitMs = Math.round(refusal.waitMs + backoff.random() * Math.min(1000, backoff.baseDelayMs))
          reason = `${refusal.reason}, server asks to wait ${Math.ceil(refusal.waitMs / 1000)} s`
        }
        if (limited) {
          limitWaitedMs += waitMs
          if (limitWaitedMs > maxServerWaitMs) return response!
        }
        emit({ type: 'retry', method: request.method, target, attempt: number, waitMs, reason })
        try {
          await sleep(waitMs, request.signal)
        } catch {
          throw new TransportError(`${request.method} ${target} was cancelled`, 'aborted', request.method, target, false, number)
        }
      }
    },
  }
}
