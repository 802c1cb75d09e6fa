// destroy: the function's event source mappings and the function; the table and the role only when
// asked (--delete-table, --delete-role). Planned first so the user sees exactly what goes.
import type {AwsClients} from '../aws/clients.js'
import type {Progress} from '../ui/progress.js'
import {deleteEventSourceMapping} from '../event-sources/unhook.js'
import {listEventSourceMappings, type EventSourceMapping} from '../event-sources/find.js'
import {deleteFunction, readFunction} from './function.js'
import {deleteRole, isManagedRole, readRole, roleNameFromArn, type RoleState} from './role.js'
import {deleteTable, readTable} from './table.js'

export interface DestroyOptions {
  functionName: string
  tableName: string
  deleteTable: boolean
  deleteRole: boolean
}

export interface DestroyPlan {
  functionName: string
  functionExists: boolean
  eventSourceMappings: EventSourceMapping[]
  table?: {name: string; exists: boolean}
  role?: {name: string; state: RoleState; delete: boolean}
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
  return {
    eventSourceMappings: esms,
    functionExists: Boolean(current),
    functionName: options.functionName,
    notes,
    role,
    table: table ? {exists: table.exists, name: options.tableName} : undefined,
  }
}

export const destroyHasWork = (plan: DestroyPlan): boolean =>
  plan.functionExists || plan.eventSourceMappings.length > 0 || Boolean(plan.table?.exists) || Boolean(plan.role?.delete)

export function renderDestroyPlan(plan: DestroyPlan): string {
  const lines = [`Destroy plan for function ${plan.functionName}:`]
  for (const esm of plan.eventSourceMappings) lines.push(`  - event source mapping ${esm.UUID} (${esm.EventSourceArn})`)
  lines.push(plan.functionExists ? `  - function ${plan.functionName}` : `  = function ${plan.functionName}: not found`)
  if (plan.table?.exists) lines.push(`  - table ${plan.table.name} and every mapping in it`)
  if (plan.role?.delete) lines.push(`  - role ${plan.role.name} (${plan.role.state.inlinePolicies.size} inline policies first)`)
  for (const note of plan.notes) lines.push(`  ! ${note}`)
  return lines.join('\n')
}

export interface DestroyResult {
  deletedEventSourceMappings: string[]
  deletedFunction: boolean
  deletedTable: boolean
  deletedRole: boolean
}

export async function applyDestroy(aws: AwsClients, plan: DestroyPlan, progress: Progress): Promise<DestroyResult> {
  const result: DestroyResult = {deletedEventSourceMappings: [], deletedFunction: false, deletedRole: false, deletedTable: false}
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
  return result
}
