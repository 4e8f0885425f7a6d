import type { OrgConnectorBody } from '@scanplan/core'
import { seedCreateRequest } from '@scanplan/test-support/seed-request'

/**
 * The seed's create request as the simulator's default fixture accepts it (`seedCreateRequest` of @scanplan/test-support), under another
 * name. Client tests send it as a compiled spec would: the secret masked, as it is in compiled output, and read at
 * apply time. The seed is the simulator's own JSON (the simulator does not import core's types), so it is read as
 * core's body type here, the one place the tests take that on trust (core's payload tests hold the same keys).
 */
export function seedBody(name: string, overrides: Partial<OrgConnectorBody> = {}): OrgConnectorBody {
  return { ...(seedCreateRequest() as OrgConnectorBody), secretValue: '***', name, ...overrides }
}
