import { createRequire } from 'node:module'

// package.json is the one place the version lives (changesets bumps it); it sits one level above both
// src/ and dist/.
export const version: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version
