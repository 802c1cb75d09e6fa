// The one mapping schema: what a row of the configuration table may hold, how it is validated and
// what its defaults are. The runtime parses every row with it and the CLI validates what it writes
// with it, so both agree on every attribute name, type and default (README.md, "The mapping table").
import {parseArn, parseSourceArn} from './arn.js'
import {MAPPING_PROPERTIES, PROPERTY_BY_ATTRIBUTE, valueProblem, type PropertyContext, type PropertyValue} from './properties.js'
import {redactDestination} from './redact.js'
import {COLLAPSIBLE_TYPES, DEFAULT_COLLAPSE, TARGET_TYPES, isTargetType, type CollapseMode, type TargetType} from './vocabulary.js'

export {
  CACHE_TYPES,
  COLLAPSE_MODES,
  COLLAPSIBLE_TYPES,
  DEFAULT_COLLAPSE,
  REGISTER_DEFAULT_COLLAPSE,
  TARGET_TYPES,
  canonicalChoice,
  isCollapseMode,
  isTargetType,
  type CollapseMode,
  type TargetType,
} from './vocabulary.js'

export interface Mapping {
  sourceArn: string
  id: string
  type: TargetType
  destination: string
  active: boolean
  role?: string
  externalId?: string
  region?: string
  /** Only for sns, sqs and iot; undefined when the row has none (then DEFAULT_COLLAPSE applies). */
  collapse?: CollapseMode
  parallel: boolean
  convertDDB: boolean
  deaggregate: boolean
  appendNewlines: boolean
  /** Seconds before a record the target cannot take is parked (-1 never, 0 at once); undefined: FANOUT_PARK_AFTER_SECONDS. */
  parkAfter?: number
  /** An event pattern (JSON text): only matching records go to this mapping. */
  filter?: string
  /** kinesis targets: partition key template; undefined: the source key. */
  partitionKey?: string
  /** FIFO sqs/sns targets: message group id template. */
  messageGroupId?: string
  /** redis targets: ARN of a Secrets Manager secret holding the AUTH password. */
  passwordSecret?: string
  /** `kinesis-fanout` when this CLI wrote the collapse (CLI_MARKER); the function ignores it. */
  collapseSetBy?: string
}

/** A table item as plain JavaScript (unmarshalled: S -> string, BOOL -> boolean). */
export type MappingItem = Record<string, unknown>

export type ParseResult =
  | {ok: true; mapping: Mapping; warnings: string[]}
  | {ok: false; id: string; reason: string}

export const effectiveCollapse = (mapping: Pick<Mapping, 'collapse'>): CollapseMode =>
  mapping.collapse ?? DEFAULT_COLLAPSE

// --- destinations -----------------------------------------------------------------------------

const HOST_PORT = /^[a-zA-Z0-9.-]+:\d{1,5}$/
const ENDPOINT = /^(https?:\/\/)?[a-zA-Z0-9.-]+(:\d{1,5})?\/?$/
const KINESIS_NAME = /^[a-zA-Z0-9_.-]{1,128}$/
const FIREHOSE_NAME = /^[a-zA-Z0-9_.-]{1,64}$/
const LAMBDA_NAME = /^[a-zA-Z0-9_-]{1,64}(:[a-zA-Z0-9$_-]{1,128})?$/
const SQS_URL = /^https?:\/\/[^/\s]+\/\d{12}\/[a-zA-Z0-9_-]{1,80}(\.fifo)?$/
const ES_INDEX = /^([^#/\s]+\/)?[^#/\s]+$/
const IOT_TOPIC = /^[^#\s][^\s]*$/

function arnOf(value: string, service: string, resource: RegExp): boolean {
  const arn = parseArn(value)
  return !!arn && arn.service === service && resource.test(arn.resource)
}

/** Splits `endpoint#rest` (es, iot); the endpoint may carry a scheme and a port. */
export function splitEndpoint(destination: string): {endpoint: string; rest: string} | undefined {
  const hash = destination.indexOf('#')
  if (hash <= 0) return undefined
  return {endpoint: destination.slice(0, hash), rest: destination.slice(hash + 1)}
}

const DESTINATION_RULES: Record<TargetType, {check: (value: string) => boolean; expected: string}> = {
  es: {
    check(value) {
      const parts = splitEndpoint(value)
      return !!parts && ENDPOINT.test(parts.endpoint) && ES_INDEX.test(parts.rest)
    },
    expected: 'endpoint#index or endpoint#doctype/index',
  },
  firehose: {
    check: (value) => FIREHOSE_NAME.test(value) || arnOf(value, 'firehose', /^deliverystream\/[a-zA-Z0-9_.-]{1,64}$/),
    expected: 'a delivery stream name or ARN',
  },
  iot: {
    check(value) {
      const parts = splitEndpoint(value)
      return !!parts && ENDPOINT.test(parts.endpoint) && IOT_TOPIC.test(parts.rest)
    },
    expected: 'endpoint#topic',
  },
  kinesis: {
    check: (value) => KINESIS_NAME.test(value) || arnOf(value, 'kinesis', /^stream\/[a-zA-Z0-9_.-]{1,128}$/),
    expected: 'a stream name or ARN',
  },
  lambda: {
    check: (value) =>
      LAMBDA_NAME.test(value) || arnOf(value, 'lambda', /^function:[a-zA-Z0-9_-]{1,64}(:[a-zA-Z0-9$_-]{1,128})?$/),
    expected: 'a function name or ARN',
  },
  memcached: {
    check: (value) => value.split(',').every((node) => HOST_PORT.test(node.trim())),
    expected: 'host:port[,host:port...]',
  },
  redis: {
    check(value) {
      if (HOST_PORT.test(value)) return true
      if (!/^rediss?:\/\//.test(value)) return false
      try {
        return new URL(value).hostname.length > 0
      } catch {
        return false
      }
    },
    expected: 'host:port or a redis:// or rediss:// URL',
  },
  sns: {
    check: (value) => arnOf(value, 'sns', /^[a-zA-Z0-9_-]{1,256}(\.fifo)?$/),
    expected: 'a topic ARN',
  },
  sqs: {
    check: (value) => SQS_URL.test(value),
    expected: 'a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)',
  },
}

/** Why `destination` is not valid for `type`, or undefined when it is. */
export function destinationProblem(type: TargetType, destination: string): string | undefined {
  const rule = DESTINATION_RULES[type]
  return rule.check(destination) ? undefined : `destination '${redactDestination(type, destination)}' is not ${rule.expected}`
}

// --- rows -------------------------------------------------------------------------------------

const DYNAMODB_TYPE = {BOOL: ['boolean', 'a boolean (BOOL)'], N: ['number', 'a number (N)'], S: ['string', 'a string (S)']} as const

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value) || value instanceof Set) return 'a list or set'
  if (value instanceof Uint8Array) return 'binary'
  return `a ${typeof value}`
}

/**
 * Parses one table item with the property table (properties.ts). Rows written by the Bash CLI
 * (collapse on every type, no appendNewlines, ...) are accepted; unknown attributes are ignored. A
 * row with a wrong attribute type or an invalid value is refused with its id and the reason; a
 * value that does not apply is handled as its property's `onInapplicable` says.
 */
export function parseMappingItem(item: MappingItem): ParseResult {
  const id = typeof item.id === 'string' ? item.id : String(item.id ?? '(no id)')
  const fail = (reason: string): ParseResult => ({id, ok: false, reason})
  const warnings: string[] = []

  if (typeof item.id !== 'string' || item.id.length === 0) return fail("'id' must be a non-empty string")
  for (const name of ['sourceArn', 'type', 'destination'] as const) {
    if (typeof item[name] !== 'string') return fail(`'${name}' must be a string (S), found ${typeName(item[name])}`)
  }

  const sourceArn = item.sourceArn as string
  // SNS topics: the function also accepts SNS-wrapped records (as the Bash-era one did), keyed by topic ARN.
  const source = parseSourceArn(sourceArn)
  if (!source && parseArn(sourceArn)?.service !== 'sns') return fail(`'sourceArn' ${sourceArn} is not a Kinesis stream or DynamoDB stream ARN`)
  if (!isTargetType(item.type)) {
    return fail(`unknown target type '${String(item.type)}' (expected one of ${TARGET_TYPES.join(', ')})`)
  }
  const type = item.type
  const destination = item.destination as string
  const destinationError = destinationProblem(type, destination)
  if (destinationError) return fail(destinationError)

  // Types and values first: an invalid value is refused whether or not it applies.
  for (const property of MAPPING_PROPERTIES) {
    const value = item[property.attribute]
    if (value === undefined) continue
    const [jsType, label] = DYNAMODB_TYPE[property.type]
    // An internal marker of another type (hand-written) is ignored, never a reason to skip the row.
    if (typeof value !== jsType && property.internal) continue
    if (typeof value !== jsType) return fail(`'${property.attribute}' must be ${label}, found ${typeName(value)}`)
    const problem = valueProblem(property, value as PropertyValue)
    if (problem) return fail(problem)
  }

  const context: PropertyContext = {
    collapse: item.collapse as string | undefined,
    destination,
    role: item.role as string | undefined,
    sourceKind: source?.kind,
    type,
  }
  // Role and region on a cache target: refused together, saying how to remove them.
  const cacheMisplaced = (['role', 'region'] as const).filter((name) => item[name] !== undefined && PROPERTY_BY_ATTRIBUTE[name].inapplicable?.(context))
  if (cacheMisplaced.length) {
    // Refused rather than ignored: a row that asks for another account or region but silently
    // writes to the cache in the function's VPC would hide a configuration mistake.
    return fail(
      `'role' and 'region' do not apply to ${type} targets (reached inside the VPC): remove them with \`kinesis-fanout update --no-destination-role-arn --no-destination-region\``,
    )
  }

  const values: Partial<Record<string, PropertyValue>> = {}
  for (const property of MAPPING_PROPERTIES) {
    const value = item[property.attribute] as PropertyValue | undefined
    if (value === undefined) continue
    if (property.internal && typeof value !== DYNAMODB_TYPE[property.type][0]) continue
    const reason = property.inapplicable?.(context)
    if (reason && !(property.type === 'BOOL' && value === false)) {
      if (property.onInapplicable === 'skip') return fail(`'${property.attribute}' ${reason}`)
      if (property.onInapplicable === 'warn') warnings.push(`'${property.attribute}' ${reason}: ignored`)
      continue
    }
    values[property.attribute] = value
  }
  for (const property of MAPPING_PROPERTIES) {
    if (values[property.attribute] === undefined && property.defaultValue !== undefined) values[property.attribute] = property.defaultValue
  }

  const mapping = {destination, id, sourceArn, type, ...values} as Mapping
  return {mapping, ok: true, warnings}
}

/**
 * The item to write for a mapping: the attribute names and types of the README's mapping table, optional ones only
 * when set (booleans marked absentWhenFalse only when true). (Plain JavaScript, for the document
 * client: strings become S, booleans BOOL, numbers N.)
 */
export function mappingToItem(mapping: Mapping): MappingItem {
  const item: MappingItem = {destination: mapping.destination, id: mapping.id, sourceArn: mapping.sourceArn, type: mapping.type}
  for (const property of MAPPING_PROPERTIES) {
    const value = mapping[property.attribute]
    if (value === undefined || (property.absentWhenFalse && value === false)) continue
    item[property.attribute] = value
  }
  return item
}
