export { createQualysPool, type QualysPoolOptions } from './qualys-pool.js'
export { createSecretReader, readSecret, readSecretSync, secretsOfSpecFiles, type SecretSources } from './secrets.js'
export { strategiesForAuthKind } from './strategies.js'
export { openTarget, TargetError, type OpenTargetOptions, type QualysTarget } from './target.js'
