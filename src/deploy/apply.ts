// deploy, step two: apply a plan in order (table, role and its policies, function configuration,
// function code), each step shown by Progress and each wait handled by waiters or retries.
import type {AwsClients} from '../aws/clients.js'
import type {Progress} from '../ui/progress.js'
import {createFunction, updateFunctionCode, updateFunctionConfiguration, type ApplyFunctionOptions} from './function.js'
import {planChanges, type DeployPlan} from './plan.js'
import {applyPolicyChanges, createRole, updateTrust} from './role.js'
import {createTable} from './table.js'
import {createParkingBucket, putRetention} from './parking-bucket.js'

export interface DeployResult {
  changed: boolean
  functionName: string
  functionArn?: string
  tableName: string
  tableArn: string
  roleName: string
  roleArn: string
  codeSha256: string
  /** The parking bucket (FANOUT_PARKING_BUCKET); absent with --no-parking. */
  parkingBucket?: string
  actions: {table: string; role: string; code: string; configuration: string; parking: string}
}

export async function applyDeployPlan(aws: AwsClients, plan: DeployPlan, progress: Progress, options: ApplyFunctionOptions = {}): Promise<DeployResult> {
  let tableArn = plan.table.arn
  if (plan.table.action === 'create') {
    tableArn = await progress.step(`Creating table ${plan.tableName}`, () => createTable(aws, plan.tableName), () => `Created table ${plan.tableName} (on-demand)`)
  }

  const parking = plan.parking
  if (parking?.action === 'create') {
    await progress.step(
      `Creating parking bucket ${parking.bucket}`,
      () => createParkingBucket(aws, parking.bucket, plan.ctx.region, parking.retentionDays!),
      () => `Created parking bucket ${parking.bucket} (public access blocked, SSE-S3, parked/ expires after ${parking.retentionDays} days)`,
    )
  } else if (parking?.action === 'update') {
    await progress.step(`Setting the parking retention of ${parking.bucket} to ${parking.retentionDays} days`, () => putRetention(aws, parking.bucket, parking.retentionDays!))
  }

  let roleArn = plan.role.arn
  if (plan.role.action === 'create') {
    roleArn = await progress.step(`Creating role ${plan.role.name}`, () => createRole(aws, plan.role.name, `Execution role of the ${plan.functionName} fan-out function (kinesis-fanout)`, options.retry))
  } else if (plan.role.trust === 'update') {
    await progress.step(`Updating the trust policy of ${plan.role.name}`, () => updateTrust(aws, plan.role.name, options.retry))
  }
  const policyChanges = plan.role.policies.filter((p) => p.action !== 'unchanged')
  if (policyChanges.length) {
    const summary = policyChanges.map((p) => `${p.action} ${p.name}`).join(', ')
    await progress.step(`Writing role policies (${summary})`, () => applyPolicyChanges(aws, plan.role.name, policyChanges, options.retry), () => `Role policies: ${summary}`)
  }

  const desired = {...plan.desired, roleArn}
  let functionArn: string | undefined
  let codeSha256 = plan.code.currentSha256 ?? plan.code.sha256
  if (plan.code.action === 'create') {
    const created = await progress.step(
      `Creating function ${plan.functionName} (waiting for the new role to be usable by Lambda)`,
      () =>
        createFunction(aws, desired, plan.zip.zip, {
          ...options,
          retry: {...options.retry, onRetry: (_error, attempt) => progress.info(`  role not assumable by Lambda yet, retrying (attempt ${attempt + 1})`)},
        }),
      () => `Created function ${plan.functionName}`,
    )
    functionArn = created.FunctionArn
    codeSha256 = created.CodeSha256 ?? codeSha256
  } else {
    if (plan.configuration.action === 'update') {
      const fields = plan.configuration.changes.map((c) => c.field).join(', ')
      await progress.step(`Updating function configuration (${fields})`, () => updateFunctionConfiguration(aws, desired, options), () => `Updated function configuration (${fields})`)
    }
    if (plan.code.action === 'update') {
      codeSha256 =
        (await progress.step(`Updating function code (${plan.zip.zip.length} bytes)`, () => updateFunctionCode(aws, desired, plan.zip.zip, options), () => `Updated function code`)) ??
        plan.code.sha256
    }
  }

  return {...unchangedResult(plan), changed: planChanges(plan), codeSha256, functionArn: functionArn ?? unchangedResult(plan).functionArn, roleArn, tableArn}
}

/** The result when nothing had to change (and the base of every result). */
export function unchangedResult(plan: DeployPlan): DeployResult {
  return {
    actions: {code: plan.code.action, configuration: plan.configuration.action, parking: plan.parking?.action ?? 'none', role: plan.role.action, table: plan.table.action},
    changed: false,
    codeSha256: plan.code.currentSha256 ?? plan.code.sha256,
    functionArn: `arn:${plan.ctx.partition}:lambda:${plan.ctx.region}:${plan.ctx.account}:function:${plan.functionName}`,
    functionName: plan.functionName,
    ...(plan.parking ? {parkingBucket: plan.parking.bucket} : {}),
    roleArn: plan.role.arn,
    roleName: plan.role.name,
    tableArn: plan.table.arn,
    tableName: plan.tableName,
  }
}
