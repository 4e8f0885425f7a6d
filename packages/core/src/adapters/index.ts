export * from './http.js'
export * from './auth.js'
export * from './qualys-v2.js'
export * from './bearer-token.js'
