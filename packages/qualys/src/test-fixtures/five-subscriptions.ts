/**
 * Five simulator subscriptions (alpha ... echo), one user each (`<company>3ab1`, US3) with the "Initial Options"
 * profile 240981: the account spread that the concurrency tests and the apply benchmark run over.
 */
export const companies = ['alpha', 'bravo', 'charl', 'delta', 'echo'] as const

/** The password of `<company>3ab1`; `suffix` keeps the runs of different suites apart in their secret scans. */
export const companyPassword = (company: string, suffix = 'pw-not-real') => `sim-${company}-${suffix}`

export function fiveSubscriptionsFixture(passwordSuffix?: string) {
  return {
    subscriptions: companies.map((company, i) => ({
      id: 5000 + i,
      uuid: `00000000-0000-4000-8000-00000000000${i}`,
      company,
      platform: 'US3',
      vmActivated: true,
      optionProfiles: [{ id: 240981, title: 'Initial Options', isDefault: true, isGlobal: true }],
      users: [{ username: `${company}3ab1`, password: companyPassword(company, passwordSuffix), uuid: `00000000-0000-4000-9000-00000000000${i}`, fullName: company }],
    })),
  }
}
