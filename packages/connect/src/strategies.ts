import { createBasicAuth } from '@scanplan/auth-basic'
import { createJwtAuth } from '@scanplan/auth-jwt'
import { createOidcAuth, oidcTokenPaths } from '@scanplan/auth-oidc'
import { createSessionAuth } from '@scanplan/auth-session'
import type { SecretReader, SecretRef } from '@scanplan/core/adapters'
import type { AuthStrategies, SourceAccount } from '@scanplan/qualys'

/**
 * The auth strategies a spec's `source.auth` asks for, secrets read through `secrets`. A `StrategiesFor` of
 * `@scanplan/qualys`: pass another to `createQualysPool` (or the CLI's and the webhook's `strategiesFor`) to sign
 * in some other way.
 */
export async function strategiesForAuthKind(source: SourceAccount, secrets: SecretReader): Promise<AuthStrategies> {
  const need = (ref: SecretRef | undefined, key: string) => {
    if (!ref) throw new Error(`source.${key} is required for auth: ${source.auth}`)
    return secrets(ref, `source.${key}`)
  }
  if (source.auth === 'oidc') {
    // OIDC client credentials sign in to the gateway only: the API server does not take the token (Qualys enables
    // that per subscription, on request), so there is no v2 login and option profiles are given by numeric id.
    // The client's level picks the token endpoint; the other one answers 401, as a wrong secret does.
    const level = source.clientLevel ?? 'user'
    const other = level === 'user' ? 'subscription' : 'user'
    const refusedHint = `the endpoint of ${level}-level clients, as \`source.clientLevel: ${level}\` says; if this is a ${other}-level client, set \`clientLevel: ${other}\` under source (${oidcTokenPaths[other]})`
    return {
      gateway: createOidcAuth({
        clientId: await need(source.clientId, 'clientId'),
        clientSecret: await need(source.clientSecret, 'clientSecret'),
        tokenPath: oidcTokenPaths[level],
        refusedHint,
      }),
    }
  }
  const password = await need(source.password, 'password')
  const credentials = { username: source.username, password }
  return {
    v2: source.auth === 'session' ? createSessionAuth(credentials) : createBasicAuth(credentials),
    gateway: createJwtAuth(credentials),
  }
}
