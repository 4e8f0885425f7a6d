import { readFileSync } from 'node:fs'
import { packageRoot } from './package-location.js'

// package.json is the one place the version lives (changesets bumps it); it sits one level above both src/ and
// dist/. Read as a file rather than through createRequire, which would start the CommonJS loader on every run.
export const version: string = (JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8')) as { version: string }).version
