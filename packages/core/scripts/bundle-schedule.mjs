// Runs after `tsc` in core's build: bundles the `./schedule` subpath (the only part of core the CLI's hot
// `scanplan schedule PHRASE` path loads) into one ES module, dist/schedule.js, which the `exports` map serves for
// `@scanplan/core/schedule`. Why: Node's ES module loader pays per file; the same code as about 20 tsc-emitted files
// cost about 3x the CPU of one file (docs/performance.md, "Schedule compiler"). tsc still emits dist/schedule/*.js
// (used by `.`, which re-exports it) and the declarations the `types` condition points at.
import { build } from 'esbuild'
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
  // tiny-inflate is CommonJS with only a `main` field, which the neutral platform does not read by default.
  mainFields: ['module', 'main'],
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  // The free-form date reader imports chrono-node with import() on the one path that needs it; kept outside the
  // bundle so that no other phrase, and no start-up, pays for it.
  external: ['chrono-node'],
})
