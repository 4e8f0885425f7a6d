/**
 * Decoder for moment-timezone's packed zone format (`name|abbrs|offsets|indices|untils|population`, numbers in
 * base 60), ported from moment-timezone 0.6.6's `unpack`. Hand-written on purpose: the dataset itself is
 * moment-timezone's (`data/packed/latest.json`, pinned with the package), but importing moment-timezone's code also
 * loads Moment (about 60 ms of CPU at start-up) just for these thirty lines, and `scanplan schedule` must start
 * within 2x of a bare `node`. The property tests check the result against moment-timezone itself.
 */
export interface UnpackedZone {
  /** UTC instants (ms) at which offsets[i] stops applying; the last is Infinity. */
  untils: number[]
  /** Offsets in minutes, moment's sign: positive WEST of UTC (as Date#getTimezoneOffset). */
  offsets: number[]
  population: number
}

function digit(code: number): number {
  if (code > 96) return code - 87
  if (code > 64) return code - 29
  return code - 48
}

function base60(text: string): number {
  const dot = text.indexOf('.')
  const whole = dot === -1 ? text : text.slice(0, dot)
  const fraction = dot === -1 ? '' : text.slice(dot + 1)
  let i = 0
  let sign = 1
  if (text.charCodeAt(0) === 45) {
    i = 1
    sign = -1
  }
  let out = 0
  for (; i < whole.length; i++) out = 60 * out + digit(whole.charCodeAt(i))
  let multiplier = 1
  for (let k = 0; k < fraction.length; k++) {
    multiplier /= 60
    out += digit(fraction.charCodeAt(k)) * multiplier
  }
  return out * sign
}

export function unpackZone(packed: string): UnpackedZone {
  const data = packed.split('|')
  const offsets = data[2]!.split(' ').map(base60)
  const indices = data[3]!.split('').map(base60)
  const deltas = data[4]!.split(' ').map(base60)
  const untils: number[] = []
  for (let i = 0; i < indices.length; i++) untils[i] = Math.round((untils[i - 1] ?? 0) + (deltas[i] ?? Number.NaN) * 60000)
  untils[indices.length - 1] = Infinity
  return { untils, offsets: indices.map((i) => offsets[i]!), population: Number(data[5] ?? 0) | 0 }
}
