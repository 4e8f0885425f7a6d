// Module hooks for record-imports.mjs. They run on Node's loader thread and write synchronously, so nothing is lost
// when the process exits.
import { appendFileSync } from 'node:fs'

let file
export function initialize(data) {
  file = data.file
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(file, `${result.url}\n`)
  return result
}
