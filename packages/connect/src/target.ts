/** Where Qualys calls go: one URL for the API server and the gateway, or each spec's platform URLs. */
export interface QualysTarget {
  /** Every call (API server and gateway) goes here; undefined: each spec's platform URLs. */
  url?: string
  /** Stops what opening the target started (the in-process simulator). Safe to call twice. */
  stop(): Promise<void>
}

/** A target that is neither `sim` nor an http(s) URL without credentials; `help` says what fits. */
export class TargetError extends Error {
  override readonly name = 'TargetError'
  constructor(
    message: string,
    readonly help: string,
  ) {
    super(message)
  }
}

export interface OpenTargetOptions {
  /** Told where the simulator listens when `sim` started one. */
  notice?: (line: string) => void
}

/**
 * `sim` starts the Qualys simulator in this process (its default fixture, whose credentials are in examples/sim.env);
 * an http(s) URL sends every call there; undefined keeps each spec's platform URLs.
 */
export async function openTarget(value: string | undefined, options: OpenTargetOptions = {}): Promise<QualysTarget> {
  if (value === undefined) return { stop: async () => {} }
  if (value === 'sim') {
    const { startSimulator } = await import('@scanplan/qualys-sim')
    const sim = await startSimulator({ port: 0 })
    options.notice?.(`started the Qualys simulator on ${sim.url} (default fixture; credentials as in examples/sim.env)`)
    let stopped: Promise<void> | undefined
    return { url: sim.url, stop: () => (stopped ??= sim.stop()) }
  }
  const fits = 'give an http(s) URL such as http://127.0.0.1:4790, or `sim`'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TargetError(`\`${value}\` is neither \`sim\` nor a URL`, fits)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError(`\`${value}\` is not an http(s) URL`, fits)
  if (url.username || url.password) throw new TargetError('a target URL must not carry credentials', 'credentials come from the environment variables or files the spec names')
  return { url: url.origin + url.pathname.replace(/\/+$/, ''), stop: async () => {} }
}
