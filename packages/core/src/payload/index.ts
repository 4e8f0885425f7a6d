export { buildCreateOrgConnector, buildUpdateOrgConnector, createOrgConnectorRequest, orgConnectorEndpoints, secretMask, seedUpdateForm, updateOrgConnectorRequest, withSecretValue } from './org-connector.js'
export type { ActivationModule, ConnectorAppInfo, ConnectorRequest, ConnectorScanConfig, OrgConnectorBody, OrgConnectorSettings, PerimeterScanSetting, UpdateForm, UpdateMethod } from './org-connector.js'
export { formatDuration, maxRunFrequencyMinutes, runFrequencyMinutes } from './run-frequency.js'
export type { HoursMinutes } from './run-frequency.js'
