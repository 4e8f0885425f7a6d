// Builds dist/index.cjs, the file action.yml runs (`runs.main`): the Action and everything it imports (the CLI's
// main, the compiler, the Qualys client, @actions/core) in one CommonJS file. A GitHub Action runs straight from the
// checked-out repository with no install step, so the bundle is committed; src/bundle.test.ts builds it again and
// fails when the committed file differs (run `pnpm --filter @scanplan/action bundle` and commit the result).
//
// Deterministic by construction: the workspace packages are read from their sources (the `@scanplan/source`
// condition, so no package needs building first), paths in the output are relative to the bundle, no source map.
// Usage: node scripts/bundle-action.mjs [OUTFILE]   (default dist/index.cjs)
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'
import { dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const outfile = resolve(process.argv[2] ?? resolve(root, 'dist/index.cjs'))
const dist = dirname(outfile)

// The Action runs from a checkout of this repository (the runner clones the tag `uses:` names), so every workspace
// module keeps its own place: its `import.meta.url` becomes its source file's URL, relative to the bundle. The CLI
// then reads its version from apps/cli/package.json and `target: sim` finds the simulator's fixture, as from source.
const ownUrls = {
  name: 'own-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined
      const url = JSON.stringify(relative(dist, args.path).split(sep).join('/'))
      const contents = (await readFile(args.path, 'utf8')).replace(/\bimport\.meta\.url\b/g, `new URL(${url}, __bundleUrl).href`)
      return { contents, loader: 'ts' }
    })
  },
}

await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  conditions: ['@scanplan/source'],
  // `scanplan serve` alone needs @scanplan/webhook (Express, native database drivers); the Action never runs it,
  // and the CLI says how to install it when the import fails.
  external: ['@scanplan/webhook'],
  minify: true,
  legalComments: 'eof',
  charset: 'utf8',
  logLevel: 'warning',
  // language-server's import.meta.resolve runs only from its .ts sources (tsx), never in a bundle.
  logOverride: { 'empty-import-meta': 'silent' },
  plugins: [ownUrls],
  // Any other module (a dependency's) that asks for import.meta.url gets the bundle's URL, not `undefined`.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "'use strict'; const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
})
