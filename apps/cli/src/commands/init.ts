import { resolve } from 'node:path'
import type { ParsedArgs } from '../parsed-args.js'
import { CommandError } from '../command-error.js'
import { ExitCode } from '../exit-codes.js'
import type { CommandIO } from '../io.js'
import { colorsFor, info, printJson } from '../output.js'
import { schemaReference, writeNew } from '../spec-file.js'
import { UsageError } from '../usage-error.js'

const authKinds = ['session', 'basic', 'oidc'] as const
type AuthKind = (typeof authKinds)[number]

interface Answers {
  username: string
  site: string
  auth: AuthKind
  out: string
}

interface PlatformInfo {
  id: string
  apiServer: string
  gateway: string
}

/**
 * The company acronym in front of the platform identifier (`acme3ab1` -> `acme`, `echoAij1` -> `echo` on KSA1,
 * `msspBtr4` -> `mssp` on EU3): a sensible default site name. Core's platform rules own where the acronym ends (the
 * identifier may be an upper-case letter).
 */
async function defaultSite(username: string): Promise<string> {
  const { platformIdentifier } = await import('@scanplan/core/platform')
  const found = platformIdentifier(username)
  return (found ? username.slice(0, found.offset) : /^[a-z]+/i.exec(username)?.[0])?.toLowerCase() || 'qualys'
}

async function lookUpPlatform(username: string): Promise<PlatformInfo | undefined> {
  const { resolvePlatform } = await import('@scanplan/core/platform')
  const result = resolvePlatform({ username })
  return result.ok ? { id: result.platform.id, apiServer: result.platform.apiServer, gateway: result.platform.gateway } : undefined
}

/** Core's placeholder id: `scanplan compile` warns (SPEC060) until each one is replaced with a real Azure id. */
const placeholder = 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'

/** A YAML line with its comment aligned, so the starter reads as a table. */
function line(code: string, comment?: string): string {
  return comment ? `${code.padEnd(40)} # ${comment}` : code
}

const customPerimeterScan = [
  '    perimeterScan:',
  '      # Plain language; try it with `scanplan explain "..."` (docs/schedule-language.md)',
  '      schedule: scan weekly on MON,WED at 12:00 UTC',
  '      prefix: perimeter',
  line('      optionProfile: "Initial Options"', 'a title (resolved online) or a numeric id'),
]

/** OIDC has no API server login to look a title up, so the starter names no option profile (SPEC048 otherwise). */
const oidcPerimeterScan = [
  line('    perimeterScan: global', "the subscription's global scan settings"),
  '    # A custom scan with auth: oidc names its option profile by numeric id (Scans > Option Profiles):',
  '    # perimeterScan:',
  '    #   schedule: scan weekly on MON,WED at 12:00 UTC',
  '    #   prefix: perimeter',
  '    #   optionProfile: 123456',
]

/**
 * The starter spec. `envName` is core's `siteEnvName` (its variable names under the site's prefix, `acme-prod` ->
 * `ACME_PROD_QUALYS_PASSWORD`, so that the specs of five accounts do not all read one `QUALYS_PASSWORD`); `import`
 * derives its names with the same function.
 */
export function starterSpec(a: Omit<Answers, 'out'>, platform: PlatformInfo | undefined, schema: string, envName: (site: string, name: string) => string): string {
  const env = (name: string) => envName(a.site, name)
  const credentials =
    a.auth === 'oidc'
      ? [line(`  clientId: { env: ${env('QUALYS_CLIENT_ID')} }`, 'OpenID Connect client; from env or { file: PATH }'), line(`  clientSecret: { env: ${env('QUALYS_CLIENT_SECRET')} }`, 'never inline')]
      : [line(`  password: { env: ${env('QUALYS_PASSWORD')} }`, 'or { file: ./secrets/qualys }; never inline')]
  return [
    `# yaml-language-server: $schema=${schema}`,
    '# A scanplan spec: one Qualys account and the Azure tenant connectors it manages. Every key: docs/spec.md.',
    '# Check it offline with `scanplan compile FILE`, against Qualys with `scanplan doctor FILE`,',
    '# then see the changes with `scanplan plan FILE` and make them with `scanplan apply FILE`.',
    'source:',
    line(`  site: ${a.site}`, 'a name you choose for this account'),
    line(`  username: ${a.username}`, platform ? `platform ${platform.id}: ${platform.apiServer}` : 'no public platform identifier in this username'),
    ...(platform ? [] : [line('  platform: private', 'a private platform needs its API server URL:'), '  baseUrl: https://qualysapi.example.com']),
    line(`  auth: ${a.auth}`, 'session | basic | oidc'),
    ...credentials,
    line('  # passwordExpires: 2027-01-31', '`scanplan doctor` warns 14 days ahead'),
    '  # contactEmail: secops@example.com',
    'connectors:',
    '  - kind: azure-org',
    line('    name: My Azure tenant', 'unique per subscription: plan/apply match by name'),
    line('    tenant:', 'the Azure tenant (directory) to connect'),
    `      id: ${placeholder}`,
    '      name: My tenant',
    line('    application:', 'the app registration Qualys reads the tenant with'),
    `      id: ${placeholder}`,
    line(`      secret: { env: ${env('AZURE_SECRET')} }`, 'never inline'),
    line('    apps:', 'the Azure app ids for Qualys\' modules'),
    `      - { name: AI, identifier: ${placeholder} }`,
    `      - { name: CI, identifier: ${placeholder} }`,
    `      - { name: CSA, identifier: ${placeholder} }`,
    line('    autoActivate: [VM]', 'Cloud Perimeter Scan needs VM'),
    ...(a.auth === 'oidc' ? oidcPerimeterScan : customPerimeterScan),
    '',
  ].join('\n')
}

async function ask(io: CommandIO, defaults: Partial<Answers>): Promise<Answers> {
  const { createInterface } = await import('node:readline/promises')
  // Prompts go to stderr so that `scanplan init --out - > spec.yaml` still works interactively.
  const rl = createInterface({ input: io.stdin, output: io.stderrStream as NodeJS.WritableStream, terminal: true })
  const c = colorsFor(io, 'stderr')
  // Ctrl-C or Ctrl-D at a prompt cancels: readline would otherwise only pause on Ctrl-C and leave the user stuck.
  const cancel = new AbortController()
  rl.on('SIGINT', () => cancel.abort())
  rl.on('close', () => cancel.abort())
  const question = (text: string) => rl.question(text, { signal: cancel.signal })
  try {
    let username = defaults.username ?? ''
    while (!username) {
      username = (await question(`${c.bold('Qualys username')} (e.g. acme3ab1): `)).trim()
      if (!username) io.stderr('  the username is needed: its platform identifier picks the Qualys platform\n')
    }
    const platform = await lookUpPlatform(username)
    io.stderr(platform ? `  ${c.green('✓')} platform ${platform.id}: ${platform.apiServer}\n` : `  ${c.yellow('!')} no public platform for \`${username}\`: the spec will need \`baseUrl:\`\n`)
    const siteDefault = defaults.site ?? (await defaultSite(username))
    const site = (await question(`${c.bold('Site name')} [${siteDefault}]: `)).trim() || siteDefault
    let auth = defaults.auth
    while (!auth) {
      const answer = (await question(`${c.bold('Authentication')} (session, basic, oidc) [session]: `)).trim() || 'session'
      if ((authKinds as readonly string[]).includes(answer)) auth = answer as AuthKind
      else io.stderr(`  one of: ${authKinds.join(', ')}\n`)
    }
    const outDefault = defaults.out ?? 'scanplan.yaml'
    const out = (await question(`${c.bold('Write to')} [${outDefault}]: `)).trim() || outDefault
    return { username, site, auth, out }
  } catch (error) {
    if (cancel.signal.aborted) throw new CommandError('cancelled; nothing was written', ExitCode.failure)
    throw error
  } finally {
    rl.close()
  }
}

export async function run(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument \`${args.positionals[0]}\``, 'init takes only options, e.g. --username acme3ab1')
  const v = args.values
  const auth = v.auth as string | undefined
  if (auth !== undefined && !(authKinds as readonly string[]).includes(auth)) throw new UsageError(`unknown --auth \`${auth}\``, `one of: ${authKinds.join(', ')}`)
  const given: Partial<Answers> = {
    ...(typeof v.username === 'string' ? { username: v.username.trim() } : {}),
    ...(typeof v.site === 'string' ? { site: v.site.trim() } : {}),
    ...(auth ? { auth: auth as AuthKind } : {}),
    ...(typeof v.out === 'string' ? { out: v.out } : {}),
  }
  // The username first: asking about stdin builds process.stdin, which `init --username` never reads.
  const interactive = given.username === undefined && io.isTTY.stdin && io.isTTY.stderr
  if (!interactive && !given.username) {
    throw new UsageError('no terminal to ask for the Qualys username on', 'pass it as a flag: scanplan init --username acme3ab1 [--site NAME] [--out FILE]')
  }
  const answers: Answers = interactive
    ? await ask(io, given)
    : { username: given.username!, site: given.site ?? (await defaultSite(given.username!)), auth: given.auth ?? 'session', out: given.out ?? 'scanplan.yaml' }
  if (!/^\S+$/.test(answers.username)) throw new UsageError(`the username \`${answers.username}\` contains spaces`)
  if (!/^[A-Za-z0-9._-]+$/.test(answers.site)) throw new UsageError(`the site name \`${answers.site}\` may hold only letters, digits, \`.\`, \`_\` and \`-\``)
  if (answers.out === '-' && v.json === true) throw new UsageError('--json reports the written file; it cannot be combined with --out -')

  const platform = await lookUpPlatform(answers.username)
  const { version } = await import('../version.js')
  const outPath = answers.out === '-' ? undefined : resolve(io.cwd, answers.out)
  const schema = typeof v.schema === 'string' ? v.schema : schemaReference(outPath, version)
  const { siteEnvName } = await import('@scanplan/core')
  const text = starterSpec(answers, platform, schema, siteEnvName)

  if (!outPath) {
    io.stdout(text)
    return ExitCode.ok
  }
  await writeNew(outPath, answers.out, text, v.force === true)
  if (v.json === true) {
    printJson(io, { file: answers.out, username: answers.username, site: answers.site, auth: answers.auth, platform: platform ?? null, schema })
  } else {
    const c = colorsFor(io, 'stderr')
    info(io, `${c.green('✓')} wrote ${answers.out}${platform ? ` (platform ${platform.id})` : ''}`)
    info(io, `  next: replace the xxxxxxxx ids with your Azure ids, then \`scanplan doctor ${answers.out}\``)
    if (!platform) info(io, `  ${c.yellow('!')} \`${answers.username}\` has no public platform identifier: set \`baseUrl:\` under source`)
  }
  return ExitCode.ok
}
