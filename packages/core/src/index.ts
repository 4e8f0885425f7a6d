export * from './diagnostics/index.js'
export * from './suggest/index.js'
export * from './adapters/index.js'
export * from './payload/response-mapping.js'
