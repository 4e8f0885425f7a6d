/** The simulator's only source of time, so that tests can move it (token expiry, rate windows). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
