/** A call Qualys answered with an error: v2 `SIMPLE_RETURN` codes (whatever the HTTP status) or a gateway refusal. */
export class QualysApiError extends Error {
  override readonly name = 'QualysApiError'
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message)
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
