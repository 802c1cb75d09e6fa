// destroy: the function's event source mappings and the function; the table and the role only when
// asked (--delete-table, --delete-role). Planned first so the user sees exactly what goes.
import type {AwsClients} from '../aws/clients.js'
import type {Progress} from '../ui/progress.js'
import {deleteEventSourceMapping} from '../event-sources/unhook.js'
import {listEventSourceMappings, type EventSourceMapping} from '../event-sources/find.js'
import {deleteFunction, readFunction} from './function.js'
import {deleteRole, isManagedRole, readRole, roleNameFromArn, type RoleState} from './role.js'
import {deleteTable, readTable} from './table.js'
import {UserError} from '../errors.js'
import {defaultParkingBucketName} from '../parking/bucket-name.js'
import {getCallerContext} from './caller.js'
import {PARKING_BUCKET_VARIABLE} from './function.js'
import {bucketContents, deleteParkingBucket, readParkingBucket} from './parking-bucket.js'

export interface DestroyOptions {
  functionName: string
  tableName: string
  deleteTable: boolean
  deleteRole: boolean
  /** --delete-parking-bucket: remove the parking bucket deploy created (refused while it holds objects, unless force). */
  deleteParkingBucket?: boolean
  force?: boolean
  /** --parking-bucket NAME (default: the function's FANOUT_PARKING_BUCKET, else the default name). */
  parkingBucket?: string
}

export interface DestroyPlan {
  functionName: string
  functionExists: boolean
  eventSourceMappings: EventSourceMapping[]
  table?: {name: string; exists: boolean}
  role?: {name: string; state: RoleState; delete: boolean}
  /** Only with --delete-parking-bucket and a bucket deploy created. */
  parkingBucket?: {name: string; delete: boolean; objects: number; records: number}
  notes: string[]
}

export async function planDestroy(aws: AwsClients, options: DestroyOptions): Promise<DestroyPlan> {
  const [current, esms, table] = await Promise.all([
    readFunction(aws, options.functionName),
    listEventSourceMappings(aws, options.functionName),
    options.deleteTable ? readTable(aws, options.tableName) : Promise.resolve(undefined),
  ])
  const notes: string[] = []
  let role: DestroyPlan['role']
  if (options.deleteRole) {
    const name = current?.Role ? roleNameFromArn(current.Role) : `${options.functionName}Role`
    const state = await readRole(aws, name)
    // Only a role deploy made (or the Bash CLI's <function>Role): a role given with --exec-role-arn
    // may serve other functions.
    const managed = state.exists && (isManagedRole(state) || name === `${options.functionName}Role`)
    if (state.exists && !managed) notes.push(`role ${name} was not created by deploy: kept`)
    if (!state.exists) notes.push(`role ${name} not found`)
    role = {delete: managed, name, state}
  }
  if (table && !table.exists) notes.push(`table ${options.tableName} not found`)
  const bucketName = options.parkingBucket ?? current?.Environment?.Variables?.[PARKING_BUCKET_VARIABLE]
  let parkingBucket: DestroyPlan['parkingBucket']
  if (options.deleteParkingBucket) {
    parkingBucket = await planBucketDeletion(aws, bucketName ?? (await defaultBucket(aws, options.functionName)), options.force ?? false, notes)
  } else if (bucketName) {
    notes.push(`parking bucket ${bucketName} kept (--delete-parking-bucket removes it)`)
  }
  return {
    eventSourceMappings: esms,
    functionExists: Boolean(current),
    functionName: options.functionName,
    notes,
    parkingBucket,
    role,
    table: table ? {exists: table.exists, name: options.tableName} : undefined,
  }
}

async function defaultBucket(aws: AwsClients, functionName: string): Promise<string> {
  const ctx = await getCallerContext(aws)
  return defaultParkingBucketName(functionName, ctx.account, ctx.region)
}

/** A bucket deploy created, and whether it may go: refused while it holds anything, unless --force. */
async function planBucketDeletion(aws: AwsClients, name: string, force: boolean, notes: string[]): Promise<DestroyPlan['parkingBucket']> {
  const state = await readParkingBucket(aws, name)
  if (!state.exists) {
    notes.push(`parking bucket ${name} not found`)
    return undefined
  }
  if (!state.managed) {
    notes.push(`parking bucket ${name} was not created by deploy: kept`)
    return undefined
  }
  const contents = await bucketContents(aws, name)
  if (contents.objects > 0 && !force) {
    throw new UserError(
      `Parking bucket ${name} holds ${contents.records} parked record${contents.records === 1 ? '' : 's'} in ${contents.objects} object${contents.objects === 1 ? '' : 's'}: nothing was changed`,
      {suggestion: 'replay them (`kinesis-fanout replay`), purge them (`kinesis-fanout parked --purge`), or pass --force to delete them with the bucket'},
    )
  }
  return {delete: true, name, objects: contents.objects, records: contents.records}
}

export const destroyHasWork = (plan: DestroyPlan): boolean =>
  plan.functionExists || plan.eventSourceMappings.length > 0 || Boolean(plan.table?.exists) || Boolean(plan.role?.delete) || Boolean(plan.parkingBucket?.delete)

export function renderDestroyPlan(plan: DestroyPlan): string {
  const lines = [`Destroy plan for function ${plan.functionName}:`]
  for (const esm of plan.eventSourceMappings) lines.push(`  - event source mapping ${esm.UUID} (${esm.EventSourceArn})`)
  lines.push(plan.functionExists ? `  - function ${plan.functionName}` : `  = function ${plan.functionName}: not found`)
  if (plan.table?.exists) lines.push(`  - table ${plan.table.name} and every mapping in it`)
  if (plan.role?.delete) lines.push(`  - role ${plan.role.name} (${plan.role.state.inlinePolicies.size} inline policies first)`)
  const bucket = plan.parkingBucket
  if (bucket?.delete) lines.push(`  - parking bucket ${bucket.name}${bucket.objects ? ` with ${bucket.records} parked records (${bucket.objects} objects)` : ' (empty)'}`)
  for (const note of plan.notes) lines.push(`  ! ${note}`)
  return lines.join('\n')
}

export interface DestroyResult {
  deletedEventSourceMappings: string[]
  deletedFunction: boolean
  deletedTable: boolean
  deletedRole: boolean
  deletedParkingBucket: boolean
}

export async function applyDestroy(aws: AwsClients, plan: DestroyPlan, progress: Progress): Promise<DestroyResult> {
  const result: DestroyResult = {deletedEventSourceMappings: [], deletedFunction: false, deletedParkingBucket: false, deletedRole: false, deletedTable: false}
  for (const esm of plan.eventSourceMappings) {
    await progress.step(`Deleting event source mapping ${esm.UUID}`, () => deleteEventSourceMapping(aws, esm.UUID!))
    result.deletedEventSourceMappings.push(esm.UUID!)
  }
  if (plan.functionExists) {
    result.deletedFunction = await progress.step(`Deleting function ${plan.functionName}`, () => deleteFunction(aws, plan.functionName))
  }
  if (plan.table?.exists) {
    await progress.step(`Deleting table ${plan.table.name}`, () => deleteTable(aws, plan.table!.name))
    result.deletedTable = true
  }
  if (plan.role?.delete) {
    await progress.step(`Deleting role ${plan.role.name}`, () => deleteRole(aws, plan.role!.state))
    result.deletedRole = true
  }
  if (plan.parkingBucket?.delete) {
    await progress.step(`Deleting parking bucket ${plan.parkingBucket.name}`, () => deleteParkingBucket(aws, plan.parkingBucket!.name))
    result.deletedParkingBucket = true
  }
  return result
}
