/**
 * Environment variable names derived from what a spec names (`init`'s starter and `import`'s secret references):
 * one owner, so that the two commands derive the same name from the same site.
 */

/** `Acme prod (EU) 1` -> `ACME_PROD_EU_1`: letters without accents, upper-case, every other run of characters `_`. */
export function envWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

/**
 * The prefix of a site's variable names (`acme-prod` -> `ACME_PROD`), so that the specs of five accounts do not all
 * read one `QUALYS_PASSWORD`; `''` for a site without letters or digits. A name must not start with a digit in a
 * shell: `1st` -> `SITE_1ST`.
 */
export function siteEnvPrefix(site: string): string {
  const prefix = envWords(site)
  return prefix === '' ? '' : /^\d/.test(prefix) ? `SITE_${prefix}` : prefix
}

/** `name` under the site's prefix: (`acme-prod`, `QUALYS_PASSWORD`) -> `ACME_PROD_QUALYS_PASSWORD`. */
export function siteEnvName(site: string, name: string): string {
  const prefix = siteEnvPrefix(site)
  const joined = prefix ? `${prefix}_${name}` : name
  return /^\d/.test(joined) ? `SITE_${joined}` : joined
}
