// Runs after `tsc` in core's build: bundles the `./schedule` subpath (the only part of core the CLI's hot
// `scanplan schedule PHRASE` path loads) into one ES module, dist/schedule.js, which the `exports` map serves for
// `@scanplan/core/schedule`. Why: Node's ES module loader pays per file; the same code as about 20 tsc-emitted files
// cost about 3x the CPU of one file (docs/performance.md, "Schedule compiler"). tsc still emits dist/schedule/*.js
// (used by `.`, which re-exports it) and the declarations the `types` condition points at.
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

await build({
  absWorkingDir: root,
  entryPoints: ['src/schedule/index.ts'],
  outfile: 'dist/schedule.js',
  bundle: true,
  format: 'esm',
  // Core is pure (no node: imports) and also bundled for the browser: neutral keeps it so.
  platform: 'neutral',
  target: 'es2022',
  // moment-timezone's packed data (728 KB) is inlined, as a string given to JSON.parse: V8 parses JSON faster than
  // the same data as an object literal, and one file beats a separate JSON module (esbuild would also drop the
  // `with { type: 'json' }` of an external import).
  plugins: [
    {
      name: 'json-as-json-parse',
      setup(b) {
        b.onLoad({ filter: /\.json$/ }, async (args) => {
          const text = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')))
          return { contents: `export default JSON.parse(${JSON.stringify(text)})`, loader: 'js' }
        })
      },
    },
  ],
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
})
