import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

// Installability: the BUILT CLI and its workspace dependencies are packed with `pnpm pack` (exactly what would be
// published), installed into an empty project, and the installed bin is run. Needs `build` first, which turbo runs
// before `test`.

const root = fileURLToPath(new URL('../../../', import.meta.url))

interface Manifest {
  name: string
  version: string
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
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})

test('`pnpm scanplan` at the repository root runs the built CLI', () => {
  const r = sh('pnpm', ['--silent', 'scanplan', '--version'], root)
  const { version } = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')) as Manifest
  assert.is(r.code, 0, r.stderr)
  assert.is(r.stdout, `${version}\n`)
})

test.run()
