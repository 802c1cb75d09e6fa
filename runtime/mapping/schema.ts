// The one mapping schema: what a row of the configuration table may hold, how it is validated and
// what its defaults are. The runtime parses every row with it and the CLI validates what it writes
// with it, so both agree on every attribute name, type and default (DESIGN.md, "The mapping table").
import {isExternalId, isRegionName, isRoleArn, parseArn, parseSourceArn} from './arn.js'

export const TARGET_TYPES = ['sns', 'sqs', 'es', 'kinesis', 'firehose', 'iot', 'lambda', 'memcached', 'redis'] as const
export type TargetType = (typeof TARGET_TYPES)[number]

export const COLLAPSE_MODES = ['none', 'JSON', 'concat', 'concat-b64'] as const
export type CollapseMode = (typeof COLLAPSE_MODES)[number]

/** Target types whose messages can carry several records (the `collapse` attribute applies). */
export const COLLAPSIBLE_TYPES: readonly TargetType[] = ['sns', 'sqs', 'iot']
/** Target types that cannot assume a role or change region (they are reached over the VPC). */
export const CACHE_TYPES: readonly TargetType[] = ['memcached', 'redis']

/** What a row without `collapse` gets (the documented default of the Bash-era function). */
export const DEFAULT_COLLAPSE: CollapseMode = 'JSON'
/** What `register` writes when no collapse is given (as the Bash CLI did). */
export const REGISTER_DEFAULT_COLLAPSE: CollapseMode = 'none'

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
}

/** A table item as plain JavaScript (unmarshalled: S -> string, BOOL -> boolean). */
export type MappingItem = Record<string, unknown>

export type ParseResult =
  | {ok: true; mapping: Mapping; warnings: string[]}
  | {ok: false; id: string; reason: string}

export const isTargetType = (value: unknown): value is TargetType =>
  typeof value === 'string' && (TARGET_TYPES as readonly string[]).includes(value)

export const isCollapseMode = (value: unknown): value is CollapseMode =>
  typeof value === 'string' && (COLLAPSE_MODES as readonly string[]).includes(value)

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
  return rule.check(destination) ? undefined : `destination '${destination}' is not ${rule.expected}`
}

// --- rows -------------------------------------------------------------------------------------

const BOOLEAN_ATTRIBUTES = ['parallel', 'convertDDB', 'deaggregate', 'appendNewlines'] as const
const BOOLEAN_DEFAULTS: Record<(typeof BOOLEAN_ATTRIBUTES)[number], boolean> = {
  appendNewlines: false,
  convertDDB: false,
  deaggregate: false,
  parallel: true,
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value) || value instanceof Set) return 'a list or set'
  if (value instanceof Uint8Array) return 'binary'
  return `a ${typeof value}`
}

function optionalStrings<K extends string>(item: MappingItem, names: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {}
  for (const name of names) if (typeof item[name] === 'string') out[name] = item[name] as string
  return out
}

/**
 * Parses one table item. Rows written by the Bash CLI (collapse on every type, no appendNewlines,
 * ...) are accepted; unknown attributes are ignored. A row with a wrong attribute type or an
 * invalid value is refused with its id and the reason.
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
  if (!parseSourceArn(sourceArn) && parseArn(sourceArn)?.service !== 'sns') return fail(`'sourceArn' ${sourceArn} is not a Kinesis stream or DynamoDB stream ARN`)
  if (!isTargetType(item.type)) {
    return fail(`unknown target type '${String(item.type)}' (expected one of ${TARGET_TYPES.join(', ')})`)
  }
  const type = item.type
  const destination = item.destination as string
  const destinationError = destinationProblem(type, destination)
  if (destinationError) return fail(destinationError)

  for (const name of ['active', ...BOOLEAN_ATTRIBUTES] as const) {
    if (item[name] !== undefined && typeof item[name] !== 'boolean') {
      return fail(`'${name}' must be a boolean (BOOL), found ${typeName(item[name])}`)
    }
  }
  for (const name of ['role', 'externalId', 'region', 'collapse', 'filter', 'partitionKey', 'messageGroupId', 'passwordSecret'] as const) {
    if (item[name] !== undefined && typeof item[name] !== 'string') {
      return fail(`'${name}' must be a string (S), found ${typeName(item[name])}`)
    }
  }

  if (item.parkAfter !== undefined && (typeof item.parkAfter !== 'number' || !Number.isInteger(item.parkAfter) || item.parkAfter < -1)) {
    return fail(`'parkAfter' must be a whole number of seconds, -1 or more (N), found ${typeof item.parkAfter === 'number' ? item.parkAfter : typeName(item.parkAfter)}`)
  }

  let collapse: CollapseMode | undefined
  if (item.collapse !== undefined) {
    if (!isCollapseMode(item.collapse)) {
      return fail(`'collapse' must be one of ${COLLAPSE_MODES.join(', ')}, found '${String(item.collapse)}'`)
    }
    // The Bash CLI wrote collapse on every row; it only means something for sns, sqs and iot.
    if (COLLAPSIBLE_TYPES.includes(type)) collapse = item.collapse
  }

  const role = item.role as string | undefined
  const region = item.region as string | undefined
  const externalId = item.externalId as string | undefined
  if (CACHE_TYPES.includes(type) && (role !== undefined || region !== undefined)) {
    // Refused rather than ignored: a row that asks for another account or region but silently
    // writes to the cache in the function's VPC would hide a configuration mistake.
    return fail(
      `'role' and 'region' do not apply to ${type} targets (reached inside the VPC): remove them with \`kinesis-fanout update --no-destination-role-arn --no-destination-region\``,
    )
  }
  if (role !== undefined && !isRoleArn(role)) return fail(`'role' ${role} is not an IAM role ARN`)
  if (region !== undefined && !isRegionName(region)) return fail(`'region' ${region} is not a region name`)
  if (externalId !== undefined && !isExternalId(externalId)) return fail(`'externalId' is not a valid external id`)

  const booleans = Object.fromEntries(
    BOOLEAN_ATTRIBUTES.map((name) => [name, (item[name] as boolean | undefined) ?? BOOLEAN_DEFAULTS[name]]),
  ) as Record<(typeof BOOLEAN_ATTRIBUTES)[number], boolean>

  const mapping: Mapping = {
    active: (item.active as boolean | undefined) ?? false,
    destination,
    id,
    sourceArn,
    type,
    ...booleans,
    ...(collapse === undefined ? {} : {collapse}),
    ...(role === undefined ? {} : {role}),
    ...(role !== undefined && externalId !== undefined ? {externalId} : {}),
    ...(region === undefined ? {} : {region}),
    ...(item.parkAfter === undefined ? {} : {parkAfter: item.parkAfter as number}),
    ...optionalStrings(item, ['filter', 'partitionKey', 'messageGroupId', 'passwordSecret']),
  }
  return {mapping, ok: true, warnings}
}

/**
 * The item to write for a mapping: the attribute names and types of DESIGN.md, optional ones only
 * when set. (Plain JavaScript, for the document client: strings become S, booleans BOOL.)
 */
export function mappingToItem(mapping: Mapping): MappingItem {
  const item: MappingItem = {
    active: mapping.active,
    destination: mapping.destination,
    id: mapping.id,
    parallel: mapping.parallel,
    sourceArn: mapping.sourceArn,
    type: mapping.type,
  }
  if (mapping.collapse !== undefined) item.collapse = mapping.collapse
  if (mapping.convertDDB) item.convertDDB = true
  if (mapping.deaggregate) item.deaggregate = true
  if (mapping.appendNewlines) item.appendNewlines = true
  if (mapping.role !== undefined) item.role = mapping.role
  if (mapping.externalId !== undefined) item.externalId = mapping.externalId
  if (mapping.region !== undefined) item.region = mapping.region
  if (mapping.parkAfter !== undefined) item.parkAfter = mapping.parkAfter
  for (const name of ['filter', 'partitionKey', 'messageGroupId', 'passwordSecret'] as const) {
    if (mapping[name] !== undefined) item[name] = mapping[name]
  }
  return item
}
