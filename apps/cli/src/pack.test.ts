import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchChromium } from '@scanplan/playground/test-support/browser'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { tempDir } from '@scanplan/test-support/temp-dir'

// Installability: the BUILT CLI and its workspace dependencies are packed with `pnpm pack` (exactly what would be
// published), installed into an empty project, and the installed bin is run. Needs `build` first, which turbo runs
// before `test`.

const root = fileURLToPath(new URL('../../../', import.meta.url))

interface Manifest {
  name: string
  version: string
  license?: string
  keywords?: string[]
  homepage?: string
  bugs?: { url?: string }
  repository?: { url?: string; directory?: string }
  dependencies?: Record<string, string>
}

function workspacePackages(): Map<string, string> {
  const dirs = new Map<string, string>()
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, group))) {
      const manifest = join(root, group, entry, 'package.json')
      if (existsSync(manifest)) dirs.set((JSON.parse(readFileSync(manifest, 'utf8')) as Manifest).name, join(root, group, entry))
    }
  }
  return dirs
}

/** The given packages and every workspace package they depend on, directly or not. */
function closure(dirs: Map<string, string>, roots: string[]): string[] {
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name)) return
    seen.add(name)
    const manifest = JSON.parse(readFileSync(join(dirs.get(name)!, 'package.json'), 'utf8')) as Manifest
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) if (range.startsWith('workspace:')) visit(dep)
  }
  for (const root of roots) visit(root)
  return [...seen]
}

// The test runner's NODE_OPTIONS (tsx, the source condition) must not reach pnpm or the installed CLI.
const { NODE_OPTIONS: _testHooks, ...cleanEnv } = process.env

function sh(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = cleanEnv, timeout = 180_000) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout })
  return { code: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` }
}

/** The names of the packages an install put in the project (pnpm's virtual store: one `name@version` entry each). */
function installedPackages(app: string): string[] {
  return readdirSync(join(app, 'node_modules', '.pnpm')).filter((entry) => entry !== 'node_modules' && !entry.startsWith('lock'))
}

/** Files that only a native module has (a compiled addon, its build recipe), anywhere under node_modules. */
function nativeFiles(dir: string, found: string[] = [], budget = { entries: 200_000 }): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (--budget.entries < 0) throw new Error('node_modules is larger than this check walks')
    const path = join(dir, entry.name)
    if (entry.isDirectory()) nativeFiles(path, found, budget)
    else if (entry.name.endsWith('.node') || entry.name === 'binding.gyp') found.push(path)
  }
  return found
}

const dirs = workspacePackages()
const work = tempDir('pack')
const tarballs = join(work, 'tarballs')
let packed: string[] | undefined

/** Packs the given workspace packages and their workspace dependencies (once each) with `pnpm pack`. */
function pack(roots: string[]): string[] {
  const names = closure(dirs, roots)
  if (!packed) mkdirSync(tarballs)
  packed ??= []
  for (const name of names) {
    if (packed.includes(name)) continue
    assert.ok(existsSync(join(dirs.get(name)!, 'dist')), `${name} is not built: run \`pnpm exec turbo run build --filter=scanplan...\` first`)
    const r = sh('pnpm', ['pack', '--pack-destination', tarballs], dirs.get(name)!)
    assert.is(r.code, 0, `pnpm pack ${name}: ${r.stderr}`)
    packed.push(name)
  }
  return names
}

function tarball(name: string): string {
  const files = readdirSync(tarballs)
  const stem = name.replace(/^@/, '').replace('/', '-')
  const file = files.find((f) => new RegExp(`^${stem}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`).test(f))
  assert.ok(file, `no tarball for ${name} in ${files.join(', ')}`)
  return `file:${join(tarballs, file!)}`
}

/** An empty project that depends on `roots` (from their tarballs), installed with pnpm. */
function installProject(dirName: string, roots: string[]): string {
  const names = pack(roots)
  const app = join(work, dirName)
  mkdirSync(app)
  // The packed manifests depend on `@scanplan/core@^0.1.0` etc. (pnpm rewrote `workspace:^`); overrides point those
  // at the tarballs, since the versions are not published from this tree. better-sqlite3 may run its build (pnpm
  // 10 runs no dependency's build script unless the project allows it, as a user installing the webhook would).
  const overrides = Object.fromEntries(names.filter((n) => !roots.includes(n)).map((n) => [n, tarball(n)]))
  const dependencies = Object.fromEntries(roots.map((n) => [n, tarball(n)]))
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'pack-check', private: true, dependencies, pnpm: { overrides, onlyBuiltDependencies: ['better-sqlite3'] } }, null, 2),
  )
  // The workspace's install lock also serialises this install, so that it never races an engineer's `pnpm add`.
  const flock = existsSync('/usr/bin/flock') ? ['/usr/bin/flock', '/tmp/scanplan-pnpm.lock'] : []
  const install = sh(
    flock[0] ?? 'pnpm',
    [...flock.slice(1), ...(flock.length ? ['pnpm'] : []), 'install', '--prefer-offline', '--ignore-workspace', '--config.confirmModulesPurge=false'],
    app,
    // better-sqlite3 compiles against the headers of the Node that runs the suite: scripts/test-on-node.sh points
    // npm_config_nodedir at its registry Node; on this machine's own Node 20 they live under /usr. A cold native
    // build on a shared two-core machine can take minutes, hence the longer limit.
    { ...cleanEnv, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' },
    600_000,
  )
  assert.is(install.code, 0, `pnpm install: ${install.stdout}\n${install.stderr}`)
  return app
}

/** Every published package carries the Apache-2.0 text and the metadata `npm view` shows, as installed from its tarball. */
function assertLicensedAndDescribed(app: string, roots: string[]): void {
  const license = readFileSync(join(root, 'LICENSE'), 'utf8')
  assert.match(license, /^ +Apache License\n +Version 2\.0, January 2004\n/)
  for (const name of closure(dirs, roots)) {
    const installed = join(app, 'node_modules', '.pnpm', 'node_modules', name)
    const at = existsSync(installed) ? installed : join(app, 'node_modules', name)
    assert.is(readFileSync(join(at, 'LICENSE'), 'utf8'), license, `${name} ships the Apache-2.0 LICENSE`)
    const manifest = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as Manifest
    assert.is(manifest.license, 'Apache-2.0', name)
    assert.match(manifest.repository?.url ?? '', /^git\+https:\/\/github\.com\/scanplan\/scanplan\.git$/, `${name} repository`)
    assert.match(manifest.homepage ?? '', /^https:\/\/github\.com\/scanplan\/scanplan\//, `${name} homepage`)
    assert.match(manifest.bugs?.url ?? '', /\/issues$/, `${name} bugs`)
    assert.ok((manifest.keywords ?? []).includes('qualys'), `${name} keywords`)
  }
}

const env = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', NO_COLOR: '1' }

test('pnpm pack the built CLI and its workspace deps, install them in an empty project, run the packed bin', async () => {
  const app = installProject('app', ['scanplan'])
  const bin = join(app, 'node_modules', '.bin', 'scanplan')
  assert.ok(existsSync(bin), 'the package installs a `scanplan` bin')
  const help = sh(bin, ['--help'], app, env)
  assert.is(help.code, 0, help.stderr)
  assert.match(help.stdout, /^scanplan \d+\.\d+\.\d+: /)
  assert.ok(help.stdout.indexOf('Examples:') < help.stdout.indexOf('Usage:'))

  const init = sh(bin, ['init', '--username', 'acme3ab1', '--site', 'acme-prod', '--out', 'spec.yaml'], app, env)
  assert.is(init.code, 0, init.stderr)
  const spec = readFileSync(join(app, 'spec.yaml'), 'utf8')
  assert.match(spec, /platform US3: https:\/\/qualysapi\.qg3\.apps\.qualys\.com/, 'the packed core resolves the platform')
  const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(spec)?.[1]
  assert.ok(modeline && existsSync(join(app, modeline)), `the modeline points at the installed schema: ${modeline}`)

  const explain = sh(bin, ['explain', 'weekly on MON,WED at 12:00 Asia/Colombo', '--now', '2024-06-12T09:00:00Z'], app, env)
  assert.is(explain.code, 0, explain.stderr)
  assert.match(explain.stdout, /^Weekly on Monday and Wednesday at 12:00 in Asia\/Colombo\n/, 'the packed schedule compiler and its zone data load')

  const doctor = sh(bin, ['doctor', '--json', '--offline', 'spec.yaml', '--now', '2026-11-22'], app, env)
  const checks = (JSON.parse(doctor.stdout) as { checks: { id: string; status: string }[] }).checks
  assert.equal(checks.find((c) => c.id === 'spec')?.status, 'ok', `the packed spec loader reads init's output: ${doctor.stderr}`)
  assert.is(doctor.code, 1, 'the credentials are not set in this environment')

  const unknown = sh(bin, ['inti'], app, env)
  assert.is(unknown.code, 2)
  assert.match(unknown.stderr, /did you mean `scanplan init`\?/, 'the packed core/suggest subpath loads')

  // The webhook service is an optional peer: a CLI user gets no HTTP server and no database driver, native or not.
  const installed = installedPackages(app)
  for (const name of ['@scanplan+webhook@', '@scanplan+webhook-inbox@', 'express@', 'better-sqlite3@', 'pg@', 'helmet@']) {
    assert.not.ok(installed.some((entry) => entry.startsWith(name)), `${name.slice(0, -1)} is not installed with scanplan: ${installed.join(', ')}`)
  }
  assert.equal(nativeFiles(join(app, 'node_modules')), [], 'no native module is installed with scanplan')
  const serve = sh(bin, ['serve', '--config', 'webhook.yaml'], app, env)
  assert.is(serve.code, 1, serve.stderr)
  assert.match(serve.stderr, /^error: `scanplan serve` runs the webhook service from the package @scanplan\/webhook, which is not installed/)
  assert.match(serve.stderr, /\nhelp: install it beside scanplan, then run `scanplan serve` again: `npm install @scanplan\/webhook@\d+\.\d+\.\d+`/)

  assertLicensedAndDescribed(app, ['scanplan'])

  // `npx scanplan` from the project that installed the tarballs runs the same bin.
  const npx = sh('npx', ['--no-install', 'scanplan', '--version'], app, env)
  assert.is(npx.code, 0, npx.stderr)
  assert.is(npx.stdout, `${JSON.parse(readFileSync(join(dirs.get('scanplan')!, 'package.json'), 'utf8')).version}\n`)

  // `scanplan playground` serves the page shipped inside the package, and it renders in a real browser.
  await loadInstalledPlayground(bin, app, env)
})

test('with the packed webhook package installed beside it, `scanplan serve` runs the service', async () => {
  const app = installProject('app-serve', ['scanplan', '@scanplan/webhook'])
  assertLicensedAndDescribed(app, ['scanplan', '@scanplan/webhook'])
  const examples = join(root, 'examples')
  copyFileSync(join(examples, 'webhook.config.yaml'), join(app, 'webhook.config.yaml'))
  copyFileSync(join(examples, 'webhook.env'), join(app, 'webhook.env'))
  const child = spawn(join(app, 'node_modules', '.bin', 'scanplan'), ['serve', '--config', 'webhook.config.yaml', '--port', '0', '--target', 'sim'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve))
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  try {
    const deadline = Date.now() + 30_000
    while (!/^http:\/\/127\.0\.0\.1:\d+\n/.test(stdout) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    const url = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1]
    assert.ok(url, `serve printed its URL: ${stderr}`)
    const ready = await fetch(`${url}/readyz`)
    assert.is(ready.status, 200, await ready.text())
    child.kill('SIGTERM')
    assert.is(await exit, 0, stderr)
  } finally {
    clearTimeout(killer)
    child.kill('SIGKILL')
  }
})

/** Starts the installed `scanplan playground --port 0`, opens its URL in headless Chromium, checks the page works. */
async function loadInstalledPlayground(bin: string, cwd: string, env: Record<string, string | undefined>): Promise<void> {
  const child = spawn(bin, ['playground', '--port', '0'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL from the installed playground in 30 s: ${stderr}`)), 30_000)
      const check = () => {
        const m = /^(http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(stdout)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      }
      child.stdout.on('data', check)
      void exited.then((code) => reject(new Error(`the installed playground exited (${code}): ${stderr}`)))
    })
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      await page.goto(`${url}#${new URLSearchParams({ s: 'daily at 02:30 UTC' })}`)
      await page.waitForSelector('#status:not(:empty)', { timeout: 30_000 })
      const payload = (await page.textContent('#payload')) ?? ''
      assert.match((await page.textContent('#status')) ?? '', /^Compiles/)
      assert.match(payload, /"connectorScanConfig"/, 'the page compiled the phrase into a scan configuration')
      assert.equal(errors, [], 'the page logged no errors')
      assert.match(stderr, /serving the schedule playground from \S*node_modules\S*scanplan.dist.playground/, 'from the installed package')
    } finally {
      await browser.close()
    }
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

test.after(() => rmSync(work, { recursive: true, force: true }))

test('`pnpm scanplan` at the repository root runs the built CLI', () => {
  const r = sh('pnpm', ['--silent', 'scanplan', '--version'], root)
  const { version } = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')) as Manifest
  assert.is(r.code, 0, r.stderr)
  assert.is(r.stdout, `${version}\n`)
})

test.run()
