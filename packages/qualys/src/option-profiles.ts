import { XMLParser } from 'fast-xml-parser'
import { OptionProfileNotFoundError } from './errors.js'

export interface OptionProfile {
  id: number
  title: string
  isDefault: boolean
}

const parser = new XMLParser({
  // Titles are CDATA; ids must stay exact numbers; every OPTION_PROFILE is a list even when there is one.
  cdataPropName: false,
  parseTagValue: false,
  processEntities: true,
  isArray: (name) => name === 'OPTION_PROFILE',
})

/**
 * The `OPTION_PROFILES` list (`option_profile_info.dtd`). Only `BASIC_INFO/ID` is read as the id: nested blocks
 * carry IDs of their own (https://docs.qualys.com/en/vm/api/scans/ops/ops_pc/update_pc_op.htm).
 */
export function parseOptionProfiles(xml: string): OptionProfile[] {
  const document = parser.parse(xml) as { OPTION_PROFILES?: { OPTION_PROFILE?: { BASIC_INFO?: Record<string, unknown> }[] } | '' }
  if (document.OPTION_PROFILES === undefined) throw new Error('the option profile list is not an OPTION_PROFILES document')
  const rows = document.OPTION_PROFILES === '' ? [] : (document.OPTION_PROFILES.OPTION_PROFILE ?? [])
  return rows.flatMap((row) => {
    const info = row.BASIC_INFO
    const id = Number(String(info?.ID ?? '').trim())
    if (!info || !Number.isSafeInteger(id)) return []
    return [{ id, title: String(info.GROUP_NAME ?? '').trim(), isDefault: String(info.IS_DEFAULT ?? '').trim() === '1' }]
  })
}

/** Titles match exactly (Qualys titles are user-chosen and "Initial Options" may have been renamed). */
export function findOptionProfile(profiles: OptionProfile[], title: string): OptionProfile {
  const found = profiles.find((p) => p.title === title)
  if (found) return found
  const defaultTitle = profiles.find((p) => p.isDefault)?.title
  const titles = profiles.map((p) => p.title)
  const listed = titles.length > 0 ? titles.map((t) => `"${t}"${t === defaultTitle ? ' (default)' : ''}`).join(', ') : 'none'
  const caseOnly = profiles.find((p) => p.title.toLowerCase() === title.toLowerCase())
  throw new OptionProfileNotFoundError(
    `no option profile titled "${title}" in this subscription; its profiles are ${listed}` +
      (caseOnly ? `; did you mean "${caseOnly.title}"? (titles match exactly)` : defaultTitle ? `; the default is "${defaultTitle}"` : ''),
    title,
    titles,
    defaultTitle,
  )
}
