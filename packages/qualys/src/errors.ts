/** Qualys' codes for limit refusals (appendix D): generic, concurrency, rate. */
export const limitCodes: ReadonlySet<string> = new Set(['1920', '1960', '1965'])

/** Whether Qualys refused a call for its limits (v2 1920/1960/1965, gateway 429) rather than for its content. */
export function isLimitRefusal(error: unknown): error is QualysApiError {
  return error instanceof QualysApiError && (error.status === 429 || (error.code !== undefined && limitCodes.has(error.code)))
}

/** A call Qualys answered with an error: v2 `SIMPLE_RETURN` codes (whatever the HTTP status) or a gateway refusal. */
export class QualysApiError extends Error {
  override readonly name = 'QualysApiError'
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    /** What the gateway's error body said (its message and field errors), when it said anything. */
    readonly said?: string,
    /** A limit refusal's wait: v2 `SECONDS_TO_WAIT` (code 1965), a gateway 429's `Retry-After` or `X-RateLimit-Reset`. */
    readonly secondsToWait?: number,
  ) {
    super(message)
  }
}

/**
 * A create refused because the name is taken, while no listing showed a connector of that name: it exists where
 * this account's listings do not reach. Its id has to be pinned; a second connector is never made.
 */
export class ConnectorNotListedError extends Error {
  override readonly name = 'ConnectorNotListedError'
  constructor(
    readonly connectorName: string,
    readonly said: string,
  ) {
    super(`connector "${connectorName}" exists in Qualys but is not listed (the gateway refused the name: ${said}): pin its id in the spec, see \`scanplan import\``)
  }
}

/** `resolveOptionProfile` found no profile with that title; the message lists the titles that exist. */
export class OptionProfileNotFoundError extends Error {
  override readonly name = 'OptionProfileNotFoundError'
  constructor(
    message: string,
    readonly title: string,
    readonly available: string[],
    readonly defaultTitle: string | undefined,
  ) {
    super(message)
  }
}

/** An `/api/2.0/` call on a client with no API server sign-in (`auth: oidc`): nothing was sent. */
export class NoApiServerLoginError extends Error {
  override readonly name = 'NoApiServerLoginError'
}
