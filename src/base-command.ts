// The base of every command: global flags (docs/architecture.md, "The CLI"), AWS clients built from them,
// TTY detection, and central error handling (one line on stderr, no stack without --debug).
// Exit codes: 0 success; 2 usage errors (unknown flag, bad flag value, missing value: oclif's parse
// errors and UsageError); 1 every other failure and a declined confirmation ("Cancelled: nothing
// changed"); 130 Ctrl-C (at a prompt or while a command runs).
import {Command, Flags, Interfaces} from '@oclif/core'
import {AwsClients, DEFAULT_READ_TIMEOUT_SECONDS, resolveRegion} from './aws/clients.js'
import {profileRegion} from './aws/profile.js'
import {normalizeBooleanSpellings} from './cli/argv.js'
import {CancelledError, describeError, InterruptedError, UsageError, UserError} from './errors.js'
import {enableCallSpinner, withoutCallSpinner} from './ui/call-spinner.js'
import {parseArn} from '../runtime/mapping/arn.js'
import {redactSecrets} from '../runtime/mapping/redact.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export const DEFAULT_FUNCTION = 'fanout'
/** Defaults for --function and --table from the environment (flags win). */
export const FUNCTION_ENV = 'KINESIS_FANOUT_FUNCTION'
export const TABLE_ENV = 'KINESIS_FANOUT_TABLE'

/** One missing value: the flag (or argument) and what it is, e.g. `{flag: '--id', what: 'the mapping id'}`. */
export interface MissingValue {
  flag: string
  what?: string
}

/**
 * Every missing value of a command in ONE line, as a usage error (exit 2): call it once with all
 * of them, after the interactive questions (if any) had their chance.
 * `Missing --id (the mapping id) and --destination (a name, or an ARN, URL or endpoint)`.
 */
export function missingValuesError(missing: MissingValue[], suggestion?: string): UsageError | undefined {
  if (missing.length === 0) return undefined
  const parts = missing.map((m) => (m.what ? `${m.flag} (${m.what})` : m.flag))
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
  return new UsageError(`Missing ${list}`, {suggestion: suggestion ?? 'see --help'})
}

/**
 * The global flags with those a command ignores hidden, so its help page lists only flags that do
 * something, while scripts that pass a global flag everywhere (`--yes`) keep working:
 * `static override baseFlags = baseFlagsHiding('yes')`.
 */
export function baseFlagsHiding(...names: Array<keyof (typeof BaseCommand)['baseFlags']>): (typeof BaseCommand)['baseFlags'] {
  const flags: Record<string, unknown> = {...BaseCommand.baseFlags}
  for (const name of names) flags[name] = {...(flags[name] as object), hidden: true}
  return flags as (typeof BaseCommand)['baseFlags']
}

/** The AWS-facing global flags: commands that make no AWS call (package, demo) hide them. */
export const AWS_GLOBAL_FLAGS = ['cli-read-timeout', 'endpoint-url', 'function', 'function-arn', 'profile', 'region', 'table', 'table-arn'] as const

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    debug: Flags.boolean({description: 'Print stack traces and SDK details on errors.', helpGroup: 'GLOBAL'}),
    'endpoint-url': Flags.string({
      description: 'Send every AWS call to this endpoint (emulators, VPC endpoints). AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> also work.',
      helpGroup: 'GLOBAL',
    }),
    'cli-read-timeout': Flags.integer({
      default: DEFAULT_READ_TIMEOUT_SECONDS,
      description: 'Seconds an AWS call may wait for data before the command fails (0: no limit), as in the AWS CLI. Connecting has 5 s.',
      helpGroup: 'GLOBAL',
      min: 0,
    }),
    // No oclif `default`/`env` here: KINESIS_FANOUT_FUNCTION must lose to --function-arn too, and
    // oclif would count an env value as given (exclusive), so functionName applies the defaults.
    function: Flags.string({
      description: `Name of the fan-out Lambda function (default: ${FUNCTION_ENV}, then ${DEFAULT_FUNCTION}).`,
      helpGroup: 'GLOBAL',
    }),
    'function-arn': Flags.string({
      description: 'ARN of the fan-out function (Bash CLI form; the name is taken from it).',
      exclusive: ['function'],
      helpGroup: 'GLOBAL',
    }),
    // No `env: AWS_PROFILE` here: the AWS CLI ranks --profile above AWS_ACCESS_KEY_ID and AWS_PROFILE
    // below it, so the two must stay apart (src/aws/profile.ts).
    profile: Flags.string({description: 'Named profile of the shared AWS config/credentials files (default: AWS_PROFILE).', helpGroup: 'GLOBAL'}),
    region: Flags.string({description: 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile).', helpGroup: 'GLOBAL'}),
    table: Flags.string({
      description: `Configuration table (default: ${TABLE_ENV} unless --function is given, then <function>Targets).`,
      helpGroup: 'GLOBAL',
    }),
    'table-arn': Flags.string({
      description: 'ARN of the configuration table (Bash CLI form; the name is taken from it).',
      exclusive: ['table'],
      helpGroup: 'GLOBAL',
    }),
    yes: Flags.boolean({char: 'y', description: 'Answer yes to every confirmation (scripts, CI).', helpGroup: 'GLOBAL'}),
  }

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  private clients?: AwsClients

  public override async init(): Promise<void> {
    this.argv = normalizeBooleanSpellings(this.argv)
    // Ctrl-C while a command runs (outside a prompt, which reports it itself) keeps Node's default:
    // the process ends by SIGINT, which a shell reports as 130. No listener here, so commands that
    // stop cleanly on Ctrl-C (tail, local-run) keep doing so.
    await super.init()
    const {args, flags} = await this.parse({
      args: this.ctor.args,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      flags: this.ctor.flags,
      strict: this.ctor.strict,
    })
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
    enableCallSpinner(!this.jsonEnabled())
    // A malformed --function, --function-arn, KINESIS_FANOUT_FUNCTION or --endpoint-url is refused
    // before the command does anything.
    void this.functionName
    const endpoint = this.flags['endpoint-url']
    if (endpoint !== undefined && !/^https?:$/.test(URL.parse(endpoint)?.protocol ?? '')) {
      throw new UsageError(`Invalid --endpoint-url '${endpoint}': expected an http:// or https:// URL (e.g. http://localhost:4566)`)
    }
  }

  /** True when a person can answer prompts: stdin and stdout are terminals and CI is unset. */
  protected get interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI)
  }

  protected get aws(): AwsClients {
    this.clients ??= new AwsClients({
      endpointUrl: this.flags['endpoint-url'],
      profile: this.flags.profile,
      readTimeoutSeconds: this.flags['cli-read-timeout'],
      region: resolveRegion(this.flags.region) ?? this.regionFromArns() ?? profileRegion(this.flags.profile || undefined),
    })
    return this.clients
  }

  /** The fan-out function's name: --function, the name inside --function-arn, KINESIS_FANOUT_FUNCTION, or fanout. */
  protected get functionName(): string {
    const arn = this.flags['function-arn']
    if (arn) {
      const parsed = parseArn(arn)
      const match = parsed && /^function:([a-zA-Z0-9_-]{1,64})$/.exec(parsed.resource)
      if (!parsed || parsed.service !== 'lambda' || !match) {
        throw new UsageError(`Invalid --function-arn '${arn}': expected arn:aws:lambda:REGION:ACCOUNT:function:NAME`)
      }
      return match[1]
    }
    const fromEnv = this.flags.function === undefined ? process.env[FUNCTION_ENV] || undefined : undefined
    const name = this.flags.function ?? fromEnv ?? DEFAULT_FUNCTION
    const source = fromEnv === undefined ? '--function' : FUNCTION_ENV
    // Checked here: the name also makes the table's and the role's, and a bad one would otherwise
    // surface as an obscure refusal (or, on emulators, an HTML page) from the first AWS call.
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
      throw new UsageError(`Invalid ${source} '${name}': a Lambda function name is 1-64 letters, digits, hyphens or underscores`, {
        suggestion: name.startsWith('arn:') && source === '--function' ? 'give an ARN with --function-arn' : `check ${source}`,
      })
    }
    return name
  }

  /** The configuration table's name (from --table, --table-arn, or <function>Targets). */
  protected get tableName(): string {
    const arn = this.flags['table-arn']
    if (arn) {
      const parsed = parseArn(arn)
      const match = parsed && /^table\/([a-zA-Z0-9_.-]{3,255})$/.exec(parsed.resource)
      if (!parsed || parsed.service !== 'dynamodb' || !match) {
        throw new UsageError(`Invalid --table-arn '${arn}': expected arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`)
      }
      return match[1]
    }
    if (this.flags.table) return this.flags.table
    // KINESIS_FANOUT_TABLE goes with the environment's function: a function named on the command
    // line brings its own table.
    const fromEnv = process.env[TABLE_ENV]
    if (fromEnv && this.flags.function === undefined && !this.flags['function-arn']) return fromEnv
    return `${this.functionName}Targets`
  }

  /** Throws the one-line usage error naming every missing value (see missingValuesError). */
  protected requireValues(missing: MissingValue[], suggestion?: string): void {
    const error = missingValuesError(missing, suggestion)
    if (error) throw error
  }

  /** Without a region anywhere else, an ARN given on the command line tells it. */
  private regionFromArns(): string | undefined {
    for (const name of ['function-arn', 'table-arn', 'source-arn']) {
      const value = (this.flags as Record<string, unknown>)[name]
      if (typeof value === 'string') {
        const region = parseArn(value)?.region
        if (region) return region
      }
    }
    return undefined
  }

  /** Asks yes/no at the terminal; with --json the question goes to stderr, so stdout stays pure JSON. */
  protected async confirm(message: string, initial: boolean): Promise<boolean> {
    const {confirm} = await import('@inquirer/prompts')
    return withoutCallSpinner(() => confirm({default: initial, message}, this.jsonEnabled() ? {output: process.stderr} : undefined))
  }

  /** Progress and notes go to stderr, so stdout carries only the result (tables, JSON). */
  protected note(message: string): void {
    if (!this.jsonEnabled()) process.stderr.write(message + '\n')
  }

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    // oclif's own exits (this.exit, --help, --version) pass through untouched.
    // (oclif's ExitError keeps the name 'Error'; its code EEXIT tells it apart.)
    if (error?.oclif?.exit !== undefined && ((error as {code?: string}).code === 'EEXIT' || error.name === 'ExitError')) throw error
    const debug = this.argv.includes('--debug') || Boolean(process.env.DEBUG)
    // Ctrl-C at a prompt: nothing was written yet.
    if (error?.name === 'ExitPromptError' || error?.name === 'AbortPromptError' || error instanceof InterruptedError) {
      process.stderr.write('Interrupted: nothing changed\n')
      return this.exit(130)
    }
    // A "no" to a confirmation: the command did not do what was asked (exit 1), and says so.
    if (error instanceof CancelledError) {
      process.stderr.write(`${error.message}\n`)
      return this.exit(1)
    }
    const {exitCode, message} = describeError(error)
    // Whatever raised it, no destination password or external id reaches the screen (runtime/mapping/redact.ts).
    process.stderr.write(redactSecrets(`Error: ${message}\n`))
    if (debug && error?.stack) process.stderr.write(redactSecrets(error.stack + '\n'))
    return this.exit(error?.oclif?.exit ?? exitCode)
  }
}
