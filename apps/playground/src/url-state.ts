/**
 * The phrase lives in the URL fragment (`#s=...`), so a link shares it and no server ever sees it: the page
 * is static and works from any host, or offline once loaded.
 */

const key = 's'

export function phraseFromUrl(url: string): string | undefined {
  const hash = new URL(url).hash.replace(/^#/, '')
  if (!hash) return undefined
  return new URLSearchParams(hash).get(key) ?? undefined
}

/** `url` with its fragment set to the phrase (other parts untouched); an empty phrase clears the fragment. */
export function urlWithPhrase(url: string, phrase: string): string {
  const u = new URL(url)
  u.hash = phrase === '' ? '' : new URLSearchParams({ [key]: phrase }).toString()
  return u.toString()
}
