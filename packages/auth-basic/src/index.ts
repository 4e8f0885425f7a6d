import { withRequestedWith, type AuthStrategy, type HttpRequest } from '@scanplan/core/adapters'

export interface BasicAuthOptions {
  username: string
  password: string
}

/**
 * HTTP Basic on the v2 API (`/api/2.0/`). Nothing to open or close; `X-Requested-With` is added because Qualys
 * refuses v2 calls without it. Some v2 APIs (Domain, `/msp/user.php`) accept only Basic.
 */
export function createBasicAuth(options: BasicAuthOptions): AuthStrategy {
  if (!options.username || !options.password) throw new Error('basic auth needs a username and a password')
  const value = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`
  return {
    kind: 'basic',
    async authenticate(request: HttpRequest): Promise<HttpRequest> {
      return withRequestedWith({ ...request, headers: { ...request.headers, Authorization: value } })
    },
    async close(): Promise<void> {},
  }
}
