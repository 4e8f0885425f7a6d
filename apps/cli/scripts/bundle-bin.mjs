// Builds dist/bin.cjs, the `scanplan` bin and the whole of the CLI's own code: one CommonJS file (esbuild) holding
// every module under src/ and the schedule compiler (`@scanplan/core/schedule`, with `./suggest` for "did you
// mean"). The other packages (the spec compiler, the Qualys client, the simulator, the webhook service) stay
// outside it and load as ES modules through import() when a command needs them.
//
// Why (Node 20, medians of interleaved runs against `node -e 0`, docs/performance.md "CLI start-up"):
// - a CommonJS file starts at ~0.97x; an ES module entry at ~1.16x, because it starts Node's ES module loader;
// - `scanplan schedule PHRASE` was 1.99x as a CommonJS launcher plus six ES modules (its command, the modules it
//   shares with main, core's bundle) and ~1.45x as one CommonJS file: each ES module costs a resolution, a read and
//   a link, and the first one the loader itself;
// - the bundle is ~250 KB, which V8 scans once (~3 ms) and compiles function by function as they run: `--help`
//   stays at ~1.1x. esbuild wraps each module so that it runs only when first imported, as before.
// One copy of each module also means one UsageError and CommandError class, which main recognises with instanceof.
import { build } from 'esbuild'
import { cp, rm, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

// Bundled into bin.cjs: small, pure and on the error paths of every command ("did you mean"; the --port rule).
const bundledPackages = new Set(['@scanplan/core/suggest', '@scanplan/connect/listen-port'])
// Shipped beside bin.cjs as its own CommonJS file and loaded with require() when a command first imports it: the
// schedule compiler with its zone table is 180 KB, and V8 compiles every top-level declaration of a bundle at
// start-up (esbuild hoists them out of the lazy module wrappers), which cost `--help` ~0.15x when it was inside.
const sidecars = new Map([['@scanplan/core/schedule', 'schedule-compiler.cjs']])

const packagesOutside = {
  name: 'packages-outside',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (bundledPackages.has(args.path)) return undefined
      if (sidecars.has(args.path)) return { path: sidecars.get(args.path), namespace: 'sidecar' }
      return { external: true }
    })
    // `import('@scanplan/core/schedule')` becomes a module whose body is a require() of the sidecar file, so that
    // esbuild's import() of it stays in CommonJS and never starts the ES module loader.
    b.onLoad({ filter: /.*/, namespace: 'sidecar' }, (args) => ({ contents: `module.exports = require('./${args.path}')`, loader: 'js' }))
    b.onResolve({ filter: /^\.\/.*\.cjs$/, namespace: 'sidecar' }, (args) => ({ path: args.path, external: true }))
  },
}

const dist = new URL('../dist/', import.meta.url)
const commonJs = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, legalComments: 'none', logLevel: 'warning' }
await rm(dist, { recursive: true, force: true })
await build({
  ...commonJs,
  entryPoints: [new URL('../src/bin.ts', import.meta.url).pathname],
  outfile: new URL('bin.cjs', dist).pathname,
  plugins: [packagesOutside],
  // package-location.ts finds the package root from its own file; in the bundle that file is __filename, one level
  // below the root like src/package-location.ts. The shebang that esbuild keeps from src/bin.ts still comes first;
  // 'use strict' is repeated because esbuild's own directive ends up after the banner, where it no longer counts,
  // and the sources were written as (strict) ES modules.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "'use strict'; const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
})

// The sidecars: each package entry (its built `default` export) as one CommonJS file.
for (const [specifier, file] of sidecars) {
  // chrono-node stays a require() that runs only when a phrase has a free-form start date (core's free-dates.ts).
  await build({ ...commonJs, entryPoints: [specifier], absWorkingDir: new URL('..', import.meta.url).pathname, outfile: new URL(file, dist).pathname, external: ['chrono-node'] })
}

// The schedule playground's built page ships inside this package (dist/playground/), so that `scanplan playground`
// works from an install as well as in the workspace. @scanplan/playground is a devDependency, so turbo builds it first.
const playgroundDist = fileURLToPath(new URL('../../playground/dist/', import.meta.url))
const built = await stat(new URL('index.html', `file://${playgroundDist}`)).catch(() => undefined)
if (!built?.isFile()) throw new Error(`no built playground in ${playgroundDist}: run \`pnpm --filter @scanplan/playground build\` first`)
await cp(playgroundDist, fileURLToPath(new URL('playground/', dist)), { recursive: true })
