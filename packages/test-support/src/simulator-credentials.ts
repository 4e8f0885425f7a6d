/**
 * The accounts of the simulator's default fixture (`@scanplan/qualys-sim`'s fixtures/default.json), as the tests of
 * every package log in with them. Fake values that only open the local simulator.
 *
 * They are written here once instead of read from the fixture because the simulator's own tests use them too, and
 * a test-support package that depended on the simulator could not be a dependency of the simulator's tests (a
 * package cycle). The simulator's state test holds each value against its fixture, and this package's test holds
 * `simEnv` against examples/sim.env, so none of the three can drift.
 */

/** Acme Corp (subscription 1003451, US3): the active user the example specs name. */
export const acme = { username: 'acme3ab1', password: 'sim-acme3ab1-not-a-real-password', subscription: '1003451' }
/** Acme's inactive user (EULA not accepted). */
export const acmeInactive = { username: 'acme3cd2', password: 'sim-acme3cd2-not-a-real-password' }
/** Acme's user whose account has expired (Qualys code 2001). */
export const acmeExpired = { username: 'acme3ef3', password: 'sim-acme3ef3-not-a-real-password' }
/** Acme's OIDC client, acting as acme3ab1. */
export const acmeOidcClient = { clientId: '0c1d2e3f-4a5b-4c6d-8e7f-000000000a01', clientSecret: 'sim-oidc-client-secret-not-real' }
/** Globex GmbH (EU2, a v2 rate of 60 and one concurrent call). */
export const globex = { username: 'globx5gh1', password: 'sim-globx5gh1-not-a-real-password' }
/** Initech (the third subscription). */
export const initech = { username: 'initc2pl1', password: 'sim-initc2pl1-not-a-real-password' }

/** The Azure application secret the example specs read; the simulator accepts any, this one is recognisably fake. */
export const azureAppSecret = 'sim-azure-app-secret-not-real'

/** The environment examples/sim.env sets, which opens the default fixture with the example specs. */
export const simEnv: Readonly<Record<string, string>> = Object.freeze({
  QUALYS_PASSWORD: acme.password,
  AZURE_APP_SECRET: azureAppSecret,
  QUALYS_CLIENT_ID: acmeOidcClient.clientId,
  QUALYS_CLIENT_SECRET: acmeOidcClient.clientSecret,
})
