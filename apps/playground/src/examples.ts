/** Phrases offered as one-click examples: the common shapes, plus the traps the page exists to show. */
export const examplePhrases: readonly { phrase: string; shows: string }[] = [
  { phrase: 'scan weekly on MON,WED at 12:00 Asia/Colombo', shows: 'a weekly scan' },
  { phrase: 'every tuesday and friday at 6:15pm Europe/Madrid', shows: '12-hour time' },
  { phrase: 'weekdays at 07:45 in Asia/Singapore', shows: 'weekdays' },
  { phrase: 'daily at midnight UTC prefix nightly-edge', shows: 'a scan prefix' },
  { phrase: 'on sat,sun at 11am Africa/Nairobi using profile "PCI Scan"', shows: 'an option profile' },
  { phrase: 'daily at 02:30 America/New_York', shows: 'a DST gap' },
  { phrase: 'daily at 02:20 Europe/Berlin', shows: 'a DST gap and overlap' },
  { phrase: 'weekly on wed at 12:00 Europe/Lisbn', shows: 'a misspelt zone' },
]
