import { DAY_FULL_NAMES, KEYWORDS } from './vocabulary.js'
import { zoneTable } from './zone-table.generated.js'

let canonicalNames: readonly string[] | undefined

/**
 * Every canonical zone name of the pinned database, in table order (tzdb's own names, `UTC` for the UTC family):
 * what an editor completes a zone from. Read from the name table alone, so no zone is inflated.
 */
export function zoneNames(): readonly string[] {
  canonicalNames ??= zoneTable.names.filter(([, canonical], i) => canonical === i).map(([name]) => name)
  return canonicalNames
}

/**
 * The words of the schedule language an editor offers while a phrase is typed: the grammar's own keywords (the
 * vocabulary "did you mean" uses) and the day names, so completion can never offer a word the compiler refuses.
 */
export function scheduleWords(): { keywords: readonly string[]; days: readonly string[] } {
  return { keywords: KEYWORDS.filter((w) => w !== 'UTC' && w !== 'GMT'), days: Object.values(DAY_FULL_NAMES).map((d) => d.toLowerCase()) }
}
