import {Args} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {mappingPropertyFlags, skipRoleUpdateFlag, sourceFlags} from '../cli/flags.js'
import {mappingToItem, TARGET_TYPES, type Mapping, type MappingItem} from '../../runtime/mapping/schema.js'
import {redactDestination, redactMapping} from '../../runtime/mapping/redact.js'
import {missingValues} from '../mappings/ask-mapping.js'
import {roleBeforeWrite, sourceSelection, TTL_REMINDER_NOTE} from '../mappings/command-support.js'
import {shellQuote} from '../mappings/shell-quote.js'
import {idFlag, indexFlag} from '../mappings/flags.js'
import {MappingTable} from '../mappings/mapping-table.js'
import {propertiesFromFlags} from '../mappings/properties.js'
import {canonicalTargetType, checkTargetType, registerMapping} from '../mappings/register-mapping.js'
import type {PartialRegisterInput} from '../mappings/register-wizard.js'
import {hasSourceSelection} from '../source-lookup/resolve-source.js'

export default class Register extends BaseCommand<typeof Register> {
  static override args = {
    type: Args.string({description: `Target type: ${TARGET_TYPES.join(', ')}, any case (asked at a terminal when left out).`}),
  }

  static override description =
    'Add a mapping: records of a source (Kinesis stream or DynamoDB stream) go to a destination. At a terminal, a guided wizard asks for what the flags leave out; in scripts every value comes from flags. The mapping starts inactive unless --active.'

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> register',
    '<%= config.bin %> register sqs --source-type kinesis --source orders --id to-audit --destination audit-queue --active',
    '<%= config.bin %> register sns --source-type dynamodb --source users --id users-topic --destination user-events --collapse JSON --convert-ddb',
    '<%= config.bin %> register sqs --source-type kinesis --source orders --id big-orders --destination orders-queue --filter \'{"data":{"total":[{"numeric":[">",100]}]}}\' --park-after 5m',
    '<%= config.bin %> register redis --source-type kinesis --source orders --id cache --destination rediss://app@cache.example.com:6380 --password-secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis-auth-AbCdEf',
    '<%= config.bin %> register es --source-arn arn:aws:kinesis:eu-west-1:123456789012:stream/logs --id search --destination logs-domain --index logs',
  ]

  static override flags = {
    ...sourceFlags,
    id: idFlag,
    index: indexFlag,
    ...mappingPropertyFlags,
    ...skipRoleUpdateFlag,
  }

  async run(): Promise<MappingItem> {
    const {flags} = this
    const table = new MappingTable(this.aws, this.tableName)
    const input: PartialRegisterInput = {
      destination: flags.destination,
      id: flags.id,
      index: flags.index,
      properties: propertiesFromFlags(flags),
      source: sourceSelection(flags),
      type: canonicalTargetType(this.args.type),
    }
    if (input.type !== undefined) checkTargetType(input.type)

    // The wizard runs when a person is there and something required is missing; a complete command
    // line runs as in a script, without questions.
    const complete = input.type !== undefined && hasSourceSelection(input.source) && input.id !== undefined && input.destination !== undefined
    const mapping = this.interactive && !complete ? await this.guided(input, table) : await this.scripted(input, table)
    this.log(
      `Registered ${mapping.type} mapping '${mapping.id}' (${mapping.active ? 'active' : 'inactive'}): ${mapping.sourceArn} -> ${redactDestination(mapping.type, mapping.destination)}`,
    )
    if (!mapping.active) this.note(`Activate it with: ${this.config.bin} activate --id ${shellQuote(mapping.id)} --source-arn ${shellQuote(mapping.sourceArn)}`)
    this.note(TTL_REMINDER_NOTE)
    return redactMapping(mappingToItem(mapping))
  }

  private get beforeWrite() {
    return roleBeforeWrite(this.aws, {functionName: this.functionName, skipRoleUpdate: this.flags['skip-role-update'], tableName: this.tableName}, (m) => this.note(m))
  }

  /** Scripts: never prompt; a missing value is an error naming the flag. */
  private async scripted(input: PartialRegisterInput, table: MappingTable): Promise<Mapping> {
    const missing = [
      ...(input.type === undefined ? [`the target type (register <type>: ${TARGET_TYPES.join(', ')})`] : []),
      ...(hasSourceSelection(input.source) ? [] : ['the source (--source-type and --source, or --source-arn)']),
      ...(input.id === undefined ? ['--id'] : []),
      ...(input.destination === undefined ? ['--destination'] : []),
    ]
    if (missing.length || input.type === undefined || input.id === undefined || input.destination === undefined) throw missingValues(missing)
    return registerMapping(
      {...input, destination: input.destination, id: input.id, type: input.type},
      {aws: this.aws, beforeWrite: this.beforeWrite, functionName: this.functionName, table},
    )
  }

  /** A person at a terminal: ask what is missing, show the item, write only after confirmation. */
  private async guided(partial: PartialRegisterInput, table: MappingTable): Promise<Mapping> {
    const [{registerGuided}, {inquirerPrompter}] = await Promise.all([import('../mappings/register-guided.js'), import('../prompts/prompter.js')])
    return registerGuided(partial, {
      aws: this.aws,
      beforeWrite: this.beforeWrite,
      functionName: this.functionName,
      prompter: inquirerPrompter(),
      show: (text) => this.log(text),
      table,
      yes: this.flags.yes,
    })
  }
}

