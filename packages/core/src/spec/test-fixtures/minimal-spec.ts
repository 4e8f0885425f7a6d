/** The smallest valid spec (one session source, one connector, CPS off): the base the loader's tests mutate. */
export const minimalSpec = `source:
  site: acme-prod
  username: acme3ab1
  auth: session
  password: { env: QUALYS_PASSWORD }
connectors:
  - kind: azure-org
    name: Tenant A
    tenant: { id: 11111111-2222-4333-8444-555555555555 }
    application:
      id: 66666666-7777-4888-9999-aaaaaaaaaaaa
      secret: { env: AZURE_APP_SECRET }
    apps: [{ name: AI, identifier: bbbbbbbb-cccc-4ddd-8eee-ffffffffffff }]
`
