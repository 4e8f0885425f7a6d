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
    // OIDC client credentials sign in to the gateway. The API server takes the same token only where Qualys Support
    // enabled it for the subscription (oauth_oidc.htm): `source.oidcOnApiServer` says so, and then option profile
    // titles are looked up with it; otherwise there is no v2 login and option profiles are given by numeric id.
    // The client's level picks the token endpoint; the other one answers 401, as a wrong secret does.
    const level = source.clientLevel ?? 'user'
    const other = level === 'user' ? 'subscription' : 'user'
    const refusedHint = `the endpoint of ${level}-level clients, as \`source.clientLevel: ${level}\` says; if this is a ${other}-level client, set \`clientLevel: ${other}\` under source (${oidcTokenPaths[other]})`
    const oidc = createOidcAuth({
      clientId: await need(source.clientId, 'clientId'),
      clientSecret: await need(source.clientSecret, 'clientSecret'),
      tokenPath: oidcTokenPaths[level],
      refusedHint,
    })
    if (source.oidcOnApiServer !== true) return { gateway: oidc }
    return {
      v2: oidc,
      gateway: oidc,
      apiServerRefusedHint:
        'the API server did not take the OIDC token: Qualys Support enables OIDC on /api/2.0/ per subscription (oauth_oidc.htm); until it is, remove `oidcOnApiServer` from source and give option profiles by numeric id',
    }
  }
  const password = await need(source.password, 'password')
  const credentials = { username: source.username, password }
  return {
    v2: source.auth === 'session' ? createSessionAuth(credentials) : createBasicAuth(credentials),
    gateway: createJwtAuth(credentials),
  }
}
