// status: does the role's set of inline policies still match what `deploy` would write now? The
// desired policies come from deploy's own builders (src/deploy/role-policies.ts desiredRolePolicies)
// with the inputs deploy and the role refresh use (the table's rows, the event source mappings,
// their on-failure destinations, VPC), and are compared with the live ones as deploy compares
// them (planPolicyChanges). A role deploy does not manage is not compared (a note says so).
import type {FunctionConfiguration} from '@aws-sdk/client-lambda'
import type {AwsClients} from '../aws/clients.js'
import type {TableRow} from '../mappings/mapping-table.js'
import type {EventSourceMapping} from '../event-sources/find.js'
import {onFailureOf} from '../event-sources/find.js'
import {parseSourceArn} from '../../runtime/mapping/arn.js'

export interface RoleDrift {
  roleName: string
  changes: Array<{name: string; what: string}>
  note?: string
}

export async function roleDrift(
  aws: AwsClients,
  options: {fn: FunctionConfiguration; functionName: string; tableName: string; rows: TableRow[]; esms: EventSourceMapping[]},
): Promise<RoleDrift> {
  const [{readRole, isManagedRole, planPolicyChanges, roleNameFromArn}, {desiredRolePolicies, POLICY_NAMES}, {getCallerContext}, {hasVpc, PARKING_BUCKET_VARIABLE}] = await Promise.all([
    import('../deploy/role.js'),
    import('../deploy/role-policies.js'),
    import('../deploy/caller.js'),
    import('../deploy/function.js'),
  ])
  const roleName = options.fn.Role ? roleNameFromArn(options.fn.Role) : `${options.functionName}Role`
  const state = await readRole(aws, roleName)
  if (!state.exists) return {changes: [{name: '(role)', what: 'is missing'}], roleName}
  if (!isManagedRole(state)) return {changes: [], note: `role ${roleName} is not managed by deploy: its policies are not compared`, roleName}
  const ctx = await getCallerContext(aws)
  const mappings = options.rows.flatMap((row) => (row.parsed.ok ? [row.parsed.mapping] : []))
  const sourceArns = [
    ...options.rows.map((row) => row.item.sourceArn).filter((arn): arn is string => typeof arn === 'string' && parseSourceArn(arn) !== undefined),
    ...options.esms.map((m) => m.EventSourceArn).filter((arn): arn is string => Boolean(arn)),
  ]
  const desired = desiredRolePolicies({
    ctx,
    functionName: options.functionName,
    mappings,
    onFailureDestinations: onFailureOf(options.esms),
    // The parking policy deploy writes follows the function's FANOUT_PARKING_BUCKET.
    parkingBucket: options.fn.Environment?.Variables?.[PARKING_BUCKET_VARIABLE],
    sourceArns,
    tableName: options.tableName,
    vpc: hasVpc(options.fn) || state.inlinePolicies.has(POLICY_NAMES.vpc),
  })
  const words = {create: 'is missing', delete: 'is extra (deploy removes it)', update: 'differs from what deploy writes now'} as const
  const changes = planPolicyChanges(state.inlinePolicies, desired.policies)
    .filter((change) => change.action !== 'unchanged')
    .map((change) => ({name: change.name, what: words[change.action as keyof typeof words]}))
  return {changes, roleName}
}
