import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { TransportEvent } from '@scanplan/core/adapters'
import { variantNames, type Variant } from '@scanplan/qualys-sim'
import type { BudgetWait } from './rate-budget.js'
import { applySpecs, planSpecs, type SpecApply } from './spec-run.js'
import { fixtureWith, poolFor, secretsIn, simulator, transportFor } from './test-fixtures/harness.js'
import { twoConnectors } from './test-fixtures/two-connectors.js'
import { acme, azureAppSecret } from '@scanplan/test-support/simulator-credentials'

/**
 * The contract of issue 17: under each reading of the Qualys docs the simulator plays, alone and all together, a
 * two-connector spec applies, re-plans to nothing, takes a schedule change, re-plans to nothing again, and leaves
 * exactly two connectors in the account.
 */
const env = { QUALYS_PASSWORD: acme.password, AZURE_APP_SECRET: azureAppSecret }
const now = new Date('2026-06-01T00:00:00Z')
const adminToken = 'variant-matrix-admin-token'

/** A small gateway budget, so that `gateway-429-bare`'s lockout is met (and waited out) within the run. */
const fixture = fixtureWith((f) => {
  f.subscriptions[0]!.limits = { gateway: { rate: 4, windowSec: 2 } }
})

/** One word per connector: its action (plans) or result (applies); an error of the whole spec as itself. */
function outcome(specs: SpecApply[]): string[] {
  return specs.flatMap((s) => {
    if (s.error !== undefined) return [`error: ${s.error}`]
    if (s.applied) return s.applied.map((c) => `${c.result.status}${c.result.error ? ` (${c.result.error})` : ''}`)
    return (s.plan?.changes ?? []).map((c) => c.action)
  })
}

async function adminState(url: string): Promise<{ subscriptions: Array<{ id: number; connectors: Array<{ name: string }> }> }> {
  const response = await fetch(`${url}/__admin/state`, { headers: { Authorization: `Bearer ${adminToken}` } })
  assert.is(response.status, 200)
  return (await response.json()) as { subscriptions: Array<{ id: number; connectors: Array<{ name: string }> }> }
}

async function contract(variants: Variant[]): Promise<void> {
  const sim = await simulator({ fixture, variants, adminToken })
  const events: TransportEvent[] = []
  const waits: BudgetWait[] = []
  const pool = poolFor(sim.url, transportFor(events), { onBudgetWait: (w) => waits.push(w) })
  const run = async (schedule: string, apply: boolean): Promise<SpecApply[]> => {
    const planned = await planSpecs([{ file: 'matrix.yaml', text: twoConnectors(schedule) }], pool, { secretsOf: secretsIn(env), now })
    return apply ? applySpecs(planned, { secretsOf: secretsIn(env) }) : planned
  }
  const daily = 'daily at 12:00 Asia/Colombo starting 2023-10-05'
  const weekly = 'weekly on MON,THU at 06:30 Asia/Colombo starting 2023-10-05'
  const under = variants.length === 0 ? 'the default reading' : variants.join(' + ')
  try {
    assert.equal(outcome(await run(daily, true)), ['created', 'created'], `first apply under ${under}`)
    assert.equal(outcome(await run(daily, false)), ['noop', 'noop'], `plan after the first apply under ${under}`)
    assert.equal(outcome(await run(weekly, true)), ['updated', 'updated'], `apply of a changed schedule under ${under}`)
    assert.equal(outcome(await run(weekly, false)), ['noop', 'noop'], `plan after the second apply under ${under}`)
    const account = (await adminState(sim.url)).subscriptions.find((s) => String(s.id) === acme.subscription)!
    assert.equal(account.connectors.map((c) => c.name).sort(), ['matrix tenant A', 'matrix tenant B'], `exactly two connectors under ${under}`)
    if (variants.includes('gateway-429-bare')) {
      // The lockout was met, and each 429 was waited out by the budget to the reset it named, not retried into
      // blindly (the transport leaves gateway 429s to the budget).
      const refused = waits.filter((w) => w.cause === 'refused')
      assert.ok(refused.length > 0, 'the small gateway budget was exhausted at least once')
      assert.ok(refused.every((w) => w.waitMs > 0 && w.waitMs <= 2000), JSON.stringify(refused))
      assert.ok(!events.some((e) => e.type === 'retry' && e.reason.startsWith('HTTP 429')), 'no gateway 429 waited out by the transport')
    }
  } finally {
    await pool.closeAll()
    await sim.stop()
  }
}

const t = suite('variant matrix: apply, plan, change, apply, plan under every reading of the docs')

t('the default reading', () => contract([]))
for (const variant of variantNames) t(`variant ${variant}`, () => contract([variant]))
t('all variants together', () => contract([...variantNames]))

t.run()
