import type { CommandIO } from './io.js'
import type { ParsedArgs } from './parsed-args.js'

export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  multiple?: boolean
  /** Shown in --help, e.g. `ISO` for `--now ISO`. */
  valueName?: string
  description: string
}

/** What a command module (commands/NAME.ts) exports. Heavy imports stay inside `run`. */
interface CommandModule {
  run(args: ParsedArgs, io: CommandIO): Promise<number>
}

/**
 * A command as the help screen knows it. The module itself is loaded only when the command runs, so
 * `scanplan --help` and `scanplan X --help` import nothing but this table.
 */
export interface CommandEntry {
  name: string
  summary: string
  usage: string
  examples: string[]
  options: Record<string, OptionSpec>
  load: () => Promise<CommandModule>
}

/** Options every command takes. */
export const globalOptions: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  'no-color': { type: 'boolean', description: 'never colour the output (NO_COLOR is honoured too)' },
  quiet: { type: 'boolean', short: 'q', description: 'print only the data and errors' },
  json: { type: 'boolean', description: 'print machine-readable JSON on stdout (shapes in docs/cli.md)' },
}

/*
 * The contract for command modules (commands/NAME.ts), kept stable for everyone adding commands:
 * - `run(args, io)` returns an ExitCode (exit-codes.ts). Throw UsageError (exit 2) for bad arguments and
 *   CommandError(message, exitCode, help?) (command-error.ts) for failures the user can act on.
 * - Global flags are parsed for every command: --help, --no-color, --quiet (io.quiet), --json (args.values.json).
 *   A command with a `format` option reads both through output.ts `outputFormat(args.values)`.
 * - Shared helpers: output.ts `printJson(io, value)`, `printJsonLine(io, value)`, `info(io, text)` (stderr, silenced
 *   by --quiet), `colorsFor(io, 'stdout' | 'stderr')` (picocolors honouring NO_COLOR / --no-color / terminal);
 *   input.ts `readInput(io, pathOrDash)` and `readInputs(io, paths)` (`-` = stdin, unreadable path = exit 2);
 *   progress.ts `createProgress(io, { total, title })` (a bar on a terminal, plain lines otherwise).
 * - Tests: test-support/run-cli.ts `runCli(args, { env, stdin, cwd })` runs the CLI as a subprocess.
 */
export const commands: CommandEntry[] = [
  {
    name: 'schedule',
    summary: 'compile a plain-language scan schedule into the Qualys fields, with its next runs and diagnostics',
    usage: 'scanplan schedule [--json] [--now ISO] [--zone ZONE] [--strict] PHRASE... | -',
    examples: [
      'scanplan schedule "weekly on MON,WED at 12:00 Asia/Colombo"',
      'scanplan schedule --json --now 2024-06-12T09:00:00Z "daily at 02:20 Europe/Berlin"',
      'printf "daily at 9am UTC\\nweekdays at 07:45 Asia/Singapore\\n" | scanplan schedule --json -',
    ],
    options: {
      now: { type: 'string', valueName: 'ISO', description: 'the reference instant for relative dates, past-date and DST checks (default: now)' },
      zone: { type: 'string', valueName: 'ZONE', description: 'the time zone for phrases that name none (no zone is assumed otherwise)' },
      strict: { type: 'boolean', description: 'make DST gap warnings (W103) errors' },
    },
    load: () => import('./commands/schedule.js'),
  },
  {
    name: 'explain',
    summary: 'explain a schedule phrase in plain words: the sentence, the next runs here and there, DST notes',
    usage: 'scanplan explain [--now ISO] [--zone ZONE] [--count N] PHRASE... | -',
    examples: [
      'scanplan explain "weekly on MON,WED at 12:00 Asia/Colombo"',
      'TZ=Europe/Berlin scanplan explain "daily at 02:30 America/New_York" --count 3',
      'echo "weekdays at 7am Asia/Singapore" | scanplan explain -',
    ],
    options: {
      now: { type: 'string', valueName: 'ISO', description: 'the reference instant for relative dates and next runs (default: now)' },
      zone: { type: 'string', valueName: 'ZONE', description: 'time zone for phrases that name none' },
      count: { type: 'string', valueName: 'N', description: 'how many next runs to list (default 5, at most 100)' },
    },
    load: () => import('./commands/explain.js'),
  },
  {
    name: 'compile',
    summary: 'compile spec files into the Qualys Connector API requests they stand for (offline; secrets as ***)',
    usage: 'scanplan compile SPEC... [--format text|json|markdown|github|sarif] [--now ISO] [--profiles FILE] [--zone ZONE] [--op create|update --id N]',
    examples: [
      'scanplan compile examples/seed-azure-org.yaml',
      'scanplan compile examples/daily-azure-org.yaml --profiles examples/profiles.yaml',
      'scanplan compile --json --op update --id 186015 examples/seed-azure-org.yaml',
    ],
    options: {
      format: { type: 'string', valueName: 'FORMAT', description: 'text (default), json (= --json), markdown, github (workflow-command annotations) or sarif (docs/cli.md#output-formats)' },
      now: { type: 'string', valueName: 'ISO', description: 'the reference instant for schedules and the password-expiry check (default: now)' },
      profiles: { type: 'string', valueName: 'FILE', description: 'a YAML/JSON mapping of option profile titles to ids, or such mappings keyed by `site` (else titles need `scanplan plan`)' },
      zone: { type: 'string', valueName: 'ZONE', description: 'the time zone for schedules that name none' },
      op: { type: 'string', valueName: 'OP', description: 'create (POST, default) or update (PUT, needs --id)' },
      id: { type: 'string', valueName: 'N', description: 'the organization connector id for --op update' },
    },
    load: () => import('./commands/compile.js'),
  },
  {
    name: 'platform',
    summary: 'show the Qualys platform a username lives on, with its API server, gateway and UI URLs',
    usage: 'scanplan platform USERNAME [--json]',
    examples: ['scanplan platform acme3ab1', 'scanplan platform --json quays_ab1'],
    options: {},
    load: () => import('./commands/platform.js'),
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of spec files, or of the webhook configuration (for editors and CI validation)',
    usage: 'scanplan schema [--webhook-config]',
    examples: ['scanplan schema > scanplan.schema.json', 'scanplan schema --webhook-config > webhook-config.schema.json'],
    options: {
      'webhook-config': { type: 'boolean', description: 'the webhook configuration\'s schema (`@scanplan/webhook/config-schema.json`) instead of the spec\'s' },
    },
    load: () => import('./commands/schema.js'),
  },
  {
    name: 'init',
    summary: 'write a commented starter spec, asking for the Qualys username (flags when there is no terminal)',
    usage: 'scanplan init [--username USER] [--site NAME] [--auth session|basic|oidc] [--out FILE|-] [--force]',
    examples: ['scanplan init', 'scanplan init --username acme3ab1 --site acme-prod --out acme.yaml', 'scanplan init --username acme3ab1 --out - > spec.yaml'],
    options: {
      username: { type: 'string', valueName: 'USER', description: 'the Qualys API username; its platform identifier picks the platform' },
      site: { type: 'string', valueName: 'NAME', description: 'a name for this Qualys account (default: the username\'s company prefix)' },
      auth: { type: 'string', valueName: 'KIND', description: 'session (default), basic or oidc' },
      out: { type: 'string', short: 'o', valueName: 'FILE', description: 'where to write the spec (default scanplan.yaml; - for stdout)' },
      schema: { type: 'string', valueName: 'URL', description: 'the $schema reference for the editor modeline (default: the installed schema)' },
      force: { type: 'boolean', short: 'f', description: 'overwrite FILE if it exists' },
    },
    load: () => import('./commands/init.js'),
  },
  {
    name: 'doctor',
    summary: 'check credentials, platform, password expiry, reachability, login and option profiles',
    usage: 'scanplan doctor [SPEC... | -] [--target URL|sim] [--offline] [--probe] [--now ISO]',
    examples: ['scanplan doctor examples/seed-azure-org.yaml', 'scanplan doctor examples/seed-azure-org.yaml --target sim', 'scanplan doctor --json customers/*.yaml'],
    options: {
      target: { type: 'string', valueName: 'URL|sim', description: 'send every call to this URL, or to an in-process simulator (default: the platform\'s URLs)' },
      now: { type: 'string', valueName: 'DATE', description: 'today\'s date for the password-expiry check, YYYY-MM-DD (default: today)' },
      offline: { type: 'boolean', description: 'skip the network checks (reachability, login, option profiles)' },
      probe: { type: 'boolean', description: 'also tell which readings of the Qualys docs the account speaks (read-only calls; docs/cli.md)' },
    },
    load: () => import('./commands/doctor.js'),
  },
  {
    name: 'plan',
    summary: 'show what applying the specs would change on the live Qualys account (create, update with a diff, no change)',
    usage: 'scanplan plan SPEC... [--target URL|sim] [--format text|json|markdown|github|sarif] [--detailed-exitcode] [--now ISO] [--out FILE] [--profiles FILE] [--prune] [--keep-going] [--rotate-secrets [--connector NAME|ID]...]',
    examples: [
      'scanplan plan examples/acme-azure-org.yaml --target sim',
      'scanplan plan --json specs/*.yaml',
      'scanplan plan spec.yaml --detailed-exitcode || echo "changes pending (exit 4)"',
      'scanplan plan specs/*.yaml --format markdown >> "$GITHUB_STEP_SUMMARY"',
    ],
    options: {
      target: { type: 'string', valueName: 'URL|sim', description: 'send every call to this URL, or to an in-process simulator (default: the platform\'s URLs)' },
      'detailed-exitcode': { type: 'boolean', description: 'exit 4 when the plan has changes (0: none)' },
      format: { type: 'string', valueName: 'FORMAT', description: 'text (default), json (= --json), markdown, github (workflow-command annotations) or sarif (docs/cli.md#output-formats)' },

      out: { type: 'string', short: 'o', valueName: 'FILE', description: 'save the plan to FILE (no secret values, mode 0600) for `scanplan apply FILE`' },
      now: { type: 'string', valueName: 'ISO', description: 'the reference instant for schedules (default: now)' },
      prune: { type: 'boolean', description: 'disable (never delete) the connectors of the account that no spec names' },
      'rotate-secrets': { type: 'boolean', description: 'send each managed connector\'s Azure secret again (after rotating it in Azure)' },
      connector: { type: 'string', multiple: true, valueName: 'NAME|ID', description: 'with --rotate-secrets: only this connector (repeatable)' },
      profiles: { type: 'string', valueName: 'FILE', description: 'option profile titles -> ids (or such mappings keyed by `site`): these ids are used, other titles are looked up in the account' },
      'keep-going': { type: 'boolean', description: 'plan the accounts that can be planned when others fail, and list per account what was planned' },
    },
    load: () => import('./commands/plan.js'),
  },
  {
    name: 'apply',
    summary: 'make the live Qualys account match the specs: create or update connectors, idempotently',
    usage: 'scanplan apply (SPEC... | PLANFILE) [--target URL|sim] [--yes] [--format text|json|markdown|github|sarif] [--now ISO] [--profiles FILE] [--prune] [--keep-going] [--rotate-secrets [--connector NAME|ID]...]',
    examples: [
      'scanplan apply examples/acme-azure-org.yaml --target sim --yes',
      'scanplan apply specs/*.yaml',
      'scanplan apply --keep-going --yes customers/*.yaml',
      'scanplan apply --json --yes spec.yaml',
    ],
    options: {
      target: { type: 'string', valueName: 'URL|sim', description: 'send every call to this URL, or to an in-process simulator (default: the platform\'s URLs)' },
      yes: { type: 'boolean', short: 'y', description: 'apply without asking (needed when there is no terminal)' },
      format: { type: 'string', valueName: 'FORMAT', description: 'text (default), json (= --json), markdown, github (workflow-command annotations) or sarif (docs/cli.md#output-formats)' },

      now: { type: 'string', valueName: 'ISO', description: 'the reference instant for schedules (default: now)' },
      prune: { type: 'boolean', description: 'disable (never delete) the connectors of the account that no spec names' },
      'rotate-secrets': { type: 'boolean', description: 'send each managed connector\'s Azure secret again (after rotating it in Azure)' },
      connector: { type: 'string', multiple: true, valueName: 'NAME|ID', description: 'with --rotate-secrets: only this connector (repeatable)' },
      profiles: { type: 'string', valueName: 'FILE', description: 'option profile titles -> ids (or such mappings keyed by `site`): these ids are used, other titles are looked up in the account' },
      'keep-going': { type: 'boolean', description: 'apply the accounts whose specs all planned when others fail (a login, a compile error), and list per account what was done' },
    },
    load: () => import('./commands/apply.js'),
  },
  {
    name: 'import',
    summary: 'write the Azure organization connectors of an account as a spec: ids pinned, schedules as phrases, secrets as references',
    usage: 'scanplan import SPEC [--out FILE [--force]] [--connector NAME|ID]... [--target URL|sim] [--now ISO]',
    examples: [
      'scanplan import acme.yaml --out acme-imported.yaml',
      'scanplan import acme.yaml --connector "Acme production" --connector 186015',
      'scanplan import examples/acme-azure-org.yaml --target http://127.0.0.1:4790 > imported.yaml',
    ],
    options: {
      out: { type: 'string', short: 'o', valueName: 'FILE', description: 'write the spec to FILE (default: stdout); an existing FILE needs --force' },
      force: { type: 'boolean', short: 'f', description: 'overwrite the --out FILE if it exists' },
      connector: { type: 'string', multiple: true, valueName: 'NAME|ID', description: 'only this live connector, by name or Qualys id (repeatable; default: all)' },
      target: { type: 'string', valueName: 'URL|sim', description: 'send every call to this URL, or to an in-process simulator (default: the platform\'s URLs)' },
      now: { type: 'string', valueName: 'ISO', description: 'the reference instant for the password-expiry check and the written spec\'s compile (default: now)' },
      schema: { type: 'string', valueName: 'URL', description: 'the $schema reference for the editor modeline (default: the installed schema)' },
    },
    load: () => import('./commands/import.js'),
  },
  {
    name: 'sim',
    summary: 'run the local Qualys simulator (API server and gateway on one port of 127.0.0.1)',
    usage: 'scanplan sim [--port N] [--fixture FILE] [--state FILE] [--variant NAME[,NAME...]]',
    examples: ['scanplan sim', 'scanplan sim --port 0', 'scanplan sim --fixture my-fixture.json --state sim-state.json', 'scanplan sim --variant update-post,frequency-minutes'],
    options: {
      port: { type: 'string', short: 'p', valueName: 'N', description: 'the port on 127.0.0.1 (default 4790; 0 picks a free one)' },
      fixture: { type: 'string', valueName: 'FILE', description: 'subscriptions, users and option profiles as JSON (default: the bundled fixture, see docs/simulator.md)' },
      state: { type: 'string', valueName: 'FILE', description: 'keep created connectors and profile changes in FILE across restarts' },
      variant: { type: 'string', multiple: true, valueName: 'NAME[,NAME...]', description: 'play another reading of the Qualys docs: org-list-absent, update-post, update-by-uuid, frequency-minutes, gateway-429-bare, profile-id-string, token-503 (docs/simulator.md)' },
    },
    load: () => import('./commands/sim.js'),
  },
  {
    name: 'serve',
    summary: 'run the webhook service: signed spec deliveries applied to Qualys exactly once, from a durable inbox',
    usage: 'scanplan serve [--config FILE] [--port N] [--target URL|sim]',
    examples: [
      'scanplan serve --config examples/webhook.config.yaml --target sim',
      'scanplan serve --config /etc/scanplan/webhook.yaml --port 8787',
    ],
    options: {
      config: { type: 'string', short: 'c', valueName: 'FILE', description: 'the service configuration (default webhook.config.yaml; see docs/webhook.md)' },
      port: { type: 'string', short: 'p', valueName: 'N', description: 'listen on this port instead of the configured one (0 picks a free one)' },
      target: { type: 'string', valueName: 'URL|sim', description: 'send every Qualys call to this URL, or to an in-process simulator (default: the platform\'s URLs)' },
    },
    load: () => import('./commands/serve.js'),
  },
  {
    name: 'lsp',
    summary: 'run the language server for editors: spec diagnostics, hover, completion and quick fixes as you type (offline)',
    usage: 'scanplan lsp --stdio',
    examples: ['scanplan lsp --stdio    # as the editor\'s language server command (docs/editors.md)'],
    options: {
      stdio: { type: 'boolean', description: 'speak LSP on stdin/stdout (the only transport)' },
    },
    load: () => import('./commands/lsp.js'),
  },
  {
    name: 'playground',
    summary: 'serve the schedule playground (type a phrase, see its runs and DST traps) on 127.0.0.1',
    usage: 'scanplan playground [--port N] [--dir DIR]',
    examples: ['scanplan playground', 'scanplan playground --port 0', 'scanplan playground --dir ./playground-dist --port 8080'],
    options: {
      port: { type: 'string', short: 'p', valueName: 'N', description: 'the port on 127.0.0.1 (default 4780; 0 picks a free one)' },
      dir: { type: 'string', valueName: 'DIR', description: 'the built playground to serve (default: the workspace\'s apps/playground/dist)' },
    },
    load: () => import('./commands/playground.js'),
  },
]
