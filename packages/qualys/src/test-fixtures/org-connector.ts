import { seedCreateRequest } from '@scanplan/qualys-sim'

/**
 * The seed's create request as the simulator's default fixture accepts it (`seedCreateRequest`), under another
 * name. Client tests send it as a compiled spec would: the secret masked, as it is in compiled output, and read at
 * apply time.
 */
export function seedBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> & { name: string } {
  return { ...seedCreateRequest(), secretValue: '***', name, ...overrides }
}
