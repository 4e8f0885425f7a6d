/**
 * Readings of the Qualys documentation the simulator can play, one name each. Without any, it plays the reading
 * scanplan was first written against (the seed release note: `AZURE/list` lists organization connectors, `PUT`
 * with the numeric id, run frequencies echoed as sent, 429 with `Retry-After`). docs/simulator.md gives the public
 * source of each.
 */
export const variantNames = [
  /** `AZURE/list` shows account-level connectors only; organization connectors appear in `valid-org-connectors`. */
  'org-list-absent',
  /** Update is `POST .../org/azure/{id}` (the docs page heading); `PUT` gets 405. */
  'update-post',
  /** The update path takes the connector's `uuid` (the release note's curl); a numeric id gets 404. */
  'update-by-uuid',
  /** Answers carry run frequencies as strings of minutes, rounded up to whole days (release 2.14). */
  'frequency-minutes',
  /** 429 without `Retry-After`, blank rate headers, `X-RateLimit-Reset` set; the lockout lasts to the window's end. */
  'gateway-429-bare',
  /** `optionProfileId` echoed as a string. */
  'profile-id-string',
  /** The token endpoints answer 503 now and then (every other token request). */
  'token-503',
] as const

export type Variant = (typeof variantNames)[number]

export class VariantError extends Error {
  override readonly name = 'VariantError'
}

/** Checks a list of variant names (from a flag, a fixture or an option), naming the unknown ones. */
export function checkVariants(value: unknown, where: string): Variant[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new VariantError(`${where}: expected an array of variant names (${variantNames.join(', ')})`)
  const unknown = value.filter((v) => !(variantNames as readonly string[]).includes(v))
  if (unknown.length > 0) throw new VariantError(`${where}: unknown variant ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${variantNames.join(', ')}`)
  return [...new Set(value as Variant[])]
}

/** `a,b` as given to `scanplan sim --variant`. */
export function parseVariantList(text: string): Variant[] {
  return checkVariants(
    text.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    '--variant',
  )
}
