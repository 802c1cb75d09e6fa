// Changing an existing mapping: only the given properties change (SET, and REMOVE for --no-X of an
// optional attribute), attributes this CLI does not know survive, and the resulting row is checked
// with the one schema against what is stored, so an invalid combination is refused before writing.
import {UserError} from '../errors.js'
import {isTargetType, parseMappingItem, type Mapping, type MappingItem} from '../../runtime/mapping/schema.js'
import {parseSourceArn} from '../../runtime/mapping/arn.js'
import type {AwsClients} from '../aws/clients.js'
import {resolveDestination} from '../destinations/index.js'
import {getExisting, type MappingKey} from './locate-mapping.js'
import {selfLoopProblem} from './self-loop.js'
import type {MappingTable} from './mapping-table.js'
import {checkPropertyValues, FLAG_OF, propertyProblem, type MappingProperties} from './properties.js'
import {CLI_MARKER, PROPERTY_BY_ATTRIBUTE, type PropertyAttribute} from '../../runtime/mapping/properties.js'

/** Optional attributes that update's --no-X flags remove (the property table's `removable` ones). */
export type RemovableAttribute = PropertyAttribute

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

/** The SET and REMOVE parts of an update, from the property changes. */
function plan(changes: MappingChanges, stored: MappingItem): {set: MappingItem; remove: Set<string>} {
  const set: MappingItem = {}
  const remove = new Set<string>()
  for (const [name, value] of Object.entries(changes.properties)) {
    // Booleans absent unless true (as register writes them); active and parallel are always written.
    if (value === false && PROPERTY_BY_ATTRIBUTE[name as PropertyAttribute]?.absentWhenFalse) remove.add(name)
    else set[name] = value
  }
  for (const name of changes.remove ?? []) {
    if (name in set) throw new UserError(`Give either ${FLAG_OF[name]} or --no-${FLAG_OF[name].slice(2)}, not both`, {exitCode: 2})
    remove.add(name)
  }
  // Without a role the external id means nothing.
  if (remove.has('role') && stored.externalId !== undefined && !('externalId' in set)) remove.add('externalId')
  for (const name of remove) if (stored[name] === undefined) remove.delete(name)
  return {remove, set}
}

export interface UpdateDeps {
  aws: AwsClients
  table: MappingTable
  /** The fan-out function (a lambda destination may not be the function itself). */
  functionName?: string
  /** Runs with the mapping as it will be, before the row is written (the role's publish policy). */
  beforeWrite?: (after: Mapping) => Promise<void>
}

export async function updateMapping(key: MappingKey, changes: MappingChanges, deps: UpdateDeps): Promise<UpdateResult> {
  checkPropertyValues(changes.properties)
  const given = Object.keys(changes.properties).length + (changes.remove?.length ?? 0) + (changes.destination === undefined ? 0 : 1)
  if (given === 0) throw new UserError('Nothing to change: give --destination or a property flag (see `kinesis-fanout update --help`)', {exitCode: 2})
  if (changes.index !== undefined && changes.destination === undefined) throw new UserError('--index goes with --destination', {exitCode: 2})

  const {item: before} = await getExisting(key, deps.table)
  const type = before.type
  if (!isTargetType(type)) throw new UserError(`Mapping '${key.id}' has an unknown type '${String(type)}': unregister it and register it again`)
  const source = parseSourceArn(key.sourceArn)
  if (!source) throw new UserError(`'${key.sourceArn}' is not a Kinesis or DynamoDB stream ARN`)

  const {remove, set} = plan(changes, before)
  // An explicit --collapse (any mode) acknowledges today's behaviour: list and deploy stop pointing
  // the row out. Changes of other properties leave a Bash-era row's collapse, and its mark, alone.
  if ('collapse' in set && before.collapseSetBy !== CLI_MARKER) set.collapseSetBy = CLI_MARKER
  const merged = (): MappingItem => {
    const item: MappingItem = {...before, ...set}
    for (const name of remove) delete item[name]
    return item
  }
  const changed: (PropertyAttribute | 'destination')[] = [...(Object.keys(set) as PropertyAttribute[]), ...(remove as Set<PropertyAttribute>)]
  const check = (item: MappingItem, names: (PropertyAttribute | 'destination')[]) => {
    const problem = propertyProblem({...(item as MappingProperties), destination: String(item.destination), sourceKind: source.kind, type}, names)
    if (problem) throw new UserError(problem, {exitCode: 2})
  }
  // Checked before the destination is looked up, and again with the destination it resolves to.
  check(merged(), changed)
  const effective = merged()
  if (changes.destination !== undefined) {
    set.destination = await resolveDestination(type, changes.destination, {
      aws: deps.aws,
      index: changes.index,
      region: effective.region as string | undefined,
      role: effective.role as string | undefined,
    })
    check(merged(), [...changed, 'destination'])
  }
  const after = merged()
  const parsed = parseMappingItem(after)
  if (!parsed.ok) throw new UserError(`Refused: mapping '${key.id}' would be invalid: ${parsed.reason}`)
  const loop = selfLoopProblem(parsed.mapping, {functionName: deps.functionName, region: deps.aws.region})
  if (loop) throw new UserError(loop)

  await deps.beforeWrite?.(parsed.mapping)
  await deps.table.update(key.sourceArn, key.id, set, [...remove])
  return {after, before, removed: [...remove], set}
}
