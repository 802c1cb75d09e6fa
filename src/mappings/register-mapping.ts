// Registering a mapping without a terminal: validate the options against the type and source,
// resolve the source and the destination (concurrently), and write the row conditionally (an
// existing id is refused and left as it was). The register command, its wizard and `demo` use it.
import {UserError} from '../errors.js'
import {
  REGISTER_DEFAULT_COLLAPSE,
  TARGET_TYPES,
  canonicalChoice,
  isTargetType,
  mappingToItem,
  parseMappingItem,
  type Mapping,
} from '../../runtime/mapping/schema.js'
import {parseSourceArn, type SourceKind} from '../../runtime/mapping/arn.js'
import type {AwsClients} from '../aws/clients.js'
import {resolveDestination} from '../destinations/index.js'
import {resolveSourceArn, type SourceSelection} from '../source-lookup/resolve-source.js'
import type {MappingTable} from './mapping-table.js'
import {arnString} from './source-arn.js'
import {checkPropertyValues, propertyProblem, type MappingProperties} from './properties.js'
import {selfLoopProblem} from './self-loop.js'
import {CLI_MARKER, MAPPING_PROPERTIES, type PropertyAttribute} from '../../runtime/mapping/properties.js'

export type {MappingProperties} from './properties.js'
export {arnString} from './source-arn.js'

export interface RegisterInput {
  /** Target type: sns, sqs, es, kinesis, firehose, iot, lambda, memcached, redis. */
  type: string
  /** --source-type/--source (looked up) or --source-arn (taken as is). */
  source: SourceSelection
  id: string
  /** A name (resolved and checked) or an ARN, URL or endpoint (taken as is). */
  destination: string
  /** es only: index (or Bash-era doctype/index) joined to a domain's endpoint. */
  index?: string
  properties: MappingProperties
}

export interface RegisterDeps {
  aws: AwsClients
  table: MappingTable
  /** The fan-out function (a lambda destination may not be the function itself). */
  functionName?: string
  /** Runs with the mapping before the row is written. */
  beforeWrite?: (mapping: Mapping) => Promise<void>
}

export function checkTargetType(type: string | undefined): asserts type is Mapping['type'] {
  if (!isTargetType(type)) {
    throw new UserError(`${type ? `Unknown target type '${type}'` : 'Missing target type'}: expected one of ${TARGET_TYPES.join(', ')}`, {exitCode: 2})
  }
}

/** The target type in its canonical spelling (`SQS` -> `sqs`); anything else is kept for checkTargetType to refuse. */
export const canonicalTargetType = (type: string | undefined): string | undefined =>
  type === undefined ? undefined : (canonicalChoice(TARGET_TYPES, type) ?? type)

/** Why an id cannot be used, or undefined: no spaces around it, no control characters, at most 1024 bytes. */
export function mappingIdProblem(id: string): string | undefined {
  if (!id.trim()) return 'an id is required'
  if (id !== id.trim()) return 'no leading or trailing spaces'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'no control characters (newlines, tabs, escapes)'
  if (Buffer.byteLength(id) > 1024) return 'at most 1024 bytes'
  return undefined
}

export function checkMappingId(id: string | undefined): asserts id is string {
  if (!id || !id.trim()) throw new UserError('Missing --id: the mapping id, unique per source', {exitCode: 2})
  const problem = mappingIdProblem(id)
  if (problem) throw new UserError(`Invalid --id ${JSON.stringify(id)}: ${problem}`, {exitCode: 2})
}

/** The source kind known from the flags alone (no AWS call), so options are checked first. */
export function sourceKindOf(source: SourceSelection): SourceKind | undefined {
  if (source['source-arn']) return parseSourceArn(source['source-arn'])?.kind
  const type = source['source-type']
  const named = source.source ? parseSourceArn(source.source) : undefined
  if (named) return named.kind
  return type === 'kinesis' || type === 'dynamodb' ? type : undefined
}

export const alreadyExists = (mapping: Pick<Mapping, 'id' | 'sourceArn'>): UserError =>
  new UserError(`Mapping '${mapping.id}' already exists for ${mapping.sourceArn}`, {suggestion: 'changes go through `kinesis-fanout update`; or choose another --id'})

/** Validates and resolves everything; writes nothing. */
export async function prepareMapping(input: RegisterInput, deps: Pick<RegisterDeps, 'aws' | 'functionName'>): Promise<Mapping> {
  checkTargetType(input.type)
  checkMappingId(input.id)
  const type = input.type
  const properties = input.properties
  checkPropertyValues(properties)
  const given = Object.keys(properties) as PropertyAttribute[]
  const sourceKind = sourceKindOf(input.source)
  // Checked before any look-up; rules on the source kind wait for it when the flags do not tell it.
  const early = propertyProblem({...properties, sourceKind, type}, given)
  if (early) throw new UserError(early, {exitCode: 2})
  if (input.index !== undefined && type !== 'es') throw new UserError('--index only applies to es targets', {exitCode: 2})

  // Looked up concurrently; when both fail, the source's error is the one reported (it comes first
  // on the command line), whichever answer arrived first.
  const [sourceResult, destinationResult] = await Promise.allSettled([
    resolveSourceArn(input.source, deps.aws),
    resolveDestination(type, input.destination, {aws: deps.aws, index: input.index, region: properties.region, role: properties.role}),
  ])
  if (sourceResult.status === 'rejected') throw sourceResult.reason
  if (destinationResult.status === 'rejected') throw destinationResult.reason
  const [source, destination] = [sourceResult.value, destinationResult.value]
  const problem = propertyProblem({...properties, destination, sourceKind: source.kind, type}, [...given, 'destination'])
  if (problem) throw new UserError(problem, {exitCode: 2})

  const mapping = {
    ...defaults(),
    // The Bash CLI wrote collapse on every row (default none); so does register.
    collapse: REGISTER_DEFAULT_COLLAPSE,
    ...properties,
    // Its author chose the collapse knowing it is honoured: list and deploy do not point it out.
    collapseSetBy: CLI_MARKER,
    destination,
    id: input.id,
    sourceArn: arnString(source),
    type,
  } as Mapping
  const loop = selfLoopProblem(mapping, {functionName: deps.functionName, region: deps.aws.region})
  if (loop) throw new UserError(loop)
  // The runtime parses rows with the same schema: never write one it would skip.
  const check = parseMappingItem(mappingToItem(mapping))
  if (!check.ok) throw new UserError(`Refused: the mapping would be invalid: ${check.reason}`)
  return mapping
}

/** The booleans of a new mapping that the flags leave out: the property table's defaults. */
function defaults(): Partial<Mapping> {
  return Object.fromEntries(MAPPING_PROPERTIES.filter((p) => p.defaultValue !== undefined).map((p) => [p.attribute, p.defaultValue]))
}

/**
 * Validates, resolves and writes a new mapping; refused (nothing written) when the id exists.
 * `beforeWrite` runs with the mapping before the row is written (the role's publish policy).
 */
export async function registerMapping(input: RegisterInput, deps: RegisterDeps): Promise<Mapping> {
  const mapping = await prepareMapping(input, deps)
  // A missing table or an existing id is told before the role is touched.
  if (await deps.table.get(mapping.sourceArn, mapping.id)) throw alreadyExists(mapping)
  await deps.beforeWrite?.(mapping)
  await deps.table.create(mapping)
  return mapping
}
