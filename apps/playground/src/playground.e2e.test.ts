import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { launchChromium } from './test-support/browser.js'
import { serveBuiltPage, type BuiltPageServer } from './test-support/serve-built.js'

/** A fixed "now" (a Sunday) so runs and the calendar month are known; the viewer sits in Paris. */
const NOW = new Date('2026-11-22T10:00:00Z')
const VIEWER_ZONE = 'Europe/Paris'
const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url))

interface Ctx {
  server?: BuiltPageServer
  browser?: Browser
  context?: BrowserContext
  pageErrors: string[]
  pages: Page[]
}

const e2e = suite<Ctx>('playground in Chromium', { pageErrors: [], pages: [] })

e2e.before(async (ctx) => {
  try {
    ctx.server = await serveBuiltPage()
    ctx.browser = await launchChromium()
    ctx.context = await ctx.browser.newContext({ timezoneId: VIEWER_ZONE, locale: 'en-US', viewport: { width: 1280, height: 1000 } })
  } catch (error) {
    // uvu reports a failing hook only as a count; say why.
    console.error('playground e2e set-up failed:', error)
    throw error
  }
})

e2e.after(async (ctx) => {
  await ctx.context?.close()
  await ctx.browser?.close()
  await ctx.server?.close()
})

/** A test on the page; it also fails when the page logged an error or threw. */
function pageTest(name: string, body: (ctx: Ctx) => Promise<void>): void {
  e2e(name, async (ctx) => {
    ctx.pageErrors = []
    try {
      await body(ctx)
    } finally {
      await Promise.all(ctx.pages.splice(0).map((p) => p.close()))
    }
    assert.equal(ctx.pageErrors, [], 'the page logged no errors')
  })
}

async function open(ctx: Ctx, phrase?: string): Promise<Page> {
  const page = await ctx.context!.newPage()
  ctx.pages.push(page)
  page.on('pageerror', (e) => ctx.pageErrors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') ctx.pageErrors.push(m.text())
  })
  await page.clock.setFixedTime(NOW)
  await page.goto(phrase === undefined ? ctx.server!.url : `${ctx.server!.url}#${new URLSearchParams({ s: phrase })}`)
  await page.waitForSelector('#status:not(:empty)')
  return page
}

async function typePhrase(page: Page, phrase: string): Promise<void> {
  await page.click('#phrase')
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.type(phrase)
}

async function payload(page: Page): Promise<Record<string, unknown>> {
  const text = (await page.textContent('#payload')) ?? ''
  return (JSON.parse(text.replace(/\n\/\/.*$/s, '')) as { connectorScanConfig: Record<string, unknown> }).connectorScanConfig
}

pageTest('typing a phrase shows the right schedule, explanation, runs and spec YAML', async (ctx) => {
  const page = await open(ctx)
  await typePhrase(page, 'every tuesday and friday at 6:15pm Europe/Madrid prefix edge-scan')
  assert.equal(await payload(page), {
    scanPrefix: 'edge-scan',
    recurrence: 'WEEKLY',
    startTime: '18:15',
    timezone: 'Europe/Madrid',
    daysOfWeek: ['TUE', 'FRI'],
  })
  assert.match((await page.textContent('#explanation')) ?? '', /Tuesday and Friday/)
  assert.match((await page.textContent('#explanation')) ?? '', /18:15/)
  assert.match((await page.textContent('#status')) ?? '', /^Compiles/)
  assert.ok(await page.isHidden('#diagnostics-section'))
  // The first run: Tuesday 24 November 2026, 18:15 in Madrid = 18:15 in Paris = 17:15 UTC.
  const firstRow = await page.$$eval('#next-runs-body tr:first-child td', (tds) => tds.map((td) => td.textContent))
  assert.equal(firstRow, ['Tue 2026-11-24 18:15', 'Tue 2026-11-24 18:15', 'Tue 2026-11-24 17:15'])
  assert.is(await page.textContent('#month-title'), 'November 2026')
  assert.is(await page.getAttribute('#calendar td[aria-current="date"]', 'data-date'), '2026-11-22')
  const runDays = await page.$$eval('#calendar td:has(.run)', (tds) => tds.map((td) => (td as HTMLElement).dataset.date))
  // The grid's last week runs into December, whose runs show there too.
  assert.equal(runDays, ['2026-11-24', '2026-11-27', '2026-12-01', '2026-12-04'])
  const yaml = (await page.textContent('#spec-yaml')) ?? ''
  assert.match(yaml, /^perimeterScan:\n {2}schedule: "[^"]*(tue|TUE)[^"]*18:15[^"]*Europe\/Madrid[^"]*"\n {2}prefix: "edge-scan"\n {2}# optionProfile: [^\n]*required[^\n]*\n$/)
})

pageTest('a misspelt zone shows DSL040 with its suggestion, and clicking the suggestion fixes the phrase', async (ctx) => {
  const page = await open(ctx)
  await typePhrase(page, 'weekly on wed at 12:00 Europe/Lisbn')
  const diag = page.locator('#diagnostics li[data-code="DSL040"]')
  assert.is(await diag.count(), 1)
  const rendered = (await diag.locator('pre').textContent()) ?? ''
  assert.match(rendered, /error\[DSL040\]/)
  assert.match(rendered, /weekly on wed at 12:00 Europe\/Lisbn\n.*\^{12}/)
  assert.match(rendered, /Europe\/Lisbon/)
  assert.match((await page.textContent('#status')) ?? '', /1 error/)
  assert.ok(await page.isHidden('#result-section'))
  await diag.getByRole('button', { name: 'Use Europe/Lisbon instead of Europe/Lisbn' }).click()
  assert.is(await page.inputValue('#phrase'), 'weekly on wed at 12:00 Europe/Lisbon')
  assert.ok(await page.isHidden('#diagnostics-section'))
  assert.is((await payload(page)).timezone, 'Europe/Lisbon')
  assert.is(new URL(page.url()).hash, `#${new URLSearchParams({ s: 'weekly on wed at 12:00 Europe/Lisbon' })}`)
})

pageTest('keyboard only: Tab from the phrase reaches the fix, Enter applies it and focus returns to the phrase', async (ctx) => {
  const page = await open(ctx, 'weekly on wed at 12:00 Europe/Lisbn')
  await page.focus('#phrase')
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate(() => document.activeElement?.classList.contains('suggestion'))) break
  }
  assert.is(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Use Europe/Lisbon instead of Europe/Lisbn')
  await page.keyboard.press('Enter')
  assert.is(await page.inputValue('#phrase'), 'weekly on wed at 12:00 Europe/Lisbon')
  assert.is(await page.evaluate(() => document.activeElement?.id), 'phrase')
})

pageTest('a New York 02:30 daily schedule marks the March gap day with the warning text', async (ctx) => {
  const page = await open(ctx, 'daily at 02:30 America/New_York')
  const warning = page.locator('#diagnostics li[data-code="W103"]')
  assert.is(await warning.count(), 1)
  assert.match((await warning.textContent()) ?? '', /2027-03-14/)
  const item = page.locator('#dst-list li.dst-gap')
  assert.is(await item.count(), 1)
  await item.getByRole('button', { name: 'Show March 2027' }).click()
  assert.is(await page.textContent('#month-title'), 'March 2027')
  const gapDay = page.locator('#calendar td[data-date="2027-03-14"]')
  assert.match((await gapDay.getAttribute('class')) ?? '', /\bdst-gap\b/)
  const cellText = (await gapDay.textContent()) ?? ''
  assert.match(cellText, /DST gap/)
  const warningMessage = /\]: (.*)\n/.exec((await warning.locator('pre').textContent()) ?? '')?.[1] ?? ''
  assert.ok(warningMessage.length > 10)
  assert.ok(cellText.includes(warningMessage), `the cell shows the warning's text: ${cellText}`)
  // On the gap day the run moves forward by the gap's length (Qualys VM behaviour): 03:30 EDT.
  assert.is(await gapDay.locator('.run').count(), 1)
  assert.match((await gapDay.locator('.run').textContent()) ?? '', /^03:30/)
  assert.equal(await page.$$eval('#calendar td.dst-gap, #calendar td.dst-overlap', (tds) => tds.map((td) => (td as HTMLElement).dataset.date)), ['2027-03-14'])
  await mkdir(outputDir, { recursive: true })
  await page.locator('#calendar td[data-date="2027-03-14"]').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${outputDir}playground-dst.png`, fullPage: true })
})

pageTest('a Berlin 02:20 daily schedule marks the October overlap day with the W104 text', async (ctx) => {
  const page = await open(ctx, 'daily at 02:20 Europe/Berlin')
  await page.getByRole('button', { name: 'Show October 2027' }).click()
  assert.is(await page.textContent('#month-title'), 'October 2027')
  const day = page.locator('#calendar td[data-date="2027-10-31"]')
  assert.match((await day.getAttribute('class')) ?? '', /\bdst-overlap\b/)
  const message = /\]: (.*)\n/.exec((await page.locator('#diagnostics li[data-code="W104"] pre').textContent()) ?? '')?.[1] ?? ''
  assert.match(message, /2027-10-31/)
  assert.ok(((await day.textContent()) ?? '').includes(message))
  // An overlap day still has exactly one run (Paris keeps Berlin's clock, so both columns read 02:20).
  assert.equal(await day.locator('.run').allTextContents(), ['02:20 · 02:20'])
})

pageTest('a start date a year ahead: the calendar opens on the first run and spans a year of runs', async (ctx) => {
  const page = await open(ctx, 'weekly on thu at 09:00 UTC starting 2028-01-06')
  assert.is(await page.textContent('#month-title'), 'January 2028')
  assert.ok(await page.isDisabled('#prev-month'))
  const first = await page.$$eval('#calendar td.inside:has(.run)', (tds) => tds.map((td) => (td as HTMLElement).dataset.date))
  assert.equal(first, ['2028-01-06', '2028-01-13', '2028-01-20', '2028-01-27'])
  for (let i = 0; i < 12; i++) await page.click('#next-month')
  assert.is(await page.textContent('#month-title'), 'January 2029')
  assert.ok(await page.isDisabled('#next-month'))
  // A year from the first run: 4 January 2029 is the last Thursday shown.
  const last = await page.$$eval('#calendar td.inside:has(.run)', (tds) => tds.map((td) => (td as HTMLElement).dataset.date))
  assert.equal(last, ['2029-01-04'])
})

pageTest('a shared URL restores the phrase', async (ctx) => {
  const first = await open(ctx)
  const phrase = 'on sat,sun at 11am Africa/Nairobi using profile "PCI Scan"'
  await typePhrase(first, phrase)
  const shared = first.url()
  await first.close()
  const second = await ctx.context!.newPage()
  ctx.pages.push(second)
  second.on('pageerror', (e) => ctx.pageErrors.push(e.message))
  await second.clock.setFixedTime(NOW)
  await second.goto(shared)
  await second.waitForSelector('#status:not(:empty)')
  assert.is(await second.inputValue('#phrase'), phrase)
  assert.equal((await payload(second)).daysOfWeek, ['SUN', 'SAT'])
  assert.match((await second.textContent('#spec-yaml')) ?? '', /optionProfile: "PCI Scan"/)
  // A link followed in the same tab (only the fragment changes) loads its phrase too.
  const next = 'daily at 02:30 America/New_York'
  await second.evaluate((hash) => (location.hash = hash), `#${new URLSearchParams({ s: next })}`)
  await second.waitForFunction((p) => (document.getElementById('phrase') as HTMLInputElement).value === p, next)
  assert.is((await payload(second)).timezone, 'America/New_York')
})

/**
 * Text nodes on screen whose colour against their background is below WCAG AA (4.5:1, 3:1 for large text). Sent as
 * source text: tsx would wrap named functions in a helper that does not exist inside the page.
 */
const contrastCheck = `(() => {
  const parse = (c) => (c.match(/[\\d.]+/g) ?? []).map(Number)
  const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
  const luminance = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor)
      if (c.length === 3 || c[3] === 1) return c.slice(0, 3)
    }
    return [255, 255, 255]
  }
  const out = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement
    if (!n.textContent.trim() || el.getClientRects().length === 0 || el.closest('[hidden], .skip-link')) continue
    const style = getComputedStyle(el)
    if (style.visibility === 'hidden') continue
    const fg = luminance(parse(style.color))
    const bg = luminance(background(el))
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)
    const size = parseFloat(style.fontSize)
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700)
    if (ratio < (large ? 3 : 4.5)) out.push(ratio.toFixed(2) + ': ' + n.textContent.trim().slice(0, 40))
  }
  return out
})()`

function contrastFailures(page: Page): Promise<string[]> {
  return page.evaluate(contrastCheck) as Promise<string[]>
}

function unlabelledControls(page: Page): Promise<string[]> {
  return page.$$eval('input, button, select, textarea, [tabindex="0"]', (els) =>
    els
      .filter((el) => {
        const e = el as HTMLElement
        const byLabel = e.id ? document.querySelector(`label[for="${e.id}"]`)?.textContent?.trim() : ''
        const byRef = (e.getAttribute('aria-labelledby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
          .join('')
        return !(e.getAttribute('aria-label')?.trim() || byLabel || byRef || (e.tagName === 'BUTTON' && e.textContent?.trim()))
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  )
}

pageTest('every control has a label, and all text meets WCAG AA contrast: errors, warnings, DST days', async (ctx) => {
  const broken = await open(ctx, 'weekly on wed at 9 Europe/Lisbn')
  assert.ok(await broken.isVisible('#diagnostics li.error'), 'errors are on screen for the check')
  assert.equal(await unlabelledControls(broken), [])
  assert.equal(await contrastFailures(broken), [])
  const dst = await open(ctx, 'daily at 02:20 Europe/Berlin')
  assert.ok(await dst.isVisible('#calendar td.today'), "today's mark is on screen for the check")
  assert.equal(await contrastFailures(dst), [])
  await dst.getByRole('button', { name: 'Show March 2027' }).click()
  assert.ok(await dst.isVisible('#diagnostics li.warning'), 'warnings are on screen for the check')
  assert.ok(await dst.isVisible('#calendar td.dst-gap'), 'a DST day is on screen for the check')
  assert.equal(await unlabelledControls(dst), [])
  assert.equal(await contrastFailures(dst), [])
})

pageTest('an example fills the phrase; copy as spec YAML puts the perimeterScan block on the clipboard', async (ctx) => {
  await ctx.context!.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(ctx.server!.url).origin })
  const page = await open(ctx)
  await page.getByRole('button', { name: 'daily at midnight UTC prefix nightly-edge' }).click()
  assert.is(await page.inputValue('#phrase'), 'daily at midnight UTC prefix nightly-edge')
  assert.equal(await payload(page), { scanPrefix: 'nightly-edge', recurrence: 'DAILY', startTime: '00:00', timezone: 'UTC', daysOfWeek: [] })
  // The Clipboard API writes only from the focused document.
  await page.bringToFront()
  await page.getByRole('button', { name: 'Copy as spec YAML' }).click()
  await page.waitForSelector('#copy-status:not(:empty)')
  assert.is(await page.textContent('#copy-status'), 'Copied.')
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  assert.is(copied, await page.textContent('#spec-yaml'))
  assert.match(copied, /^perimeterScan:\n {2}schedule: "daily at 00:00 UTC"\n {2}prefix: "nightly-edge"\n {2}# optionProfile: /)
})

pageTest('once loaded, the page needs no network: typing offline still compiles', async (ctx) => {
  const page = await open(ctx)
  const requests: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  await ctx.context!.setOffline(true)
  try {
    await typePhrase(page, 'weekdays at 07:45 in Asia/Singapore')
    assert.equal((await payload(page)).daysOfWeek, ['MON', 'TUE', 'WED', 'THU', 'FRI'])
    assert.equal(requests, [])
  } finally {
    await ctx.context!.setOffline(false)
  }
})

pageTest('first render: the page compiles and draws the phrase from the URL, then a screenshot for review', async (ctx) => {
  const page = await open(ctx, 'scan weekly on MON,WED at 12:00 Asia/Colombo')
  assert.is(await page.textContent('#explanation'), 'Weekly on Monday and Wednesday at 12:00 in Asia/Colombo')
  assert.is(await page.textContent('#month-title'), 'November 2026')
  await mkdir(outputDir, { recursive: true })
  await page.screenshot({ path: `${outputDir}playground.png`, fullPage: true })
})

e2e.run()
