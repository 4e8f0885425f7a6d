export { publicPlatformIds, publicPlatforms } from './table.js'
export type { PlatformId, PlatformUrls, PublicPlatform, PublicPlatformId } from './table.js'
export { platformByIdentifier, platformIdentifier, resolvePlatform } from './resolve.js'
export type { PlatformDiagnostic, PlatformInput, PlatformResult, ResolvedPlatform } from './resolve.js'
