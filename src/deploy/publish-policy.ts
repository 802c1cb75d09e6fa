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
import {desiredRolePolicies, POLICY_NAMES, publishPolicy} from './role-policies.js'
import type {RetryOptions} from './retry.js'
import {readTable} from './table.js'
import {UserError} from '../errors.js'
import {redactSecrets} from '../../runtime/mapping/redact.js'

export interface RefreshResult {
  updated: boolean
  roleName?: string
  /** Why nothing was done (role not found, not managed by deploy, access denied). */
  skipped?: string
  /** Policies written or deleted. */
  changes?: string[]
  /** The function does not exist (nothing to update). */
  noFunction?: boolean
  /** The role exists but deploy does not manage it. */
  unmanaged?: boolean
  /** The size the policies would have had, when over IAM's limit. */
  tooLarge?: number
  /** The caller may not read or write the role (or read the function). */
  denied?: boolean
}

export interface RefreshOptions {
  functionName: string
  tableName: string
  /** Sources about to be hooked (not yet in the table or among the event source mappings). */
  extraSourceArns?: string[]
  /** An on-failure destination about to be set on an event source mapping. */
  extraOnFailureDestinations?: string[]
  retry?: RetryOptions
  /** Mappings about to be written (register, update, activate): they replace the table's row of the same key. */
  pending?: Mapping[]
}

const isAccessDenied = (error: unknown): boolean => /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test((error as Error)?.name ?? '')

export async function refreshRolePolicies(aws: AwsClients, options: RefreshOptions): Promise<RefreshResult> {
  const {functionName, tableName} = options
  let roleName = `${functionName}Role`
  try {
    const current = await readFunction(aws, functionName)
    if (!current && options.pending) return {noFunction: true, roleName, skipped: `function ${functionName} not found (deploy creates it and its role)`, updated: false}
    if (current?.Role) roleName = roleNameFromArn(current.Role)
    const state = await readRole(aws, roleName)
    if (!state.exists) return {roleName, skipped: `role ${roleName} not found (deploy creates it)`, updated: false}
    if (!isManagedRole(state)) {
      return {roleName, skipped: `role ${roleName} is not managed by deploy (no ${POLICY_NAMES.config} policy): update its publish rights yourself, or run deploy`, unmanaged: true, updated: false}
    }
    // No table yet (hook before any mapping, other --table): no rows.
    const table = await readTable(aws, tableName)
    const [ctx, rows, esms] = await Promise.all([
      getCallerContext(aws),
      table.exists ? new MappingTable(aws, tableName).listAll() : Promise.resolve([]),
      listEventSourceMappings(aws, functionName),
    ])
    const pending = options.pending ?? []
    const pendingKey = new Set(pending.map((m) => `${m.sourceArn}|${m.id}`))
    const mappings: Mapping[] = [
      ...rows.flatMap((row) => (row.parsed.ok && !pendingKey.has(`${row.parsed.mapping.sourceArn}|${row.parsed.mapping.id}`) ? [row.parsed.mapping] : [])),
      ...pending,
    ]
    const sources = [
      ...rows.map((row) => row.item.sourceArn).filter((arn): arn is string => typeof arn === 'string' && parseSourceArn(arn) !== undefined),
      ...esms.map((m) => m.EventSourceArn).filter((arn): arn is string => Boolean(arn)), // consumer ARNs kept: the read policy names them
      ...(options.extraSourceArns ?? []),
      ...pending.map((m) => m.sourceArn),
    ]
    const onFailureDestinations = [...onFailureOf(esms), ...(options.extraOnFailureDestinations ?? [])]
    const vpc = state.inlinePolicies.has(POLICY_NAMES.vpc)
    const desired = desiredRolePolicies({ctx, functionName, mappings, onFailureDestinations, sourceArns: sources, tableName, vpc})
    const total = [...desired.policies.values()].reduce((sum, doc) => sum + policySize(doc), 0)
    if (total > ROLE_INLINE_POLICY_LIMIT) {
      return {roleName, skipped: `the role's policies would exceed IAM's ${ROLE_INLINE_POLICY_LIMIT} characters (too many destinations)`, tooLarge: total, updated: false}
    }
    const changes = planPolicyChanges(state.inlinePolicies, desired.policies, [POLICY_NAMES.publish, POLICY_NAMES.streams], false).filter(
      (change) => change.action !== 'unchanged',
    )
    await applyPolicyChanges(aws, roleName, changes, options.retry)
    return {changes: changes.map((c) => `${c.action} ${c.name}`), roleName, updated: changes.length > 0}
  } catch (error) {
    if (isAccessDenied(error)) return {denied: true, roleName, skipped: `access denied: ${(error as Error).message}`, updated: false}
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

/** The rights a mapping needs from the function's role, as "ACTION on RESOURCE" (for warnings). */
export function permissionsFor(mapping: Mapping, ctx: {account: string; partition: string; region: string}): string[] {
  const {document} = publishPolicy({ctx: ctx as never, mappings: [mapping]})
  return (document?.Statement ?? []).map((statement) => `${[statement.Action].flat().join(', ')} on ${[statement.Resource].flat().join(', ')}`)
}

/** What needs saying when the role could not be updated, and how to fix it. */
function fixFor(result: RefreshResult, roleName: string): string {
  if (result.tooLarge) return `the role's inline policies would be ${result.tooLarge} characters, over IAM's ${ROLE_INLINE_POLICY_LIMIT}: use fewer destinations per role (or a destination role with --destination-role-arn)`
  if (result.denied) return `grant the caller iam:GetRole, iam:GetRolePolicy, iam:ListRolePolicies and iam:PutRolePolicy on role ${roleName} (and lambda:GetFunction)`
  return 'run `kinesis-fanout deploy`'
}

/**
 * Role policy before row (register, update, activate, set-active): writes the function role's
 * publish policy for the table plus the mapping about to be written. When that fails (no
 * iam:PutRolePolicy, policy over IAM's size limit, the function cannot be read), it throws and the
 * command writes nothing, unless `skipRoleUpdate`: then a warning names what the role lacks. A role
 * deploy does not manage is left alone, with a warning naming the permission; a function that does
 * not exist yet has no role to update (deploy grants what the table needs).
 */
export async function updateRoleBeforeWrite(
  aws: AwsClients,
  options: {functionName: string; tableName: string; mapping: Mapping; skipRoleUpdate?: boolean},
  note: (message: string) => void,
): Promise<void> {
  const {functionName, mapping, tableName} = options
  let result: RefreshResult
  try {
    result = await refreshRolePolicies(aws, {functionName, pending: [mapping], tableName})
  } catch (error) {
    const reason = redactSecrets(((error as Error)?.message ?? String(error)).split('\n')[0])
    result = {roleName: `${functionName}Role`, skipped: `${(error as Error)?.name ?? 'Error'}: ${reason}`, updated: false}
  }
  const roleName = result.roleName ?? `${functionName}Role`
  if (result.updated) {
    note(`Updated the publish policy of role ${roleName} for mapping '${mapping.id}'.`)
    return
  }
  if (!result.skipped || result.noFunction) return
  let needed = ''
  try {
    const ctx = await getCallerContext(aws)
    const permissions = permissionsFor(mapping, ctx)
    if (permissions.length) needed = permissions.join('; ')
  } catch {
    // The caller context is only for naming the permission.
  }
  const lacks = needed ? ` The role needs ${needed}.` : ''
  if (result.unmanaged) {
    note(`Warning: role ${roleName} is not managed by deploy: it was left alone.${lacks || ' Check that it may reach the destination.'}`)
    return
  }
  if (options.skipRoleUpdate) {
    note(`Warning: the publish policy of role ${roleName} was not updated (${result.skipped}); the mapping is written anyway (--skip-role-update).${lacks} Until it has it, the function gets AccessDenied on this target.`)
    return
  }
  throw new UserError(`Cannot update the publish policy of role ${roleName} (${result.skipped}): nothing was changed`, {
    suggestion: `${fixFor(result, roleName)}; or pass --skip-role-update to write the mapping anyway and grant the role${needed ? ` ${needed}` : ' its rights'} yourself`,
  })
}
