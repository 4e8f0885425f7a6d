/**
 * The port a scanplan process listens on (`scanplan sim|serve|playground --port`, `scanplan-webhook --port`, the
 * service's `listen.port`): one rule for every app. Dependency-free and pure, so the CLI bundles it into its bin
 * without loading the rest of this package at start-up.
 */

/** How to fix a bad port, in every app's message. */
export const portHelp = 'give a whole number from 0 to 65535 (0 picks a free port)'

/** A TCP port a server can be asked to listen on: 0 (the system picks a free one) to 65535. */
export function isListenPort(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 65535
}

export type ListenPortResult = { ok: true; port: number } | { ok: false; message: string; help: string }

/**
 * Reads the text of a port argument (`where` names it in the message, e.g. `--port`). Only decimal digits: `0x50`,
 * `8e3`, ` 80` and `80.0` are refused, although `Number()` would read them.
 */
export function parseListenPort(text: string, where: string): ListenPortResult {
  const port = Number(text)
  if (!/^\d{1,5}$/.test(text) || !isListenPort(port)) return { ok: false, message: `invalid port \`${text}\` for ${where}`, help: portHelp }
  return { ok: true, port }
}
