// The register wizard: asks only for what the flags left out, offering the account's sources and
// destinations to choose from (searchable), with one line on what each choice means. It returns a
// complete RegisterInput; the command then resolves it, shows the summary and asks to write.
import {COLLAPSIBLE_TYPES, TARGET_TYPES, type CollapseMode, type TargetType} from '../../runtime/mapping/schema.js'
import {parseSourceArn} from '../../runtime/mapping/arn.js'
import type {AwsClients} from '../aws/clients.js'
import {RESOLVERS} from '../destinations/index.js'
import {lastPart} from '../destinations/resolver.js'
import type {Choice, Prompter} from '../prompts/prompter.js'
import {hasSourceSelection, type SourceSelection} from '../sources/resolve-source.js'
import {UserError} from '../errors.js'
import {checkTargetType, sourceKindOf, type RegisterInput} from './register-mapping.js'
import {checkPropertyValues, propertyProblem, type MappingProperties} from './properties.js'
import {listSourceChoices} from './source-choices.js'

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

async function askDestination(type: TargetType, input: PartialRegisterInput, deps: WizardDeps): Promise<{destination: string; index?: string}> {
  let destination = input.destination
  const resolver = RESOLVERS[type]
  const context = {aws: deps.aws, region: input.properties.region}
  if (destination === undefined) {
    if (type === 'iot') {
      destination = await deps.prompter.input({message: 'MQTT topic to publish to (or endpoint#topic)', name: 'destination', validate: (v) => (v.trim() ? true : 'a topic is required')})
    } else if (input.properties.role) {
      destination = await deps.prompter.input({
        message: `Destination in the other account: ${resolver.qualifiedForm}`,
        name: 'destination',
        validate: (v) => (resolver.isQualified(v.trim()) ? true : `give ${resolver.qualifiedForm}`),
      })
    } else {
      destination = await deps.prompter.search<string>({
        message: `Destination ${resolver.noun} (type to search, or paste ${resolver.qualifiedForm})`,
        name: 'destination',
        source: searchable(
          () => resolver.list(context),
          (term) => (term.trim() ? {name: `Use '${term.trim()}'`, value: term.trim()} : undefined),
        ),
      })
    }
  }
  let index = input.index
  if (type === 'es' && index === undefined && !resolver.isQualified(destination)) {
    index = await deps.prompter.input({message: 'Index to write to (index, or doctype/index)', name: 'index', validate: (v) => (v.trim() ? true : 'an index is required')})
  }
  return {destination, index}
}

export async function completeRegisterInput(input: PartialRegisterInput, deps: WizardDeps): Promise<RegisterInput> {
  const {prompter} = deps
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
  const source = await askSource(input.source, deps, hint)
  const kind = sourceKindOf(source)
  // An option given as a flag that does not apply to this type or source is refused now, not after
  // every other question.
  const problem = kind && propertyProblem({...input.properties, sourceKind: kind, type}, Object.keys(input.properties) as (keyof MappingProperties)[])
  if (problem) throw new UserError(problem)
  const {destination, index} = await askDestination(type, input, deps)

  let id = input.id
  if (id === undefined) {
    const suggestion = `${type}-${lastPart(destination.split('#').pop() ?? destination)}`.replace(/[^a-zA-Z0-9_.-]/g, '-')
    id = await prompter.input({default: suggestion, message: 'Mapping id (unique per source)', name: 'id', validate: (v) => (v.trim() ? true : 'an id is required')})
  }

  const properties: MappingProperties = {...input.properties}
  if (COLLAPSIBLE_TYPES.includes(type) && properties.collapse === undefined) {
    properties.collapse = await prompter.select({choices: COLLAPSE_CHOICES, default: 'none', message: 'Collapse: how records become messages', name: 'collapse'})
  }
  if (properties.parallel === undefined) {
    properties.parallel = await prompter.select({choices: ORDER_CHOICES, default: true, message: 'Ordering', name: 'parallel'})
  }
  if (kind === 'dynamodb' && properties.convertDDB === undefined) {
    properties.convertDDB = await prompter.confirm({default: false, message: 'Convert DynamoDB images to plain JSON (numbers as numbers, sets as arrays)?', name: 'convertDDB'})
  }
  if (kind === 'kinesis' && properties.deaggregate === undefined) {
    properties.deaggregate = await prompter.confirm({default: false, message: 'Split KPL-aggregated records into user records?', name: 'deaggregate'})
  }
  const concat = properties.collapse === 'concat' || properties.collapse === 'concat-b64'
  if (properties.appendNewlines === undefined && (type === 'firehose' || (COLLAPSIBLE_TYPES.includes(type) && concat))) {
    properties.appendNewlines = await prompter.confirm({default: type === 'firehose', message: 'Add a newline after each record?', name: 'appendNewlines'})
  }
  if (properties.active === undefined) {
    properties.active = await prompter.confirm({default: false, message: 'Activate the mapping now? (otherwise: `kinesis-fanout activate` later)', name: 'active'})
  }
  return {destination, id, index, properties, source, type}
}
