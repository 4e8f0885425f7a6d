import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchChromium } from '@scanplan/playground/test-support/browser'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

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

/** scanplan and every workspace package it depends on, directly or not. */
function closure(dirs: Map<string, string>): string[] {
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name)) return
    seen.add(name)
    const manifest = JSON.parse(readFileSync(join(dirs.get(name)!, 'package.json'), 'utf8')) as Manifest
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) if (range.startsWith('workspace:')) visit(dep)
  }
  visit('scanplan')
  return [...seen]
}

// The test runner's NODE_OPTIONS (tsx, the source condition) must not reach pnpm or the installed CLI.
const { NODE_OPTIONS: _testHooks, ...cleanEnv } = process.env

function sh(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = cleanEnv) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 180_000 })
  return { code: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` }
}

test('pnpm pack the built CLI and its workspace deps, install them in an empty project, run the packed bin', async () => {
  const dirs = workspacePackages()
  const names = closure(dirs)
  for (const name of names) {
    assert.ok(existsSync(join(dirs.get(name)!, 'dist')), `${name} is not built: run \`pnpm exec turbo run build --filter=scanplan...\` first`)
  }
  const work = mkdtempSync(join(tmpdir(), 'scanplan-pack-'))
  try {
    const tarballs = join(work, 'tarballs')
    mkdirSync(tarballs)
    for (const name of names) {
      const r = sh('pnpm', ['pack', '--pack-destination', tarballs], dirs.get(name)!)
      assert.is(r.code, 0, `pnpm pack ${name}: ${r.stderr}`)
    }
    const files = readdirSync(tarballs)
    const tarball = (name: string) => {
      const stem = name.replace(/^@/, '').replace('/', '-')
      const file = files.find((f) => new RegExp(`^${stem}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`).test(f))
      assert.ok(file, `no tarball for ${name} in ${files.join(', ')}`)
      return `file:${join(tarballs, file!)}`
    }
    const app = join(work, 'app')
    mkdirSync(app)
    // The packed manifests depend on `@scanplan/core@^0.1.0` etc. (pnpm rewrote `workspace:^`); overrides point those
    // at the tarballs, since the versions are not published from this tree.
    const overrides = Object.fromEntries(names.filter((n) => n !== 'scanplan').map((n) => [n, tarball(n)]))
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, dependencies: { scanplan: tarball('scanplan') }, pnpm: { overrides } }, null, 2))
    // The workspace's install lock also serialises this install, so that it never races an engineer's `pnpm add`.
    const flock = existsSync('/usr/bin/flock') ? ['/usr/bin/flock', '/tmp/scanplan-pnpm.lock'] : []
    const install = sh(flock[0] ?? 'pnpm', [...flock.slice(1), ...(flock.length ? ['pnpm'] : []), 'install', '--prefer-offline', '--ignore-workspace', '--config.confirmModulesPurge=false'], app)
    assert.is(install.code, 0, `pnpm install: ${install.stdout}\n${install.stderr}`)

    const bin = join(app, 'node_modules', '.bin', 'scanplan')
    assert.ok(existsSync(bin), 'the package installs a `scanplan` bin')
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', NO_COLOR: '1' }
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

    // Every published package carries the Apache-2.0 text and the metadata `npm view` shows.
    const license = readFileSync(join(root, 'LICENSE'), 'utf8')
    assert.match(license, /^ +Apache License\n +Version 2\.0, January 2004\n/)
    for (const name of names) {
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

    // `npx scanplan` from the project that installed the tarballs runs the same bin.
    const npx = sh('npx', ['--no-install', 'scanplan', '--version'], app, env)
    assert.is(npx.code, 0, npx.stderr)
    assert.is(npx.stdout, `${JSON.parse(readFileSync(join(dirs.get('scanplan')!, 'package.json'), 'utf8')).version}\n`)

    // `scanplan playground` serves the page shipped inside the package, and it renders in a real browser.
    await loadInstalledPlayground(bin, app, env)
  } finally {
    rmSync(work, { recursive: true, force: true })
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

test('`pnpm scanplan` at the repository root runs the built CLI', () => {
  const r = sh('pnpm', ['--silent', 'scanplan', '--version'], root)
  const { version } = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')) as Manifest
  assert.is(r.code, 0, r.stderr)
  assert.is(r.stdout, `${version}\n`)
})

test.run()
