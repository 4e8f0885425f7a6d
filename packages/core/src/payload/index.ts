export { buildCreateOrgConnector, buildOrgConnectorBody, buildUpdateOrgConnector, orgConnectorEndpoints, secretMask, updateOrgConnectorRequest, withSecretValue } from './org-connector.js'
export type { ActivationModule, ConnectorAppInfo, ConnectorRequest, ConnectorScanConfig, OrgConnectorBody, OrgConnectorSettings, PerimeterScanSetting } from './org-connector.js'
export { formatDuration, maxRunFrequencyMinutes, runFrequencyMinutes, runFrequencyProblem, sameRunFrequency, toHoursMinutes, wholeDaysRoundedUp } from './run-frequency.js'
export type { HoursMinutes } from './run-frequency.js'
