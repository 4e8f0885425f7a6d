// @scanplan/core's public API, each name listed, so that a helper exported for a neighbour module is not public by
// accident. The subpaths ./schedule, ./platform, ./suggest and ./adapters publish their index files' names as well.
export {
  diagnosticDefinition, diagnosticDocsUrl, DIAGNOSTICS, lineIndex, machineDiagnostic,
} from './diagnostics/index.js'
export type {
  Applicability, Diagnostic, DiagnosticCode, DiagnosticData, DiagnosticDefinition, LineColumn, LineIndex,
  MachineDiagnostic, RelatedSpan, Severity, Span, Suggestion,
} from './diagnostics/index.js'
export { closestWords, editDistance, suggestionLimit } from './suggest/index.js'
export {
  AuthError, createBearerTokenAuth, createBearerTokenCache, describeTarget, gatewayErrorMessage, headerValue,
  parseSimpleReturn, QualysUnavailableError, readRateLimit, requestGatewayToken, SecretError, TransportError,
  withRequestedWith,
} from './adapters/index.js'
export type {
  AuthContext, AuthStrategy, BearerTokenCacheOptions, HttpMethod, HttpRequest, HttpResponse, RateLimitReading,
  SecretReader, SimpleReturn, Transport, TransportEvent, TransportFailure,
} from './adapters/index.js'
export {
  describeOrgConnectorCreate, diffOrgConnector, ORG_CONNECTOR_RESPONSE_MAPPING, withLiveComputed,
} from './payload/connector-diff.js'
export type { ConnectorJson, DiffOptions, FieldChange, ResponseFieldMapping } from './payload/connector-diff.js'
export {
  compileSchedule, compileScheduleReadingDates, describeSchedulePhrase, explainSchedule, formatSchedule,
  loadFreeDateReader, lookupZone, nextRuns, renderDiagnostics, scheduleReport, scheduleWords, suggestZones,
  TZ_DATA_VERSION, zoneNames,
} from './schedule/index.js'
export type {
  CompileScheduleOptions, CompileScheduleResult, Day, DescribeSchedulePhraseResult, FreeDateReader, FreeDateReading,
  NextRunsOptions, RenderOptions, Schedule, ScheduleFields,
} from './schedule/index.js'
export {
  platformByIdentifier, platformIdentifier, publicPlatformIds, publicPlatforms, resolvePlatform,
} from './platform/index.js'
export type {
  PlatformDiagnostic, PlatformId, PlatformInput, PlatformResult, PlatformUrls, PublicPlatform, PublicPlatformId,
  ResolvedPlatform,
} from './platform/index.js'
export {
  buildCreateOrgConnector, buildUpdateOrgConnector, createOrgConnectorRequest, formatDuration,
  maxRunFrequencyMinutes, orgConnectorEndpoints, runFrequencyMinutes, seedUpdateForm, updateOrgConnectorRequest,
  withSecretValue,
} from './payload/index.js'
export type {
  ActivationModule, ConnectorAppInfo, ConnectorRequest, ConnectorScanConfig, HoursMinutes, OrgConnectorBody,
  OrgConnectorSettings, PerimeterScanSetting, UpdateForm, UpdateMethod,
} from './payload/index.js'
export {
  compileSpec, daysLeftWords, formatPath, loadProfiles, loadSpec, matchesPattern, passwordExpiry, passwordWarningDays,
  maxExtendsDepth, renderImportedSpec, renderSpecDiagnostics, resolveSpecPath, SecretRef, siteEnvName, Source,
  spanOfSpecPath, Spec, specBasesToRead, specPlace,
} from './spec/index.js'
export type {
  CompiledRequest, CompiledSource, CompileSpecOptions, CompileSpecResult, ImportProblem, ImportSpecInput,
  ImportSpecResult, ImportVariable, LoadOptions, LoadResult, PasswordExpiry, ProfilesResult, SpecBases, SpecPattern,
  SpecPatternName,
} from './spec/index.js'
