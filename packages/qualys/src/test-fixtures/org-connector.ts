import { orgConnectorEndpoints, type ConnectorRequest, type OrgConnectorBody } from '@scanplan/core'
import { seedCreateRequest } from '@scanplan/qualys-sim'

/**
 * The seed's create request as the simulator's default fixture accepts it (`seedCreateRequest`), under another
 * name. Client tests send it as a compiled spec would: the secret masked, as it is in compiled output, and read at
 * apply time.
 */
export function seedRequest(name: string, overrides: Partial<OrgConnectorBody> = {}): ConnectorRequest {
  // The simulator holds Qualys' own sample as plain JSON (it does not import core); it is an OrgConnectorBody.
  const body = { ...(seedCreateRequest() as unknown as OrgConnectorBody), secretValue: '***', name, ...overrides }
  return { method: orgConnectorEndpoints.create.method, path: orgConnectorEndpoints.create.path(), body }
}
