import { Readable } from 'node:stream'
import { strategiesForAuthKind } from '@scanplan/connect'
import type { AuthStrategy } from '@scanplan/core/adapters'
import type { StrategiesFor } from '@scanplan/qualys'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from './main.js'
import { named, seedSpec, simEnv, specDir } from './test-support/plan-apply-specs.js'

test('a strategy of your own plugs into the CLI: plan and doctor sign in through it (docs/extending.md)', async () => {
  const seen: string[] = []
  const audited = (inner: AuthStrategy): AuthStrategy => ({
    kind: `audited-${inner.kind}`,
    authenticate(request, ctx) {
      seen.push(`${inner.kind} ${request.method} ${new URL(request.url).pathname}`)
      return inner.authenticate(request, ctx)
    },
    ...(inner.renew ? { renew: (response, ctx) => inner.renew!(response, ctx) } : {}),
    close: () => inner.close(),
  })
  const strategiesFor: StrategiesFor = async (source, secrets) => {
    const auth = await strategiesForAuthKind(source, secrets)
    return { ...(auth.v2 ? { v2: audited(auth.v2) } : {}), gateway: audited(auth.gateway) }
  }
  const dir = specDir({ 'acme.yaml': named('Acme own strategy', seedSpec.replace('optionProfile: 240981', 'optionProfile: "Initial Options"')) })
  const run = async (argv: string[]) => {
    let stdout = ''
    let stderr = ''
    const proc = { argv, env: simEnv, cwd: dir, stdin: Readable.from([]), stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } }
    const code = await main(proc, '9.9.9', { strategiesFor })
    return { code, stdout, stderr }
  }
  const plan = await run(['plan', 'acme.yaml', '--target', 'sim'])
  assert.is(plan.code, 0, plan.stderr)
  assert.match(plan.stdout, /Plan: 1 to create/)
  assert.ok(seen.includes('session GET /api/2.0/fo/subscription/option_profile/vm/'), seen.join('\n'))
  assert.ok(seen.includes('jwt GET /connectors/v1.0/AZURE/list'), seen.join('\n'))
  seen.length = 0
  const doctor = await run(['doctor', 'acme.yaml', '--target', 'sim', '--now', '2026-06-01'])
  assert.is(doctor.code, 0, doctor.stdout + doctor.stderr)
  assert.ok(seen.includes('jwt GET /connectors/v1.0/AZURE/list'), seen.join('\n'))
})

test.run()
