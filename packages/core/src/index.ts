export * from './diagnostics/index.js'
export * from './suggest/index.js'
