// The base of every command: global flags (DESIGN.md, "The CLI"), AWS clients built from them,
// TTY detection, and central error handling (one line on stderr, no stack without --debug).
import {Command, Flags, Interfaces} from '@oclif/core'
import {AwsClients, resolveRegion} from './aws/clients.js'
import {profileRegion} from './aws/profile.js'
import {normalizeBooleanSpellings} from './cli/argv.js'
import {CancelledError, describeError, UserError} from './errors.js'
import {parseArn} from '../runtime/mapping/arn.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export const DEFAULT_FUNCTION = 'fanout'

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    debug: Flags.boolean({description: 'Print stack traces and SDK details on errors.', helpGroup: 'GLOBAL'}),
    'endpoint-url': Flags.string({
      description: 'Send every AWS call to this endpoint (emulators, VPC endpoints). AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> also work.',
      helpGroup: 'GLOBAL',
    }),
    function: Flags.string({
      default: DEFAULT_FUNCTION,
      description: 'Name of the fan-out Lambda function.',
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
    table: Flags.string({description: 'Configuration table (default: <function>Targets).', helpGroup: 'GLOBAL'}),
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
    // A malformed --function, --function-arn or --endpoint-url is refused before the command does anything.
    if (this.flags.function !== DEFAULT_FUNCTION || this.flags['function-arn']) void this.functionName
    const endpoint = this.flags['endpoint-url']
    if (endpoint !== undefined && !/^https?:$/.test(URL.parse(endpoint)?.protocol ?? '')) {
      throw new UserError(`Invalid --endpoint-url '${endpoint}': expected an http:// or https:// URL (e.g. http://localhost:4566)`)
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
      region: resolveRegion(this.flags.region) ?? this.regionFromArns() ?? profileRegion(this.flags.profile || undefined),
    })
    return this.clients
  }

  /** The fan-out function's name (from --function, or the name inside --function-arn). */
  protected get functionName(): string {
    const arn = this.flags['function-arn']
    if (arn) {
      const parsed = parseArn(arn)
      const match = parsed && /^function:([a-zA-Z0-9_-]{1,64})$/.exec(parsed.resource)
      if (!parsed || parsed.service !== 'lambda' || !match) {
        throw new UserError(`Invalid --function-arn '${arn}': expected arn:aws:lambda:REGION:ACCOUNT:function:NAME`)
      }
      return match[1]
    }
    const name = this.flags.function ?? DEFAULT_FUNCTION
    // Checked here: the name also makes the table's and the role's, and a bad one would otherwise
    // surface as an obscure refusal (or, on emulators, an HTML page) from the first AWS call.
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
      throw new UserError(`Invalid --function '${name}': a Lambda function name is 1-64 letters, digits, hyphens or underscores`, {
        suggestion: name.startsWith('arn:') ? 'give an ARN with --function-arn' : 'check --function',
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
        throw new UserError(`Invalid --table-arn '${arn}': expected arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`)
      }
      return match[1]
    }
    return this.flags.table ?? `${this.functionName}Targets`
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
    return confirm({default: initial, message}, this.jsonEnabled() ? {output: process.stderr} : undefined)
  }

  /** Progress and notes go to stderr, so stdout carries only the result (tables, JSON). */
  protected note(message: string): void {
    if (!this.jsonEnabled()) process.stderr.write(message + '\n')
  }

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    // oclif's own exits (this.exit, --help, --version) pass through untouched.
    if (error?.oclif?.exit !== undefined && error.name === 'ExitError') throw error
    const debug = this.argv.includes('--debug') || Boolean(process.env.DEBUG)
    if (error?.name === 'ExitPromptError' || error?.name === 'AbortPromptError') {
      process.stderr.write('Cancelled: nothing was changed.\n')
      return this.exit(130)
    }
    // A "no" to a confirmation is the user's choice, not an error.
    if (error instanceof CancelledError) {
      process.stderr.write(`${error.message}\n`)
      return this.exit(130)
    }
    const {exitCode, message} = describeError(error)
    process.stderr.write(`Error: ${message}\n`)
    if (debug && error?.stack) process.stderr.write(error.stack + '\n')
    return this.exit(error?.oclif?.exit ?? exitCode)
  }
}
