export { startSimulator, type RunningSimulator, type SimulatorOptions } from './server.js'
export type { SimulatorAdmin } from './admin.js'
export type { Clock } from './clock.js'
export type { Faults } from './faults.js'
export {
  defaultFixturePath,
  defaultLimits,
  FixtureError,
  loadDefaultFixture,
  loadFixtureFile,
  parseFixture,
  type Fixture,
  type FixtureOidcClient,
  type FixtureOptionProfile,
  type FixtureSubscription,
  type FixtureUser,
} from './fixture.js'
export type { OrgConnectorView } from './connector-view.js'
export type { SubscriptionCounters } from './limits.js'
export { StateFileError } from './state.js'
export { checkVariants, parseVariantList, VariantError, variantNames, type Variant } from './variants.js'
