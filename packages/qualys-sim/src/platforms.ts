/**
 * The Qualys platforms the simulator can pretend to be, keyed by platform name. Hand-written here rather than
 * taken from `@scanplan/core`: the simulator must check the compiler's platform table, not agree with it.
 * Source: https://www.qualys.com/platform-identification/ (the official platform-identification page).
 */
export interface PlatformInfo {
  /** The character after the company acronym in usernames on this platform. */
  identifiers: string[]
  apiServer: string
  gateway: string
  /** Used in `X-Powered-By: Qualys:<POD>:...`; only USPOD3 is attested, the rest follow its pattern. */
  pod: string
}

export const platforms: Record<string, PlatformInfo> = {
  US1: { identifiers: ['_'], apiServer: 'https://qualysapi.qualys.com', gateway: 'https://gateway.qg1.apps.qualys.com', pod: 'USPOD1' },
  US2: { identifiers: ['2'], apiServer: 'https://qualysapi.qg2.apps.qualys.com', gateway: 'https://gateway.qg2.apps.qualys.com', pod: 'USPOD2' },
  US3: { identifiers: ['3'], apiServer: 'https://qualysapi.qg3.apps.qualys.com', gateway: 'https://gateway.qg3.apps.qualys.com', pod: 'USPOD3' },
  US4: { identifiers: ['6'], apiServer: 'https://qualysapi.qg4.apps.qualys.com', gateway: 'https://gateway.qg4.apps.qualys.com', pod: 'USPOD4' },
  EU1: { identifiers: ['-'], apiServer: 'https://qualysapi.qualys.eu', gateway: 'https://gateway.qg1.apps.qualys.eu', pod: 'EUPOD1' },
  EU2: { identifiers: ['5', '!'], apiServer: 'https://qualysapi.qg2.apps.qualys.eu', gateway: 'https://gateway.qg2.apps.qualys.eu', pod: 'EUPOD2' },
  EU3: { identifiers: ['B'], apiServer: 'https://qualysapi.qg3.apps.qualys.it', gateway: 'https://gateway.qg3.apps.qualys.it', pod: 'EUPOD3' },
  IN1: { identifiers: ['8'], apiServer: 'https://qualysapi.qg1.apps.qualys.in', gateway: 'https://gateway.qg1.apps.qualys.in', pod: 'INPOD1' },
  CA1: { identifiers: ['9'], apiServer: 'https://qualysapi.qg1.apps.qualys.ca', gateway: 'https://gateway.qg1.apps.qualys.ca', pod: 'CAPOD1' },
  AE1: { identifiers: ['7'], apiServer: 'https://qualysapi.qg1.apps.qualys.ae', gateway: 'https://gateway.qg1.apps.qualys.ae', pod: 'AEPOD1' },
  UK1: { identifiers: ['1'], apiServer: 'https://qualysapi.qg1.apps.qualys.co.uk', gateway: 'https://gateway.qg1.apps.qualys.co.uk', pod: 'UKPOD1' },
  AU1: { identifiers: ['4'], apiServer: 'https://qualysapi.qg1.apps.qualys.com.au', gateway: 'https://gateway.qg1.apps.qualys.com.au', pod: 'AUPOD1' },
  KSA1: { identifiers: ['A'], apiServer: 'https://qualysapi.qg1.apps.qualysksa.com', gateway: 'https://gateway.qg1.apps.qualysksa.com', pod: 'KSAPOD1' },
}

/** The platform a username names by its identifier (`acme3ab1` -> US3), or undefined when it names none. */
export function platformOfUsername(username: string): string | undefined {
  // `<company acronym><platform identifier><initials><number>`: the first character after the lowercase prefix.
  const identifier = /^[a-z]+(.)/.exec(username)?.[1]
  if (identifier === undefined) return undefined
  return Object.entries(platforms).find(([, p]) => p.identifiers.includes(identifier))?.[0]
}
