// The plan as a person reads it: one line per resource, the changed fields, and (with --dry-run or
// when asked) the policy documents.
import {FUNCTION_DEFAULTS} from './function.js'
import type {DeployPlan} from './plan.js'
import {parkingBucketSettings} from './parking-bucket.js'

const MARK: Record<string, string> = {create: '+', delete: '-', external: '=', unchanged: '=', update: '~'}

export function renderPlan(plan: DeployPlan, options: {documents?: boolean} = {}): string {
  const lines: string[] = [`Plan for function ${plan.functionName} in ${plan.ctx.region} (account ${plan.ctx.account}):`]
  lines.push(`  ${MARK[plan.table.action]} table ${plan.tableName}: ${plan.table.action}${plan.table.action === 'create' ? ' (on-demand, key sourceArn + id)' : ''}`)
  lines.push(parkingLine(plan))
  const roleWhat = plan.role.action === 'external' ? 'used as is (not managed by deploy)' : plan.role.action
  lines.push(`  ${MARK[plan.role.action]} role ${plan.role.name}: ${roleWhat}`)
  if (plan.role.trust === 'update') lines.push('      ~ trust policy: allow lambda.amazonaws.com')
  for (const change of plan.role.policies) {
    lines.push(`      ${MARK[change.action]} policy ${change.name}: ${change.action}`)
    if (options.documents && change.document) {
      for (const line of JSON.stringify(change.document, null, 2).split('\n')) lines.push(`          ${line}`)
    }
  }
  // Same bytes but an update: the architecture changes (it is set with the code).
  const sameBytes = plan.code.action === 'update' && plan.code.currentSha256 === plan.code.sha256
  const codeDetail =
    plan.code.action === 'unchanged'
      ? `CodeSha256 ${plan.code.sha256}`
      : sameBytes
        ? `architecture -> ${plan.desired.architecture}, CodeSha256 ${plan.code.sha256}`
        : `${plan.code.bytes} bytes, CodeSha256 ${plan.code.currentSha256 ? `${plan.code.currentSha256} -> ` : ''}${plan.code.sha256}`
  lines.push(`  ${MARK[plan.code.action]} function code: ${plan.code.action} (${codeDetail})`)
  if (plan.configuration.action === 'create') {
    const d = plan.desired
    lines.push(
      `  + function configuration: create (${d.runtime}, ${d.architecture}, ${d.memory} MB, ${d.timeout} s, FANOUT_TABLE=${plan.tableName}${plan.parking ? `, FANOUT_PARKING_BUCKET=${plan.parking.bucket}` : ''}${d.vpc ? `, VPC subnets ${d.vpc.subnetIds.join(',')}` : ''})`,
    )
  } else {
    lines.push(`  ${MARK[plan.configuration.action]} function configuration: ${plan.configuration.action}`)
    for (const change of plan.configuration.changes) lines.push(`      ~ ${change.field}: ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)}`)
  }
  for (const notice of plan.notices) lines.push(`  ! ${notice}`)
  return lines.join('\n')
}

function parkingLine(plan: DeployPlan): string {
  const parking = plan.parking
  if (!parking) return `  = parking: off (--no-parking; records a target cannot take block their source as before)`
  const mark = MARK[parking.action]
  const what =
    parking.action === 'create'
      ? `create (public access blocked, SSE-S3, parked/ expires after ${parking.retentionDays} days)`
      : parking.action === 'update'
        ? `update (parked/ expires after ${parking.currentRetentionDays ?? '?'} -> ${parking.retentionDays} days)`
        : parking.action === 'external'
          ? 'used as is (not created by deploy)'
          : `unchanged (parked/ expires after ${parking.retentionDays} days)`
  return `  ${mark} parking bucket ${parking.bucket}: ${what}`
}

/** The plan as data (deploy --dry-run --json). */
export function planJson(plan: DeployPlan) {
  return {
    code: plan.code,
    configuration: plan.configuration,
    function: {...plan.desired, handler: FUNCTION_DEFAULTS.handler},
    notices: plan.notices,
    parking: plan.parking ? {...plan.parking, settings: plan.parking.action === 'create' ? parkingBucketSettings(plan.parking.retentionDays!) : undefined} : null,
    region: plan.ctx.region,
    role: {action: plan.role.action, arn: plan.role.arn, managed: plan.role.managed, name: plan.role.name, policies: plan.role.policies, trust: plan.role.trust},
    table: {...plan.table, name: plan.tableName},
  }
}
