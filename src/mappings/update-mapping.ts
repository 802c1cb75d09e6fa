// Changing an existing mapping: only the given properties change (SET, and REMOVE for --no-X of an
// optional attribute), attributes this CLI does not know survive, and the resulting row is checked
// with the one schema against what is stored, so an invalid combination is refused before writing.
import {UserError} from '../errors.js'
import {isTargetType, parseMappingItem, type MappingItem} from '../../runtime/mapping/schema.js'
import {parseSourceArn} from '../../runtime/mapping/arn.js'
import type {AwsClients} from '../aws/clients.js'
import {resolveDestination} from '../destinations/index.js'
import {getExisting, type MappingKey} from './locate-mapping.js'
import type {MappingTable} from './mapping-table.js'
import {checkPropertyValues, propertyProblem, type MappingProperties} from './properties.js'

/** Optional string attributes that --no-destination-region, --no-destination-role-arn, --no-external-id remove. */
export type RemovableAttribute = 'region' | 'role' | 'externalId'

export interface MappingChanges {
  destination?: string
  index?: string
  properties: MappingProperties
  remove?: RemovableAttribute[]
}

export interface UpdateResult {
  before: MappingItem
  after: MappingItem
  set: MappingItem
  removed: string[]
}

// Booleans that are absent unless true (as register writes them); active and parallel are always written.
const ABSENT_WHEN_FALSE = new Set(['convertDDB', 'deaggregate', 'appendNewlines'])

/** The SET and REMOVE parts of an update, from the property changes. */
function plan(changes: MappingChanges, stored: MappingItem): {set: MappingItem; remove: Set<string>} {
  const set: MappingItem = {}
  const remove = new Set<string>()
  for (const [name, value] of Object.entries(changes.properties)) {
    if (value === false && ABSENT_WHEN_FALSE.has(name)) remove.add(name)
    else set[name] = value
  }
  for (const name of changes.remove ?? []) {
    if (name in set) throw new UserError(`Give either --${name === 'region' ? 'destination-region' : name === 'role' ? 'destination-role-arn' : 'external-id'} or its --no- form, not both`)
    remove.add(name)
  }
  // Without a role the external id means nothing.
  if (remove.has('role') && stored.externalId !== undefined && !('externalId' in set)) remove.add('externalId')
  for (const name of remove) if (stored[name] === undefined) remove.delete(name)
  return {remove, set}
}

export async function updateMapping(key: MappingKey, changes: MappingChanges, deps: {aws: AwsClients; table: MappingTable}): Promise<UpdateResult> {
  checkPropertyValues(changes.properties)
  const given = Object.keys(changes.properties).length + (changes.remove?.length ?? 0) + (changes.destination === undefined ? 0 : 1)
  if (given === 0) throw new UserError('Nothing to change: give --destination or a property flag (see `kinesis-fanout update --help`)')
  if (changes.index !== undefined && changes.destination === undefined) throw new UserError('--index goes with --destination')

  const {item: before} = await getExisting(key, deps.table)
  const type = before.type
  if (!isTargetType(type)) throw new UserError(`Mapping '${key.id}' has an unknown type '${String(type)}': unregister it and register it again`)
  const sourceKind = parseSourceArn(key.sourceArn)?.kind
  if (!sourceKind) throw new UserError(`'${key.sourceArn}' is not a Kinesis or DynamoDB stream ARN`)

  const {remove, set} = plan(changes, before)
  const merged = (): MappingItem => {
    const item: MappingItem = {...before, ...set}
    for (const name of remove) delete item[name]
    return item
  }
  const changed = [...Object.keys(set), ...remove] as (keyof MappingProperties)[]
  const effective = merged()
  const problem = propertyProblem({...(effective as object), sourceKind, type} as Parameters<typeof propertyProblem>[0], changed)
  if (problem) throw new UserError(problem)

  if (changes.destination !== undefined) {
    set.destination = await resolveDestination(type, changes.destination, {
      aws: deps.aws,
      index: changes.index,
      region: effective.region as string | undefined,
      role: effective.role as string | undefined,
    })
  }
  const after = merged()
  const check = parseMappingItem(after)
  if (!check.ok) throw new UserError(`Refused: mapping '${key.id}' would be invalid: ${check.reason}`)

  await deps.table.update(key.sourceArn, key.id, set, [...remove])
  return {after, before, removed: [...remove], set}
}
