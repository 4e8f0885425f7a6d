import { defaultClientConditions, defineConfig } from 'vite'

export default defineConfig({
  // Relative asset URLs: the built folder works from any path of any static host, and from the CLI's server.
  base: './',
  resolve: {
    // Bundle @scanplan/core from its TypeScript sources (the workspace's source-first condition), so the
    // playground never depends on core having been built.
    conditions: ['@scanplan/source', ...defaultClientConditions],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // One chunk is intended (the page works offline once loaded); its budget is gzip size, kept by bench:playground.
    chunkSizeWarningLimit: 1500,
  },
})
