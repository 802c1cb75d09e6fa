// THE table of mapping properties: every optional attribute of a mapping row, with its flag, its
// DynamoDB type, its default, the target types and source kinds it applies to, what the function
// does with a value that is wrong, and one line on what it means. Everything else is driven by
// it: the rows the function reads (schema.ts parseMappingItem), the items the CLI writes
// (mappingToItem), the oclif flags and their --no-X forms (src/cli/flags.ts), the refusals on
// write (src/mappings/properties.ts), the wizard's questions, `list` and the README's attribute
// table (test/runtime/mapping/properties.test.ts checks the README against it).
//
// One rule for a value that does not apply (collapse on a kinesis target, --convert-ddb on a
// Kinesis source): the CLI never writes it; the function, reading a row written by other means,
// skips the row when ignoring the value would send records somewhere else than the row says
// (`onInapplicable: 'skip'`: role and region on a cache target), and otherwise ignores the value,
// with a warning in its log (`'warn'`) or silently where the Bash CLI wrote it on every row
// (`'ignore'`: collapse). An invalid value (wrong type, unknown option, bad ARN, broken pattern)
// always makes the function skip the row, with its id and the reason.
import {isExternalId, isRegionName, isRoleArn, parseArn, type SourceKind} from './arn.js'
import {CACHE_TYPES, COLLAPSE_MODES, COLLAPSIBLE_TYPES, DEFAULT_COLLAPSE, TARGET_TYPES, type CollapseMode, type TargetType} from './vocabulary.js'
import {patternProblem} from '../filter/event-pattern.js'
import {templateProblem} from '../filter/key-template.js'

export type AttributeType = 'S' | 'BOOL' | 'N'

/** How a flag takes its value on the command line. */
export type FlagInput =
  /** --x / --no-x (and the Bash spelling --x true|false) */
  | 'boolean'
  /** one of `choices`, any case; the canonical spelling is stored */
  | 'choice'
  /** text as given */
  | 'text'
  /** 0, 90s, 5m, 1h or never (-1) */
  | 'duration'
  /** an event pattern: JSON text, or @FILE */
  | 'pattern'
  /** a key template with ${path} placeholders */
  | 'template'

export type PropertyAttribute =
  | 'active'
  | 'role'
  | 'externalId'
  | 'region'
  | 'collapse'
  | 'parallel'
  | 'convertDDB'
  | 'deaggregate'
  | 'appendNewlines'
  | 'parkAfter'
  | 'filter'
  | 'partitionKey'
  | 'messageGroupId'
  | 'passwordSecret'
  | 'collapseSetBy'

export type PropertyValue = string | number | boolean

/** What the applicability rules look at: the row's type, source, destination and the properties it holds. */
export interface PropertyContext {
  type: TargetType
  /** Unknown (undefined) while the source is not yet resolved: source rules then wait. */
  sourceKind?: SourceKind
  destination?: string
  collapse?: string
  role?: string
}

export interface MappingProperty {
  attribute: PropertyAttribute
  /** Flag name without dashes (`--destination-role-arn`). */
  flag: string
  type: AttributeType
  input: FlagInput
  choices?: readonly string[]
  /** The value an absent attribute means to the function (booleans), for the parsed mapping. */
  defaultValue?: boolean
  /** What an absent attribute means, in words (help, README). */
  defaultText: string
  /** Where the property applies, in words ("sns, sqs and iot targets"). */
  appliesTo: string
  /** Why the property does not apply in `context`, or undefined when it does. */
  inapplicable?(context: PropertyContext): string | undefined
  /** Other attributes whose change can make this one stop applying (re-checked on update). */
  dependsOn?: readonly (PropertyAttribute | 'destination')[]
  /** What the function does with a row holding the value where it does not apply. */
  onInapplicable: 'skip' | 'warn' | 'ignore'
  /** Why a value of the right DynamoDB type is invalid ("must be ..."; patterns and templates: the reason), or undefined. */
  problem?(value: PropertyValue): string | undefined
  /** One line: what it means. */
  description: string
  /** Shown as `****` by every output (the table keeps it as written). */
  secret: boolean
  /** BOOL written only when true (an update to false removes it); otherwise always written when set. */
  absentWhenFalse?: boolean
  /** `update --no-<flag>` removes the attribute (string and number properties). */
  removable: boolean
  /**
   * Written by the CLI itself, never given by a user: no flag (`flag` is empty), no question, not
   * shown in `list`; the function ignores it (a value of another type is ignored too, never a reason
   * to skip the row).
   */
  internal?: true
}

const typeList = (types: readonly string[]): string =>
  types.length === 1 ? types[0] : `${types.slice(0, -1).join(', ')} and ${types.at(-1)}`

const onlyTypes = (types: readonly TargetType[]) => (context: PropertyContext) =>
  types.includes(context.type) ? undefined : `only applies to ${typeList(types)} targets, not ${context.type}`

const notCache = (context: PropertyContext) =>
  CACHE_TYPES.includes(context.type) ? `does not apply to ${context.type} targets (reached inside the VPC)` : undefined

const onlySource = (kind: SourceKind, label: string) => (context: PropertyContext) =>
  context.sourceKind === undefined || context.sourceKind === kind ? undefined : `only applies to ${label} sources`

const isFifo = (destination: string | undefined): boolean => Boolean(destination && /\.fifo$/.test(destination))

/** Whether a redis destination carries a password of its own (redis://user:PASS@host). */
export function destinationHasPassword(destination: string | undefined): boolean {
  if (!destination || !/^rediss?:\/\//i.test(destination)) return false
  try {
    return new URL(destination).password.length > 0
  } catch {
    return false
  }
}

/** 0, 90, 90s, 5m, 1h, never (-1): seconds, or undefined when the text is none of these. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase()
  if (value === 'never' || value === '-1') return -1
  const match = /^(\d+)(s|m|h)?$/.exec(value)
  if (!match) return undefined
  return Number(match[1]) * {h: 3600, m: 60, s: 1}[match[2] ?? 's']!
}

/** Seconds as the CLI shows them (`never`, `0`, `90s`, `5m`, `1h`). */
export function formatDuration(seconds: number): string {
  if (seconds === -1) return 'never'
  if (seconds === 0) return '0'
  if (seconds % 3600 === 0) return `${seconds / 3600}h`
  if (seconds % 60 === 0) return `${seconds / 60}m`
  return `${seconds}s`
}

/** The value of `collapseSetBy` on rows whose collapse this CLI wrote (register, update --collapse). */
export const CLI_MARKER = 'kinesis-fanout'

const SECRET_ARN = /^secret:[a-zA-Z0-9/_+=.@-]+$/

/** A BOOL written only when true, false when absent, ignored (with a warning) where it does not apply. */
const optionalBoolean = (p: Pick<MappingProperty, 'appliesTo' | 'attribute' | 'description' | 'flag' | 'inapplicable' | 'dependsOn'>): MappingProperty => ({
  absentWhenFalse: true,
  defaultText: 'false',
  defaultValue: false,
  input: 'boolean',
  onInapplicable: 'warn',
  removable: false,
  secret: false,
  type: 'BOOL',
  ...p,
})

/** An S attribute that `update --no-FLAG` removes. */
const removableText = (p: Omit<MappingProperty, 'type' | 'removable' | 'secret'> & {secret?: boolean}): MappingProperty => ({
  removable: true,
  secret: false,
  type: 'S',
  ...p,
})

export const MAPPING_PROPERTIES: readonly MappingProperty[] = [
  {
    appliesTo: 'every target',
    attribute: 'active',
    defaultText: 'false (`register` writes it: inactive unless `--active`)',
    defaultValue: false,
    description: 'only active mappings are used',
    flag: 'active',
    input: 'boolean',
    onInapplicable: 'skip',
    removable: false,
    secret: false,
    type: 'BOOL',
  },
  removableText({
    appliesTo: 'every target but memcached and redis',
    attribute: 'role',
    defaultText: "none: the function's own role",
    description: 'IAM role ARN to assume to reach the destination (cross-account)',
    flag: 'destination-role-arn',
    inapplicable: notCache,
    input: 'text',
    onInapplicable: 'skip',
    problem: (value) => (isRoleArn(String(value)) ? undefined : 'must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)'),
 }),
  removableText({
    appliesTo: 'rows with a role',
    attribute: 'externalId',
    defaultText: 'none',
    dependsOn: ['role'],
    description: 'external id for that AssumeRole (shown as `****`)',
    flag: 'external-id',
    inapplicable: (context) => notCache(context) ?? (context.role === undefined ? 'only applies with --destination-role-arn' : undefined),
    input: 'text',
    onInapplicable: 'warn',
    problem: (value) => (isExternalId(String(value)) ? undefined : 'must be 2 to 1224 characters of letters, digits and _+=,.@:/-'),
    secret: true,
 }),
  removableText({
    appliesTo: 'every target but memcached and redis',
    attribute: 'region',
    defaultText: "the function's region",
    description: 'region of the destination (cross-region)',
    flag: 'destination-region',
    inapplicable: notCache,
    input: 'text',
    onInapplicable: 'skip',
    problem: (value) => (isRegionName(String(value)) ? undefined : 'must be a region name such as eu-west-1'),
 }),
  {
    appliesTo: 'sns, sqs and iot targets',
    attribute: 'collapse',
    choices: COLLAPSE_MODES,
    defaultText: `${DEFAULT_COLLAPSE} (\`register\` writes \`none\` unless told otherwise, as the Bash CLI did)`,
    description: 'how records become messages: none (one per record), JSON ({"Records":[...]}), concat (bytes joined), concat-b64 (base64 of that)',
    flag: 'collapse',
    inapplicable: onlyTypes(COLLAPSIBLE_TYPES),
    input: 'choice',
    // The Bash CLI wrote collapse on every row: on other types it is ignored, without a warning.
    onInapplicable: 'ignore',
    problem: (value) => ((COLLAPSE_MODES as readonly string[]).includes(String(value)) ? undefined : `must be one of ${COLLAPSE_MODES.join(', ')}`),
    removable: false,
    secret: false,
    type: 'S',
  },
  {
    appliesTo: 'every target',
    attribute: 'parallel',
    defaultText: 'true',
    defaultValue: true,
    description: 'false keeps strict per-target order (batches one after the other)',
    flag: 'parallel',
    input: 'boolean',
    onInapplicable: 'skip',
    removable: false,
    secret: false,
    type: 'BOOL',
  },
  optionalBoolean({
    appliesTo: 'DynamoDB stream sources',
    attribute: 'convertDDB',
    description: 'DynamoDB images become plain JSON (numbers as numbers, sets as arrays)',
    flag: 'convert-ddb',
    inapplicable: onlySource('dynamodb', 'DynamoDB stream'),
  }),  optionalBoolean({
    appliesTo: 'Kinesis stream sources',
    attribute: 'deaggregate',
    description: 'KPL-aggregated Kinesis records are split into user records',
    flag: 'deaggregate',
    inapplicable: onlySource('kinesis', 'Kinesis stream'),
  }),  optionalBoolean({
    appliesTo: 'firehose targets, and sns, sqs and iot targets with collapse concat or concat-b64',
    attribute: 'appendNewlines',
    dependsOn: ['collapse'],
    description: 'a newline after each record',
    flag: 'append-newlines',
    inapplicable(context) {
      if (context.type === 'firehose') return undefined
      const collapse = context.collapse ?? DEFAULT_COLLAPSE
      if (COLLAPSIBLE_TYPES.includes(context.type) && (collapse === 'concat' || collapse === 'concat-b64')) return undefined
      return `only applies to firehose targets and to sns, sqs and iot targets with --collapse concat or concat-b64 (this one: ${context.type}${COLLAPSIBLE_TYPES.includes(context.type) ? `, collapse ${collapse}` : ''})`
    },
  }),  {
    appliesTo: 'every target',
    attribute: 'parkAfter',
    defaultText: "the function's FANOUT_PARK_AFTER_SECONDS (300)",
    description: 'seconds before a record the target cannot take is parked: -1 never (CLI `never`), 0 at once; CLI `0|90s|5m|1h|never`',
    flag: 'park-after',
    input: 'duration',
    onInapplicable: 'skip',
    problem: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= -1 ? undefined : 'must be a whole number of seconds, -1 (never) or more'),
    removable: true,
    secret: false,
    type: 'N',
  },
  removableText({
    appliesTo: 'every target',
    attribute: 'filter',
    defaultText: 'none: every record',
    description: 'an event pattern (JSON, at most 4,096 characters): only matching records go to this mapping',
    flag: 'filter',
    input: 'pattern',
    onInapplicable: 'skip',
    problem: (value) => patternProblem(String(value)),
 }),
  removableText({
    appliesTo: 'kinesis targets',
    attribute: 'partitionKey',
    defaultText: "the source record's key",
    description: 'partition key of the records sent, a template with ${path} placeholders (`${data.customerId}`)',
    flag: 'partition-key',
    inapplicable: onlyTypes(['kinesis']),
    input: 'template',
    onInapplicable: 'warn',
    problem: (value) => templateProblem(String(value)),
 }),
  removableText({
    appliesTo: 'FIFO sqs and sns targets (destination ending in .fifo)',
    attribute: 'messageGroupId',
    defaultText: 'the record key (collapsed messages: the mapping id)',
    dependsOn: ['destination'],
    description: 'message group id of FIFO messages, a template with ${path} placeholders',
    flag: 'message-group-id',
    inapplicable: (context) =>
      onlyTypes(['sqs', 'sns'])(context) ??
      // Unknown while the destination is not resolved yet: checked again once it is.
      (context.destination === undefined || isFifo(context.destination) ? undefined : 'only applies to FIFO queues and topics (a destination ending in .fifo)'),
    input: 'template',
    onInapplicable: 'warn',
    problem: (value) => templateProblem(String(value)),
 }),
  removableText({
    appliesTo: 'redis targets',
    attribute: 'passwordSecret',
    defaultText: 'none: the password in the destination URL, if any',
    dependsOn: ['destination'],
    description: 'ARN of a Secrets Manager secret holding the AUTH password (instead of a password in `destination`)',
    flag: 'password-secret',
    inapplicable: (context) =>
      onlyTypes(['redis'])(context) ??
      (destinationHasPassword(context.destination) ? 'cannot be combined with a password in the destination URL: give one or the other' : undefined),
    input: 'text',
    // A password in the URL and a secret: which one is meant is not clear, so the row is skipped.
    onInapplicable: 'skip',
    problem(value) {
      const arn = parseArn(String(value))
      return arn && arn.service === 'secretsmanager' && arn.region && SECRET_ARN.test(arn.resource)
        ? undefined
        : 'must be a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)'
    },
 }),
  {
    // Tells the rows whose collapse their author chose knowing that it is honoured (written by this
    // CLI) from Bash-era and hand-written rows, which `list` and `deploy` point out (README.md, "Behaviour change: collapse").
    appliesTo: 'every row (written by the CLI itself)',
    attribute: 'collapseSetBy',
    defaultText: 'collapse written by the Bash CLI or by hand: `list` and `deploy` point out a JSON, concat or concat-b64 collapse',
    description: `\`${CLI_MARKER}\` when this CLI wrote the row's collapse (\`register\`, \`update --collapse\`); ignored by the function`,
    flag: '',
    input: 'text',
    internal: true,
    onInapplicable: 'ignore',
    removable: false,
    secret: false,
    type: 'S',
  },
]

/** The properties a user gives (one flag each): every property but the internal ones. */
export const FLAG_PROPERTIES: readonly MappingProperty[] = MAPPING_PROPERTIES.filter((property) => !property.internal)

/** One line on an invalid value: `'collapse' must be one of ..., found 'gzip'`; secrets are not echoed. */
export function valueProblem(property: MappingProperty, value: PropertyValue, name = `'${property.attribute}'`): string | undefined {
  const problem = property.problem?.(value)
  if (!problem) return undefined
  if (property.input === 'pattern' || property.input === 'template') return `${name} is invalid: ${problem}`
  return `${name} ${problem}${property.secret ? '' : `, found ${typeof value === 'string' ? `'${value}'` : String(value)}`}`
}

export const PROPERTY_BY_ATTRIBUTE: Readonly<Record<PropertyAttribute, MappingProperty>> = Object.fromEntries(
  MAPPING_PROPERTIES.map((property) => [property.attribute, property]),
) as Record<PropertyAttribute, MappingProperty>

export const PROPERTY_BY_FLAG: ReadonlyMap<string, MappingProperty> = new Map(FLAG_PROPERTIES.map((property) => [property.flag, property]))

/** Attributes whose value no output shows (the table keeps them as written). */
export const SECRET_ATTRIBUTES: readonly PropertyAttribute[] = MAPPING_PROPERTIES.filter((p) => p.secret).map((p) => p.attribute)

/** The attributes every row has (the table's key, type and destination), for the README table. */
export const CORE_ATTRIBUTES: readonly {attribute: string; type: AttributeType; flag: string; description: string}[] = [
  {attribute: 'sourceArn', description: 'ARN of the Kinesis stream or DynamoDB stream (any partition: aws, aws-cn, aws-us-gov)', flag: '--source-type/--source or --source-arn', type: 'S'},
  {attribute: 'id', description: 'mapping id, unique per source', flag: '--id', type: 'S'},
  {attribute: 'type', description: TARGET_TYPES.join(', '), flag: 'register <type>', type: 'S'},
  {attribute: 'destination', description: 'see [docs/mappings.md](docs/mappings.md#destinations)', flag: '--destination', type: 'S'},
]

const ON_INAPPLICABLE_TEXT = {ignore: 'ignored', skip: 'row skipped', warn: 'ignored, with a warning'} as const

/** The README's attribute table, generated from the property table (README.md holds exactly this). */
export function attributeTableMarkdown(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|')
  const lines = [
    '| attribute | type | flag | applies to | absent means | where it does not apply | meaning |',
    '|---|---|---|---|---|---|---|',
    ...CORE_ATTRIBUTES.map((a) => `| ${a.attribute} | ${a.type} | \`${a.flag}\` | every row | (required) | - | ${escape(a.description)} |`),
    ...MAPPING_PROPERTIES.map((p) => {
      const flag = p.internal
        ? 'none'
        : `\`${p.input === 'boolean' ? `--${p.flag}, --no-${p.flag}` : `--${p.flag}${p.removable ? `, update --no-${p.flag}` : ''}`}\``
      return `| ${p.attribute} | ${p.type} | ${flag} | ${escape(p.appliesTo)} | ${escape(p.defaultText)} | ${p.inapplicable ? ON_INAPPLICABLE_TEXT[p.onInapplicable] : '-'} | ${escape(p.description)} |`
    }),
  ]
  return lines.join('\n')
}

export type {CollapseMode}
