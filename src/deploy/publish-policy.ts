// Keeps the execution role's mapping-dependent policies (publish rights, on-failure destinations and
// stream read) in step with the table and the event source mappings. deploy writes them; register / update / unregister call refreshPublishPolicy after
// changing a row, and hook calls it with the source it is about to hook. Only a role deploy manages
// is touched: a role given with --exec-role-arn (or any role without deploy's marker policy) is the
// user's to maintain.
import type {AwsClients} from '../aws/clients.js'
import {MappingTable} from '../mappings/mapping-table.js'
import {parseSourceArn} from '../../runtime/mapping/arn.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import {listEventSourceMappings, onFailureOf} from '../event-sources/find.js'
import {getCallerContext} from './caller.js'
import {readFunction} from './function.js'
import {policySize, ROLE_INLINE_POLICY_LIMIT} from './policy-document.js'
import {applyPolicyChanges, isManagedRole, planPolicyChanges, readRole, roleNameFromArn} from './role.js'
import {desiredRolePolicies, POLICY_NAMES} from './role-policies.js'
import type {RetryOptions} from './retry.js'
import {readTable} from './table.js'

export interface RefreshResult {
  updated: boolean
  roleName?: string
  /** Why nothing was done (role not found, not managed by deploy, access denied). */
  skipped?: string
  /** Policies written or deleted. */
  changes?: string[]
}

export interface RefreshOptions {
  functionName: string
  tableName: string
  /** Sources about to be hooked (not yet in the table or among the event source mappings). */
  extraSourceArns?: string[]
  /** An on-failure destination about to be set on an event source mapping. */
  extraOnFailureDestinations?: string[]
  retry?: RetryOptions
}

const isAccessDenied = (error: unknown): boolean => /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test((error as Error)?.name ?? '')

export async function refreshRolePolicies(aws: AwsClients, options: RefreshOptions): Promise<RefreshResult> {
  const {functionName, tableName} = options
  let roleName = `${functionName}Role`
  try {
    const current = await readFunction(aws, functionName)
    if (current?.Role) roleName = roleNameFromArn(current.Role)
    const state = await readRole(aws, roleName)
    if (!state.exists) return {roleName, skipped: `role ${roleName} not found (deploy creates it)`, updated: false}
    if (!isManagedRole(state)) {
      return {roleName, skipped: `role ${roleName} is not managed by deploy (no ${POLICY_NAMES.config} policy): update its publish rights yourself, or run deploy`, updated: false}
    }
    // No table yet (hook before any mapping, other --table): no rows.
    const table = await readTable(aws, tableName)
    const [ctx, rows, esms] = await Promise.all([
      getCallerContext(aws),
      table.exists ? new MappingTable(aws, tableName).listAll() : Promise.resolve([]),
      listEventSourceMappings(aws, functionName),
    ])
    const mappings: Mapping[] = rows.flatMap((row) => (row.parsed.ok ? [row.parsed.mapping] : []))
    const sources = [
      ...rows.map((row) => row.item.sourceArn).filter((arn): arn is string => typeof arn === 'string' && parseSourceArn(arn) !== undefined),
      ...esms.map((m) => m.EventSourceArn).filter((arn): arn is string => Boolean(arn)), // consumer ARNs kept: the read policy names them
      ...(options.extraSourceArns ?? []),
    ]
    const onFailureDestinations = [...onFailureOf(esms), ...(options.extraOnFailureDestinations ?? [])]
    const vpc = state.inlinePolicies.has(POLICY_NAMES.vpc)
    const desired = desiredRolePolicies({ctx, functionName, mappings, onFailureDestinations, sourceArns: sources, tableName, vpc})
    const total = [...desired.policies.values()].reduce((sum, doc) => sum + policySize(doc), 0)
    if (total > ROLE_INLINE_POLICY_LIMIT) {
      return {roleName, skipped: `the role's policies would exceed IAM's ${ROLE_INLINE_POLICY_LIMIT} characters (too many destinations)`, updated: false}
    }
    const changes = planPolicyChanges(state.inlinePolicies, desired.policies, [POLICY_NAMES.publish, POLICY_NAMES.streams], false).filter(
      (change) => change.action !== 'unchanged',
    )
    await applyPolicyChanges(aws, roleName, changes, options.retry)
    return {changes: changes.map((c) => `${c.action} ${c.name}`), roleName, updated: changes.length > 0}
  } catch (error) {
    if (isAccessDenied(error)) return {roleName, skipped: `access denied: ${(error as Error).message}`, updated: false}
    throw error
  }
}

/**
 * Rebuilds the role's publish policy (and stream read) from the table's current mappings. Called by
 * register, update and unregister after they change the table; deploy does the same on every run.
 */
export async function refreshPublishPolicy(
  aws: AwsClients,
  options: {functionName: string; tableName: string},
): Promise<{updated: boolean; roleName?: string; skipped?: string}> {
  return refreshRolePolicies(aws, options)
}
