import { seededRandom } from '@scanplan/test-support/seeded-random'

/**
 * Reproducible phrase generator for the schedule fuzz test (100,000 phrases) and `pnpm fuzz:schedule` (1,000,000):
 * mutated real phrases, random sequences of the language's own tokens, and random text.
 */

const SEED_PHRASES = [
  'scan weekly on MON,WED at 12:00 Asia/Colombo starting 2023-10-05 prefix custom-scan using profile "Initial Options"',
  'every tuesday and friday at 6:15pm Europe/Madrid',
  'weekdays at 07:45 in Asia/Singapore',
  'daily at midnight UTC prefix nightly-edge',
  'on sat,sun at 11am Africa/Nairobi using profile "PCI Scan"',
  'daily at 03:10 Asia/Saigon',
  'weekly on thu at 09:00 UTC starting next thursday',
  'daily at 02:20 Europe/Berlin',
  'every 3 weeks on mon at 10:00 UTC',
  'daily at 8 Asia/Tokyo',
  'on fri-mon at 09:00 UTC starting 13/05/2023',
  'every day except sunday at 07:00 US/Eastern starting July 4, 2024',
  '0 12 * * 1,3',
  'daily at 09:00 UTC+05:30 using profile 240981',
]

const TOKENS = [
  'scan', 'daily', 'weekly', 'every', 'each', 'day', 'week', 'on', 'at', 'except', 'and', ',', '&', '-', '..', 'to', 'through',
  'weekdays', 'weekend', 'mon', 'tuesday', 'WED', 'thurs', 'fri', 'sat', 'sundays', 'noon', 'midnight', 'am', 'p.m.', '9:30am', '12pm',
  '00:00', '23:59', '24:00', '10:00:30', '9', "o'clock", 'in', 'tz', 'UTC', 'GMT', 'Asia/Colombo', 'Europe/Lisbn', 'IST', 'UTC+05:30',
  'starting', 'from', 'today', 'tomorrow', 'next', '2024-02-30', '10/05/2023', '13/05/2023', 'July', '4th', '2024', 'prefix', 'named',
  'using', 'option', 'profile', '"PCI Scan"', '"', '240981', 'biweekly', 'monthly', 'hourly', 'twice', 'the', '1st', 'lunes', 'mondey',
  'business', 'holidays', '*', '\u00a0', '\u2013', 'ﬁ', '😀', '\u0301', '\t', '/', ':', '+0530', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires',
]

const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:;/-+*&"\'()[]{}#@!?\u00a0\u2013\u2014\u201c\u201dßéüñ日本😀\u0000\n'

export function* fuzzPhrases(count: number, seed: number): Generator<string> {
  const random = seededRandom(seed)
  const int = (n: number) => Math.floor(random() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!
  const randomChar = () => {
    const i = int(CHARS.length)
    const code = CHARS.codePointAt(i)!
    return String.fromCodePoint(code >= 0xd800 && code <= 0xdfff ? 0x41 : code)
  }
  for (let n = 0; n < count; n++) {
    const kind = int(10)
    if (kind < 5) {
      // A real phrase with a few character- or token-level mutations.
      let s = pick(SEED_PHRASES)
      for (let m = 1 + int(3); m > 0; m--) {
        const at = int(s.length + 1)
        switch (int(6)) {
          case 0: s = s.slice(0, at) + randomChar() + s.slice(at); break
          case 1: s = s.slice(0, at) + s.slice(at + 1 + int(3)); break
          case 2: s = s.slice(0, at) + randomChar() + s.slice(at + 1); break
          case 3: s = s.slice(0, at) + s.slice(at + 1, at + 2) + s.slice(at, at + 1) + s.slice(at + 2); break
          case 4: s = s.slice(0, at) + ` ${pick(TOKENS)} ` + s.slice(at); break
          default: s = random() < 0.5 ? s.toUpperCase() : s.split(' ').filter(() => random() > 0.2).join(' ')
        }
      }
      yield s
    } else if (kind < 9) {
      // A random sentence of the language's own words.
      const words: string[] = []
      for (let k = 1 + int(12); k > 0; k--) words.push(pick(TOKENS))
      yield words.join(random() < 0.8 ? ' ' : '')
    } else {
      let s = ''
      for (let k = int(60); k > 0; k--) s += randomChar()
      yield s
    }
  }
}
