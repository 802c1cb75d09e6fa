// deploy, step one: read what exists and work out what must change (create / update / unchanged per
// resource), without changing anything. The plan is printed (--dry-run stops there), then applied.
import type {FunctionConfiguration} from '@aws-sdk/client-lambda'
import type {AwsClients} from '../aws/clients.js'
import {UserError} from '../errors.js'
import {MappingTable} from '../mappings/mapping-table.js'
import {parseSourceArn} from '../../runtime/mapping/arn.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import type {DeployZip} from '../package/deploy-zip.js'
import {listEventSourceMappings, onFailureOf} from '../event-sources/find.js'
import {getCallerContext, roleArn as buildRoleArn, tableArn as buildTableArn, type CallerContext} from './caller.js'
import {collapseBehaviourChanges, collapseNotice} from './collapse-notice.js'
import {configurationChanges, desiredFunction, hasVpc, PARKING_BUCKET_VARIABLE, readFunction, type DesiredFunction, type FieldChange, type FunctionSettings} from './function.js'
import {policySize, ROLE_INLINE_POLICY_LIMIT, type PolicyDocument} from './policy-document.js'
import {isManagedRole, planPolicyChanges, readRole, roleNameFromArn, type ChangeAction, type PolicyChange} from './role.js'
import {desiredRolePolicies, parkingObjectsArn} from './role-policies.js'
import {bucketNameProblem, defaultParkingBucketName} from '../parking/bucket-name.js'
import {DEFAULT_RETENTION_DAYS, readParkingBucket} from './parking-bucket.js'
import {readTable} from './table.js'

export interface DeployOptions {
  functionName: string
  tableName: string
  settings: FunctionSettings
  /** --exec-role NAME: created (and managed) when missing, used as is when it exists. */
  execRole?: string
  /** --exec-role-arn ARN: used as is, never changed. */
  execRoleArn?: string
  zip: DeployZip | Promise<DeployZip>
  /** The parking bucket; absent: parking as by default (the function's bucket, else the default name). */
  parking?: ParkingOptions
}

export interface ParkingOptions {
  /** --no-parking: no bucket, no policy, FANOUT_PARKING_BUCKET removed. */
  enabled: boolean
  /** --parking-bucket NAME. */
  bucket?: string
  /** --parking-retention-days (default at creation DEFAULT_RETENTION_DAYS). */
  retentionDays?: number
}

export interface ParkingPlan {
  bucket: string
  /** create: deploy makes it; update: deploy's lifecycle rule changes; external: a bucket deploy did not make, used as is. */
  action: 'create' | 'update' | 'unchanged' | 'external'
  /** Where the name came from. */
  from: 'flag' | 'function' | 'default'
  /** Retention of deploy's rule after the deploy (undefined for an external bucket). */
  retentionDays?: number
  currentRetentionDays?: number
}

export interface DeployPlan {
  ctx: CallerContext
  functionName: string
  tableName: string
  table: {action: 'create' | 'unchanged'; arn: string; billingMode?: string}
  role: {
    action: ChangeAction | 'external'
    name: string
    arn: string
    managed: boolean
    trust: 'create' | 'update' | 'unchanged'
    policies: PolicyChange[]
    state?: Awaited<ReturnType<typeof readRole>>
  }
  code: {action: 'create' | 'update' | 'unchanged'; sha256: string; bytes: number; currentSha256?: string}
  configuration: {action: 'create' | 'update' | 'unchanged'; changes: FieldChange[]}
  desired: DesiredFunction
  zip: DeployZip
  mappings: Mapping[]
  notices: string[]
  /** Undefined with --no-parking. */
  parking?: ParkingPlan
}

export const planChanges = (plan: DeployPlan): boolean =>
  plan.table.action !== 'unchanged' ||
  plan.parking?.action === 'create' ||
  plan.parking?.action === 'update' ||
  (plan.role.action !== 'unchanged' && plan.role.action !== 'external') ||
  plan.code.action !== 'unchanged' ||
  plan.configuration.action !== 'unchanged'

/** Mappings and sources from the table (none when it does not exist yet); invalid rows become notices. */
async function readMappings(aws: AwsClients, tableName: string, exists: boolean): Promise<{mappings: Mapping[]; sources: string[]; notices: string[]}> {
  if (!exists) return {mappings: [], notices: [], sources: []}
  const rows = await new MappingTable(aws, tableName).listAll()
  const mappings: Mapping[] = []
  const notices: string[] = []
  const sources: string[] = []
  for (const row of rows) {
    if (typeof row.item.sourceArn === 'string' && parseSourceArn(row.item.sourceArn)) sources.push(row.item.sourceArn)
    if (row.parsed.ok) mappings.push(row.parsed.mapping)
    else notices.push(`mapping ${row.parsed.id} is invalid and gets no permissions: ${row.parsed.reason}`)
  }
  return {mappings, notices, sources}
}

/** The role to use: flags first, then the function's current role, then `<function>Role`. */
function chooseRole(options: DeployOptions, ctx: CallerContext, current?: FunctionConfiguration): {name: string; arn: string; external: boolean; explicitName: boolean} {
  if (options.execRoleArn) return {arn: options.execRoleArn, explicitName: false, external: true, name: roleNameFromArn(options.execRoleArn)}
  if (options.execRole) return {arn: buildRoleArn(ctx, options.execRole), explicitName: true, external: false, name: options.execRole}
  if (current?.Role) return {arn: current.Role, explicitName: false, external: false, name: roleNameFromArn(current.Role)}
  const name = `${options.functionName}Role`
  return {arn: buildRoleArn(ctx, name), explicitName: true, external: false, name}
}

/** The bucket deploy uses and what it does to it; undefined with --no-parking. */
async function planParking(aws: AwsClients, options: DeployOptions, ctx: CallerContext, current?: FunctionConfiguration): Promise<ParkingPlan | undefined> {
  const parking = options.parking ?? {enabled: true}
  if (!parking.enabled) return undefined
  const fromFunction = current?.Environment?.Variables?.[PARKING_BUCKET_VARIABLE]
  const [bucket, from]: [string, ParkingPlan['from']] = parking.bucket
    ? [parking.bucket, 'flag']
    : fromFunction
      ? [fromFunction, 'function']
      : [defaultParkingBucketName(options.functionName, ctx.account, ctx.region), 'default']
  const problem = bucketNameProblem(bucket)
  if (problem) throw new UserError(`Invalid parking bucket name '${bucket}': ${problem}`, {suggestion: from === 'flag' ? 'check --parking-bucket' : 'name one with --parking-bucket'})
  const state = await readParkingBucket(aws, bucket)
  if (!state.exists) return {action: 'create', bucket, from, retentionDays: parking.retentionDays ?? DEFAULT_RETENTION_DAYS}
  if (!state.managed) return {action: 'external', bucket, from}
  const retentionDays = parking.retentionDays ?? state.retentionDays ?? DEFAULT_RETENTION_DAYS
  return {action: retentionDays === state.retentionDays ? 'unchanged' : 'update', bucket, currentRetentionDays: state.retentionDays, from, retentionDays}
}

export async function computeDeployPlan(aws: AwsClients, options: DeployOptions): Promise<DeployPlan> {
  const {functionName, tableName, settings} = options
  const [ctx, table, current, esms] = await Promise.all([
    getCallerContext(aws),
    readTable(aws, tableName),
    readFunction(aws, functionName),
    listEventSourceMappings(aws, functionName),
  ])
  if (table.keyProblem) {
    throw new UserError(`Table '${tableName}' cannot hold the mappings: its ${table.keyProblem}`, {suggestion: 'pass another --table'})
  }
  const chosen = chooseRole(options, ctx, current)
  const [{mappings, notices, sources}, roleState, parking] = await Promise.all([
    readMappings(aws, tableName, table.exists),
    chosen.external ? Promise.resolve(undefined) : readRole(aws, chosen.name),
    planParking(aws, options, ctx, current),
  ])
  const esmSources = esms.map((m) => m.EventSourceArn).filter((arn): arn is string => Boolean(arn)) // consumer ARNs kept: the read policy names them

  // Role
  let managed = false
  if (roleState) {
    // Deploy manages the role it creates, one it created before (marked by its config policy), and
    // `<function>Role` made by the Bash CLI; any other existing role is used as is.
    managed = !roleState.exists || isManagedRole(roleState) || chosen.name === `${functionName}Role`
    if (roleState.exists && roleState.arn) chosen.arn = roleState.arn
  }
  const vpc = Boolean(settings.subnets?.length || settings.securityGroups?.length) || hasVpc(current)
  const desiredPolicies = desiredRolePolicies({
    ctx,
    functionName,
    mappings,
    onFailureDestinations: onFailureOf(esms),
    parkingBucket: parking?.bucket,
    sourceArns: [...sources, ...esmSources],
    tableName,
    vpc,
  })
  notices.push(...desiredPolicies.notes)
  if (parking?.action === 'external') notices.push(`parking bucket ${parking.bucket} was not created by deploy: used as is (its settings and lifecycle are yours)`)
  if (parking && !managed) {
    notices.push(`role ${chosen.name} is not managed by deploy: for parking it needs s3:PutObject on ${parkingObjectsArn(ctx, parking.bucket)}`)
  }
  let policies: PolicyChange[] = []
  let trust: DeployPlan['role']['trust'] = 'unchanged'
  let roleAction: DeployPlan['role']['action'] = 'external'
  if (managed && roleState) {
    policies = planPolicyChanges(roleState.exists ? roleState.inlinePolicies : new Map(), desiredPolicies.policies)
    trust = !roleState.exists ? 'create' : roleState.trustsLambda ? 'unchanged' : 'update'
    const total = [...desiredPolicies.policies.values()].reduce((sum, doc: PolicyDocument) => sum + policySize(doc), 0)
    if (total > ROLE_INLINE_POLICY_LIMIT) {
      throw new UserError(
        `The role's inline policies would take ${total} characters, over IAM's ${ROLE_INLINE_POLICY_LIMIT} per role (too many distinct destinations)`,
        {suggestion: 'use --exec-role-arn with a role you manage (e.g. with a managed policy)'},
      )
    }
    roleAction = !roleState.exists ? 'create' : trust !== 'unchanged' || policies.some((p) => p.action !== 'unchanged') ? 'update' : 'unchanged'
    const bashEra = roleState.attachedPolicyArns.filter((arn) => /^arn:aws[a-z-]*:iam::aws:policy\/(service-role\/)?(AmazonDynamoDBReadOnlyAccess|AWSLambda(DynamoDB|Kinesis|VPCAccess)ExecutionRole)$/.test(arn))
    if (bashEra.length) {
      notices.push(`role ${chosen.name} still has the Bash CLI's managed policies attached (${bashEra.map((a) => a.split('/').pop()).join(', ')}); they grant more than needed and can be detached`)
    }
  }

  // Function (the zip is built while the reads above run)
  const zip = await options.zip
  const desired = desiredFunction(functionName, tableName, chosen.arn, {...settings, parkingBucket: parking ? parking.bucket : null}, current)
  const codeChanged = !current || current.CodeSha256 !== zip.sha256 || (current.Architectures?.[0] ?? 'x86_64') !== desired.architecture
  const changes = current ? configurationChanges(current, desired) : []

  for (const mapping of collapseBehaviourChanges(mappings)) notices.push(collapseNotice(mapping))
  if (table.exists && table.billingMode === 'PROVISIONED') notices.push(`table ${tableName} uses provisioned throughput (made by the Bash CLI?): used as is`)

  return {
    code: {action: !current ? 'create' : codeChanged ? 'update' : 'unchanged', bytes: zip.zip.length, currentSha256: current?.CodeSha256, sha256: zip.sha256},
    configuration: {action: !current ? 'create' : changes.length ? 'update' : 'unchanged', changes},
    ctx,
    desired,
    functionName,
    mappings,
    notices,
    parking,
    role: {action: roleAction, arn: chosen.arn, managed, name: chosen.name, policies, state: roleState, trust},
    table: {action: table.exists ? 'unchanged' : 'create', arn: table.arn ?? buildTableArn(ctx, tableName), billingMode: table.billingMode},
    tableName,
    zip,
  }
}
