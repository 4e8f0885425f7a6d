// This module sits one directory below the package root (apps/cli) both as a source file (src/) and inside the
// bundled bin (dist/bin.cjs, scripts/bundle-bin.mjs), so a path relative to it is right either way. Command modules
// are one level deeper in the sources (src/commands/) but not in the bundle: they ask here instead of using their
// own import.meta.url.
export const packageRoot = new URL('..', import.meta.url)

/** Resolves a package's file the way `require.resolve` would, from this package (the bin has no import.meta.resolve). */
export function resolveFromPackage(specifier: string): string {
  // Loaded on first use only: node:module is not needed on any start-up path.
  return process.getBuiltinModule('node:module').createRequire(import.meta.url).resolve(specifier)
}
