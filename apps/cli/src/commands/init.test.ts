import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PassThrough } from 'node:stream'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { compileSpec, siteEnvName } from '@scanplan/core'
import { main } from '../main.js'
import { assertMatchesSchema } from '../test-support/json-schema.js'
import { runCli } from '../test-support/run-cli.js'
import { starterSpec } from './init.js'
import { tempDir } from '@scanplan/test-support/temp-dir'

const init = suite('scanplan init')
let dir = ''
init.before.each(() => {
  dir = tempDir('init')
})
init.after.each(() => rmSync(dir, { recursive: true, force: true }))

init('with flags and no terminal: writes a commented starter spec with the $schema modeline', async () => {
  const r = await runCli(['init', '--username', 'acme3ab1', '--site', 'acme-prod', '--out', 'acme.yaml'], { cwd: dir })
  assert.is(r.code, 0, r.stderr)
  assert.is(r.stdout, '')
  assert.match(r.stderr, /wrote acme\.yaml \(platform US3\)/)
  const text = readFileSync(join(dir, 'acme.yaml'), 'utf8')
  const lines = text.split('\n')
  assert.match(lines[0]!, /^# yaml-language-server: \$schema=\S+schema\.json$/)
  assert.match(text, /^ {2}site: acme-prod\s+# /m)
  assert.match(text, /^ {2}username: acme3ab1\s+# platform US3: https:\/\/qualysapi\.qg3\.apps\.qualys\.com$/m)
  assert.match(text, /^ {2}password: \{ env: ACME_PROD_QUALYS_PASSWORD \}/m)
  assert.match(text, /^ {6}secret: \{ env: ACME_PROD_AZURE_SECRET \}/m)
  assert.match(text, /schedule: scan weekly on MON,WED at 12:00 UTC/)
  assert.ok(lines.filter((l) => l.includes('#')).length >= 10, 'the starter is commented')
  assert.equal(readdirSync(dir), ['acme.yaml'], 'no temporary file is left behind')
})

init('the site defaults to the company prefix of the username, the file to scanplan.yaml', async () => {
  const r = await runCli(['init', '--username', 'quays_ab1'], { cwd: dir })
  assert.is(r.code, 0, r.stderr)
  const text = readFileSync(join(dir, 'scanplan.yaml'), 'utf8')
  assert.match(text, /^ {2}site: quays\s/m)
  assert.match(text, /platform US1: https:\/\/qualysapi\.qualys\.com/)
})

init('the default site is the company acronym, also before an upper-case platform identifier (KSA1, EU3)', async () => {
  for (const [username, site, platform] of [['echoAij1', 'echo', 'KSA1'], ['msspBtr4', 'mssp', 'EU3'], ['acme3ab1', 'acme', 'US3']] as const) {
    const r = await runCli(['init', '--username', username, '--out', `${username}.yaml`], { cwd: dir })
    assert.is(r.code, 0, r.stderr)
    assert.match(r.stderr, new RegExp(`platform ${platform}`))
    const text = readFileSync(join(dir, `${username}.yaml`), 'utf8')
    assert.match(text, new RegExp(`^ {2}site: ${site}\\s`, 'm'), `${username} gives the site ${site}`)
    assert.match(text, new RegExp(`password: \\{ env: ${site.toUpperCase()}_QUALYS_PASSWORD \\}`))
  }
})

init('five accounts get five sets of variable names, from their sites', async () => {
  const sites = ['acme-prod', 'acme-dev', 'globex', 'initech.eu', '3m']
  const names = new Set<string>()
  for (const site of sites) {
    const r = await runCli(['init', '--username', 'acme3ab1', '--site', site, '--out', '-'], { cwd: dir })
    assert.is(r.code, 0, r.stderr)
    for (const [, name] of r.stdout.matchAll(/\{ env: ([A-Za-z0-9_]+) \}/g)) {
      assert.match(name!, /^[A-Z_][A-Z0-9_]*$/, `${name} is a shell variable name`)
      names.add(name!)
    }
  }
  assert.ok(names.has('INITECH_EU_QUALYS_PASSWORD'))
  assert.ok(names.has('SITE_3M_AZURE_SECRET'), 'a name never starts with a digit')
  assert.is(names.size, sites.length * 2, 'no two accounts share a variable')
})

init('never overwrites an existing file without --force, and leaves it untouched', async () => {
  writeFileSync(join(dir, 'spec.yaml'), 'precious: true\n')
  const r = await runCli(['init', '--username', 'acme3ab1', '--out', 'spec.yaml'], { cwd: dir })
  assert.is(r.code, 1)
  assert.is(r.stdout, '')
  assert.match(r.stderr, /error: `spec\.yaml` already exists; nothing was written\nhelp: pass --force/)
  assert.is(readFileSync(join(dir, 'spec.yaml'), 'utf8'), 'precious: true\n')
  assert.equal(readdirSync(dir), ['spec.yaml'])

  const forced = await runCli(['init', '--username', 'acme3ab1', '--out', 'spec.yaml', '--force'], { cwd: dir })
  assert.is(forced.code, 0, forced.stderr)
  assert.match(readFileSync(join(dir, 'spec.yaml'), 'utf8'), /username: acme3ab1/)
})

init('without a terminal and without --username: a usage error that says which flag to pass', async () => {
  const r = await runCli(['init'], { cwd: dir })
  assert.is(r.code, 2)
  assert.is(r.stdout, '')
  assert.match(r.stderr, /error: no terminal to ask for the Qualys username on\nhelp: pass it as a flag: scanplan init --username/)
  assert.not.ok(existsSync(join(dir, 'scanplan.yaml')))
})

init('--out - writes the spec to stdout and nothing to disk', async () => {
  const r = await runCli(['init', '--username', 'acme3ab1', '--out', '-'], { cwd: dir })
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, /^# yaml-language-server: \$schema=/)
  assert.match(r.stdout, /username: acme3ab1/)
  assert.equal(readdirSync(dir), [])
})

init('--json reports what was written, in the documented shape', async () => {
  const r = await runCli(['init', '--json', '--username', 'acme3ab1', '--site', 'acme-prod', '--auth', 'oidc', '--out', 'sub/acme.yaml'], { cwd: dir })
  assert.is(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as Record<string, unknown>
  assertMatchesSchema(out, 'init')
  assert.equal(out.platform, { id: 'US3', apiServer: 'https://qualysapi.qg3.apps.qualys.com', gateway: 'https://gateway.qg3.apps.qualys.com' })
  assert.is(out.file, 'sub/acme.yaml')
  const text = readFileSync(join(dir, 'sub/acme.yaml'), 'utf8')
  assert.match(text, /auth: oidc/)
  assert.match(text, /clientSecret: \{ env: ACME_PROD_QUALYS_CLIENT_SECRET \}/)
  assert.not.match(text, /password:/)
  // No API server login with OIDC: no option profile title to resolve (SPEC048), the global scan settings instead.
  assert.match(text, /^    perimeterScan: global /m)
  assert.not.match(text, /^\s*optionProfile: "/m)
})

init('a username without a public platform identifier: a private-platform starter and a warning', async () => {
  const r = await runCli(['init', '--json', '--username', 'zz', '--out', 'p.yaml'], { cwd: dir })
  assert.is(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as Record<string, unknown>
  assertMatchesSchema(out, 'init')
  assert.is(out.platform, null)
  assert.match(readFileSync(join(dir, 'p.yaml'), 'utf8'), /platform: private[\s\S]*baseUrl: https:\/\//)
})

init('bad flag values are usage errors', async () => {
  const auth = await runCli(['init', '--username', 'acme3ab1', '--auth', 'kerberos'], { cwd: dir })
  assert.is(auth.code, 2)
  assert.match(auth.stderr, /error: unknown --auth `kerberos`\nhelp: one of: session, basic, oidc/)
  const site = await runCli(['init', '--username', 'acme3ab1', '--site', 'acme prod'], { cwd: dir })
  assert.is(site.code, 2)
  assert.match(site.stderr, /site name `acme prod`/)
  const extra = await runCli(['init', 'acme3ab1'], { cwd: dir })
  assert.is(extra.code, 2)
  assert.match(extra.stderr, /unexpected argument `acme3ab1`/)
  assert.equal(readdirSync(dir), [])
})

init('on a terminal it asks (prompts on stderr), reads the platform from the answer, and writes the file', async () => {
  const answers = ['acme3ab1', '', 'basic', 'asked.yaml']
  const stdin = Object.assign(new PassThrough(), { isTTY: true })
  let stderr = ''
  let stdout = ''
  const stderrStream = Object.assign(new PassThrough(), { isTTY: true })
  stderrStream.on('data', (d: Buffer) => {
    stderr += d.toString()
    // Answer each prompt once it is shown, as a person would.
    if (/(: |\] ?)$/.test(stderr) && answers.length > 0) setImmediate(() => stdin.write(`${answers.shift()}\n`))
  })
  const code = await main(
    { argv: ['init'], env: { NO_COLOR: '1' }, cwd: dir, stdin, stdout: { write: (s: string) => (stdout += s), isTTY: true }, stderr: stderrStream },
    '0.0.0',
  )
  assert.is(code, 0, stderr)
  assert.is(stdout, '')
  assert.match(stderr, /Qualys username/)
  assert.match(stderr, /platform US3: https:\/\/qualysapi\.qg3\.apps\.qualys\.com/)
  assert.match(stderr, /Site name \[acme\]/)
  const text = readFileSync(join(dir, 'asked.yaml'), 'utf8')
  assert.match(text, /site: acme\s/)
  assert.match(text, /auth: basic/)
})

init('on a real terminal (a pty from script(1)): asks, answers on Enter, writes the file', async () => {
  // script(1) is in bsdutils, which Debian always installs; it gives the CLI a real terminal on stdin and stderr.
  assert.ok(existsSync('/usr/bin/script'), 'script(1) is needed for this test')
  const bin = fileURLToPath(new URL('../bin.ts', import.meta.url))
  const command = ['node', '--conditions=@scanplan/source', '--import', import.meta.resolve('tsx'), bin, 'init'].map((a) => `'${a}'`).join(' ')
  const answers: [RegExp, string][] = [[/username.*: $/, 'acme3ab1'], [/Site name.*: $/, 'acme-prod'], [/Authentication.*: $/, ''], [/Write to.*: $/, 'tty.yaml']]
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('/usr/bin/script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] })
    let screen = ''
    child.stdout.on('data', (d: Buffer) => {
      screen = (screen + d.toString()).slice(-400)
      const next = answers[0]
      if (next && next[0].test(screen.replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''))) {
        answers.shift()
        screen = ''
        child.stdin.write(`${next[1]}\r`)
      }
    })
    child.on('close', resolve)
    setTimeout(() => child.kill('SIGKILL'), 60_000).unref()
  })
  assert.is(code, 0)
  assert.equal(answers, [], 'every question was asked')
  const text = readFileSync(join(dir, 'tty.yaml'), 'utf8')
  assert.match(text, /site: acme-prod\s/)
  assert.match(text, /auth: session\s/)
  assert.match(text, /platform US3/)
})

init('Ctrl-C at a prompt cancels: exit 1, nothing written', async () => {
  const stdin = Object.assign(new PassThrough(), { isTTY: true })
  let stderr = ''
  const stderrStream = Object.assign(new PassThrough(), { isTTY: true })
  stderrStream.on('data', (d: Buffer) => {
    stderr += d.toString()
    if (stderr.includes('Site name') && !stderr.includes('cancel')) setImmediate(() => stdin.write('\u0003'))
    else if (/username.*: $/.test(stderr)) setImmediate(() => stdin.write('acme3ab1\n'))
  })
  const code = await main({ argv: ['init'], env: { NO_COLOR: '1' }, cwd: dir, stdin, stdout: { write: () => true, isTTY: true }, stderr: stderrStream }, '0.0.0')
  await new Promise((r) => setImmediate(r))
  assert.is(code, 1)
  assert.match(stderr, /error: cancelled; nothing was written\n$/)
  assert.equal(readdirSync(dir), [])
})

init('the starter compiles for every auth kind and for a private platform; only the placeholder ids are flagged', () => {
  const platform = { id: 'US3', apiServer: 'https://qualysapi.qg3.apps.qualys.com', gateway: 'https://gateway.qg3.apps.qualys.com' }
  for (const [auth, p] of [['session', platform], ['basic', platform], ['oidc', platform], ['session', undefined]] as const) {
    const text = starterSpec({ username: p ? 'acme3ab1' : 'zz', site: 'acme', auth }, p, 'schema.json', siteEnvName)
    const result = compileSpec(text, { now: new Date('2026-11-22T00:00:00Z'), profiles: { 'Initial Options': 240981 } })
    assert.ok(result.ok, `${auth}: ${JSON.stringify(result.diagnostics)}`)
    assert.equal(result.diagnostics.map((d) => d.code), ['SPEC060'], `${auth}${p ? '' : ' private'}`)
  }
})

init.run()
