// Builds dist/bin.cjs, the `scanplan` bin: src/bin.ts and the --help/--version path (main, command table, help,
// version) in one CommonJS file. Why (Node 20, medians against `node -e 0`, see docs/performance.md): an ES module
// entry costs ~1.16x before it does anything, because it starts Node's ES module loader, while a CommonJS file costs
// ~0.97x; and the tsc output is five modules to resolve and read. Commands still load as the tsc-emitted ES modules
// in dist/, through import() calls kept as they are: a CommonJS file starting the ES loader only when a command runs
// costs less (~1.11x) than an ES entry, and a command's modules stay the single copies that it shares with main
// (UsageError and CommandError are checked with instanceof, so a second bundled copy would break that).
import { build } from 'esbuild'

const keepDynamicImports = {
  name: 'keep-dynamic-imports',
  setup(b) {
    // Every import() stays an import() of the file tsc emitted next to dist/bin.cjs (or of the package it names).
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { external: true } : undefined))
  },
}

await build({
  entryPoints: [new URL('../src/bin.ts', import.meta.url).pathname],
  outfile: new URL('../dist/bin.cjs', import.meta.url).pathname,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  plugins: [keepDynamicImports],
  // version.ts finds package.json next to its own file; in CommonJS that file is __filename. The shebang that
  // esbuild keeps from src/bin.ts still comes first; 'use strict' is repeated because esbuild's own directive ends
  // up after the banner, where it no longer counts, and the sources were written as (strict) ES modules.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "'use strict'; const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
})
