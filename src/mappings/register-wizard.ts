// The register wizard: asks only for what the flags left out, offering the account's sources and
// destinations to choose from (searchable), with one line on what each choice means. It returns a
// complete RegisterInput; the command then resolves it, shows the summary and asks to write.
import {TARGET_TYPES, type CollapseMode, type TargetType} from '../../runtime/mapping/schema.js'
import {parseSourceArn, type SourceArn, type SourceKind} from '../../runtime/mapping/arn.js'
import {MAPPING_PROPERTIES, PROPERTY_BY_ATTRIBUTE, type PropertyAttribute, type PropertyValue} from '../../runtime/mapping/properties.js'
import {patternProblem} from '../../runtime/filter/event-pattern.js'
import {templateProblem} from '../../runtime/filter/key-template.js'
import type {AwsClients} from '../aws/clients.js'
import {RESOLVERS, resolveDestination} from '../destinations/index.js'
import {lastPart} from '../destinations/resolver.js'
import type {Choice, Prompter} from '../prompts/prompter.js'
import {hasSourceSelection, resolveSourceArn, type SourceSelection} from '../source-lookup/resolve-source.js'
import {describeError, UserError} from '../errors.js'
import type {MappingTable} from './mapping-table.js'
import {alreadyExists, arnString, checkMappingId, checkTargetType, mappingIdProblem, sourceKindOf, type RegisterInput} from './register-mapping.js'
import {checkPropertyValues, propertyProblem, type MappingProperties} from './properties.js'
import {selfLoopProblem} from './self-loop.js'
import {listSourceChoices} from './source-choices.js'

/** A key no mapping has: reading it tells whether the table exists. */
const TABLE_PROBE = {id: '-', sourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/-'}

export interface PartialRegisterInput {
  type?: string
  source: SourceSelection
  id?: string
  destination?: string
  index?: string
  properties: MappingProperties
}

export interface WizardDeps {
  aws: AwsClients
  prompter: Prompter
  /** The configuration table: checked before the first question, and for the id when typed. */
  table?: MappingTable
  /** The fan-out function: never offered, nor accepted, as a lambda destination. */
  functionName?: string
  /** Shows why an answer was refused before the question is asked again. */
  show?: (text: string) => void
}

const TYPE_DESCRIPTIONS: Record<TargetType, string> = {
  es: 'Amazon OpenSearch Service index (bulk index by record key)',
  firehose: 'Amazon Data Firehose delivery stream',
  iot: 'AWS IoT Core MQTT topic',
  kinesis: 'Amazon Kinesis data stream',
  lambda: 'AWS Lambda function (asynchronous invoke)',
  memcached: 'Amazon ElastiCache Memcached cluster (set by record key)',
  redis: 'Amazon ElastiCache Redis (SET by record key)',
  sns: 'Amazon SNS topic',
  sqs: 'Amazon SQS queue',
}

export const COLLAPSE_CHOICES: Choice<CollapseMode>[] = [
  {description: 'One message per record: consumers see each record on its own.', name: 'none', value: 'none'},
  {description: 'Records grouped into {"Records":[...]} messages: fewer, fuller messages.', name: 'JSON', value: 'JSON'},
  {description: "Records' bytes joined into one message: for consumers that split them themselves.", name: 'concat', value: 'concat'},
  {description: 'Base64 of the joined bytes: concat for binary records.', name: 'concat-b64', value: 'concat-b64'},
]

export const ORDER_CHOICES: Choice<boolean>[] = [
  {description: 'Batches go out concurrently: fastest; order across batches is not kept.', name: 'parallel', value: true},
  {description: 'Batches go out one after the other: strict record order at this target.', name: 'ordered', value: false},
]

/** Filters choices by what the user typed, and offers the typed text itself when it can be used as is. */
function searchable<T>(choices: () => Promise<Choice<T>[]>, typed: (term: string) => Choice<T> | undefined) {
  let cached: Promise<Choice<T>[]> | undefined
  return async (term: string | undefined): Promise<Choice<T>[]> => {
    cached ??= choices().catch(() => [])
    const all = await cached
    if (!term) return all
    const needle = term.toLowerCase()
    const matches = all.filter((choice) => choice.name.toLowerCase().includes(needle) || choice.description?.toLowerCase().includes(needle))
    const own = typed(term)
    return own ? [...matches, own] : matches
  }
}

async function askSource(source: SourceSelection, deps: WizardDeps, hint?: string): Promise<SourceSelection> {
  if (hasSourceSelection(source)) return source
  const kind = source['source-type'] ?? hint
  return deps.prompter.search<SourceSelection>({
    message: `Source${kind ? ` (${kind})` : ''}: the stream whose records are fanned out (type to search, or paste an ARN)`,
    name: 'source',
    source: searchable(
      () => listSourceChoices(deps.aws, kind),
      (term) => (parseSourceArn(term.trim()) ? {name: `Use ARN ${term.trim()}`, value: {'source-arn': term.trim()}} : undefined),
    ),
  })
}

/** The source, resolved as soon as it is chosen; a chosen one that cannot be resolved is asked again. */
async function resolvedSource(input: PartialRegisterInput, deps: WizardDeps, hint?: string): Promise<{selection: SourceSelection; arn: SourceArn}> {
  for (;;) {
    const selection = await askSource(input.source, deps, hint)
    try {
      return {arn: await resolveSourceArn(selection, deps.aws), selection}
    } catch (error) {
      // Given by flags: nothing to ask again.
      if (hasSourceSelection(input.source) || !(error instanceof UserError)) throw error
      deps.show?.(`✗ ${describeError(error).message}: choose another source`)
    }
  }
}

/** What the source itself would be as a destination of this type (never offered: it would loop). */
function isOwnSource(type: TargetType, value: string, source: SourceArn, deps: WizardDeps): boolean {
  return selfLoopProblem({destination: value, sourceArn: arnString(source), type}, {functionName: deps.functionName, region: deps.aws.region}) !== undefined
}

async function pickDestination(type: TargetType, input: PartialRegisterInput, source: SourceArn, deps: WizardDeps): Promise<string> {
  const resolver = RESOLVERS[type]
  const context = {aws: deps.aws, region: input.properties.region}
  if (type === 'iot') {
    return deps.prompter.input({message: 'MQTT topic to publish to (or endpoint#topic)', name: 'destination', validate: (v) => (v.trim() ? true : 'a topic is required')})
  }
  if (input.properties.role) {
    return deps.prompter.input({
      message: `Destination in the other account: ${resolver.qualifiedForm}`,
      name: 'destination',
      validate: (v) => (resolver.isQualified(v.trim()) ? true : `give ${resolver.qualifiedForm}`),
    })
  }
  return deps.prompter.search<string>({
    message: `Destination ${resolver.noun} (type to search, or paste ${resolver.qualifiedForm})`,
    name: 'destination',
    source: searchable(
      async () => (await resolver.list(context)).filter((choice) => !isOwnSource(type, choice.value, source, deps)),
      (term) => (term.trim() ? {name: `Use '${term.trim()}'`, value: term.trim()} : undefined),
    ),
  })
}

/**
 * The destination, checked as soon as it is picked (looked up, validated, not the source itself);
 * a picked one that fails is asked again. Given by a flag, it is checked once (and refused).
 */
async function resolvedDestination(type: TargetType, input: PartialRegisterInput, source: SourceArn, deps: WizardDeps): Promise<{destination: string; index?: string}> {
  for (;;) {
    const given = input.destination !== undefined
    const destination = input.destination ?? (await pickDestination(type, input, source, deps))
    let index = input.index
    if (type === 'es' && index === undefined && !RESOLVERS.es.isQualified(destination)) {
      index = await deps.prompter.input({message: 'Index to write to (index, or doctype/index)', name: 'index', validate: (v) => (v.trim() ? true : 'an index is required')})
    }
    try {
      const resolved = await resolveDestination(type, destination, {aws: deps.aws, index, region: input.properties.region, role: input.properties.role})
      const loop = selfLoopProblem({destination: resolved, region: input.properties.region, sourceArn: arnString(source), type}, {functionName: deps.functionName, region: deps.aws.region})
      if (loop) throw new UserError(loop)
      // The stored destination; the index is part of it now.
      return {destination: resolved}
    } catch (error) {
      if (given || !(error instanceof UserError)) throw error
      deps.show?.(`✗ ${describeError(error).message}: choose another destination`)
    }
  }
}

/** A filter example built from the source: what a pattern on its records looks like. */
export function filterExample(kind: SourceKind, convertDDB: boolean): string {
  if (kind === 'kinesis') return '{"data":{"type":["order"]}}'
  return convertDDB
    ? '{"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"status":["shipped"]}}}'
    : '{"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"status":{"S":["shipped"]}}}}'
}

type Context = {type: TargetType; kind: SourceKind; properties: MappingProperties; destination: string}

const optionalText = (problem: (text: string) => string | undefined) => (value: string) => (value.trim() === '' ? true : (problem(value.trim()) ?? true))

/**
 * The wizard's question for each property of the table it asks about (the others are flags only:
 * role, external id, region, park-after, password secret). Asked in the table's order, `active`
 * last, and only where the property applies to the answers so far.
 */
const QUESTIONS: Partial<Record<PropertyAttribute, (prompter: Prompter, context: Context) => Promise<PropertyValue | undefined>>> = {
  active: (prompter) => prompter.confirm({default: false, message: 'Activate the mapping now? (otherwise: `kinesis-fanout activate` later)', name: 'active'}),
  appendNewlines: (prompter, {type}) => prompter.confirm({default: type === 'firehose', message: 'Add a newline after each record?', name: 'appendNewlines'}),
  collapse: (prompter) => prompter.select({choices: COLLAPSE_CHOICES, default: 'none', message: 'Collapse: how records become messages', name: 'collapse'}),
  convertDDB: (prompter) => prompter.confirm({default: false, message: 'Convert DynamoDB images to plain JSON (numbers as numbers, sets as arrays)?', name: 'convertDDB'}),
  deaggregate: (prompter) => prompter.confirm({default: false, message: 'Split KPL-aggregated records into user records?', name: 'deaggregate'}),
  async filter(prompter, {kind, properties}) {
    const text = await prompter.input({
      default: '',
      message: `Filter (optional): only records matching this event pattern go to this mapping, e.g. ${filterExample(kind, properties.convertDDB === true)} (empty: every record)`,
      name: 'filter',
      validate: optionalText(patternProblem),
    })
    return text.trim() || undefined
  },
  async messageGroupId(prompter) {
    const text = await prompter.input({default: '', message: 'Message group id (optional): a template such as ${data.customerId} (empty: the default)', name: 'messageGroupId', validate: optionalText(templateProblem)})
    return text.trim() || undefined
  },
  parallel: (prompter) => prompter.select({choices: ORDER_CHOICES, default: true, message: 'Ordering', name: 'parallel'}),
  async partitionKey(prompter) {
    const text = await prompter.input({default: '', message: "Partition key (optional): a template such as ${data.customerId} (empty: the source record's key)", name: 'partitionKey', validate: optionalText(templateProblem)})
    return text.trim() || undefined
  },
}

/** The mapping's id, checked when typed (rules, and not taken for this source). */
async function askId(input: PartialRegisterInput, sourceArn: string, destination: string, type: TargetType, deps: WizardDeps): Promise<string> {
  const taken = async (id: string) => (deps.table ? Boolean(await deps.table.get(sourceArn, id)) : false)
  if (input.id !== undefined) {
    checkMappingId(input.id)
    if (await taken(input.id)) throw alreadyExists({id: input.id, sourceArn})
    return input.id
  }
  const suggestion = `${type}-${lastPart(destination.split('#').pop() ?? destination)}`.replace(/[^a-zA-Z0-9_.-]/g, '-')
  return deps.prompter.input({
    default: suggestion,
    message: 'Mapping id (unique per source)',
    name: 'id',
    async validate(value) {
      const problem = mappingIdProblem(value)
      if (problem) return problem
      return (await taken(value)) ? `mapping '${value}' already exists for this source: choose another id` : true
    },
  })
}

export async function completeRegisterInput(input: PartialRegisterInput, deps: WizardDeps): Promise<RegisterInput> {
  const {prompter} = deps
  // The table first: a missing table is told before the first question, not after the last.
  if (deps.table) await deps.table.get(TABLE_PROBE.sourceArn, TABLE_PROBE.id)
  let type = input.type
  if (type === undefined) {
    type = await prompter.select<TargetType>({
      choices: TARGET_TYPES.map((value) => ({description: TYPE_DESCRIPTIONS[value], name: value, value})),
      message: 'Target type: where should records go?',
      name: 'type',
    })
  }
  checkTargetType(type)
  checkPropertyValues(input.properties)
  // --convert-ddb and --deaggregate tell which kind of source is meant: only those are offered.
  const hint = input.properties.convertDDB ? 'dynamodb' : input.properties.deaggregate ? 'kinesis' : undefined
  const early = propertyProblem({...input.properties, sourceKind: sourceKindOf(input.source), type}, Object.keys(input.properties) as PropertyAttribute[])
  if (early) throw new UserError(early, {exitCode: 2})
  const {arn: source, selection} = await resolvedSource(input, deps, hint)
  const kind = source.kind
  // An option given as a flag that does not apply to this type or source is refused now, not after
  // every other question.
  const problem = propertyProblem({...input.properties, sourceKind: kind, type}, Object.keys(input.properties) as PropertyAttribute[])
  if (problem) throw new UserError(problem, {exitCode: 2})
  const {destination} = await resolvedDestination(type, input, source, deps)
  const id = await askId(input, arnString(source), destination, type, deps)

  const properties: MappingProperties = {...input.properties}
  const asked = [...MAPPING_PROPERTIES.filter((p) => p.attribute !== 'active'), PROPERTY_BY_ATTRIBUTE.active]
  for (const property of asked) {
    const question = QUESTIONS[property.attribute]
    if (!question || properties[property.attribute] !== undefined) continue
    if (property.inapplicable?.({collapse: properties.collapse, destination, role: properties.role, sourceKind: kind, type})) continue
    const value = await question(prompter, {destination, kind, properties, type})
    if (value !== undefined) (properties as Record<string, PropertyValue>)[property.attribute] = value
  }
  return {destination, id, properties, source: selection, type}
}
