// The execution role's inline policies, least privilege: each names the resources it covers, and
// `*` appears only for the actions IAM cannot scope (the reason is next to each).
import {normalizeSourceArn, parseSourceArn} from '../../runtime/mapping/arn.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import {tableArn, type CallerContext} from './caller.js'
import {allow, policy, type PolicyDocument, type PolicyStatement} from './policy-document.js'
import {onFailureGrants, publishResources} from './publish-resources.js'

/** Names of the inline policies deploy writes. `fanout-read-config` also marks a role as deploy's. */
export const POLICY_NAMES = {
  config: 'fanout-read-config',
  logs: 'fanout-logs',
  parking: 'fanout-parking',
  publish: 'fanout-publish',
  streams: 'fanout-read-streams',
  vpc: 'fanout-vpc',
} as const

/** Inline policies the Bash CLI put on `<function>Role`; ours replace them (its PublishData allowed `*`). */
export const BASH_ERA_POLICY_NAMES = ['ReadConfiguration', 'PublishData']

export const TRUST_POLICY: PolicyDocument = policy({
  Action: 'sts:AssumeRole',
  Effect: 'Allow',
  Principal: {Service: 'lambda.amazonaws.com'},
})

export interface RolePolicyInputs {
  ctx: CallerContext
  functionName: string
  tableName: string
  /**
   * Sources named by the table's rows and by the function's event source mappings (a mapping on an
   * enhanced fan-out consumer gives the consumer ARN: the policy names the consumer and its stream).
   */
  sourceArns: string[]
  /** Valid mappings of the table (all of them: inactive ones may be activated without a deploy). */
  mappings: Mapping[]
  /** On-failure destinations of the function's event source mappings (ARNs). */
  onFailureDestinations?: string[]
  vpc: boolean
  /** The parking bucket (FANOUT_PARKING_BUCKET); absent with --no-parking. */
  parkingBucket?: string
}

export function configPolicy({ctx, tableName}: Pick<RolePolicyInputs, 'ctx' | 'tableName'>): PolicyDocument {
  return policy(allow('QueryMappings', ['dynamodb:Query'], [tableArn(ctx, tableName)]))
}

export function logsPolicy({ctx, functionName}: Pick<RolePolicyInputs, 'ctx' | 'functionName'>): PolicyDocument {
  const group = `arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:/aws/lambda/${functionName}`
  return policy(
    allow('CreateLogGroup', ['logs:CreateLogGroup'], [`${group}:*`]),
    allow('WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [`${group}:log-stream:*`]),
  )
}

const KINESIS_READ = ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:SubscribeToShard']
// hook --consumer (enhanced fan-out): what Lambda needs on the consumer itself.
const KINESIS_CONSUMER_READ = ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard']
/** `arn:...:kinesis:...:stream/NAME/consumer/CONSUMER:EPOCH`, as event source mappings name a consumer. */
const isConsumerArn = (arn: string): boolean => /^arn:[^:]+:kinesis:[^:]*:\d{12}:stream\/[^/]+\/consumer\/.+/.test(arn)
const DYNAMODB_READ = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']

/**
 * Stream read for the event sources: scoped to the known sources; with none known yet, to the
 * account's streams in the region (still no `*`), so a first `hook` works before any mapping exists.
 */
export function streamsPolicy({ctx, sourceArns}: Pick<RolePolicyInputs, 'ctx' | 'sourceArns'>): PolicyDocument {
  // Enhanced fan-out consumers (hook --consumer) among the sources: their stream is read too.
  const consumers = [...new Set(sourceArns.filter(isConsumerArn))].sort()
  sourceArns = [...sourceArns.filter((arn) => !isConsumerArn(arn)), ...consumers.map(normalizeSourceArn)]
  const sources = [...new Set(sourceArns)].map((arn) => parseSourceArn(arn)).filter((arn) => arn !== undefined)
  const kinesis = sources.filter((s) => s.kind === 'kinesis').map((s) => `arn:${s.partition}:kinesis:${s.region}:${s.account}:stream/${s.name}`)
  const dynamodb = sources.filter((s) => s.kind === 'dynamodb').map((s) => `arn:${s.partition}:dynamodb:${s.region}:${s.account}:${s.resource}`)
  if (sources.length === 0) {
    kinesis.push(`arn:${ctx.partition}:kinesis:${ctx.region}:${ctx.account}:stream/*`)
    dynamodb.push(`arn:${ctx.partition}:dynamodb:${ctx.region}:${ctx.account}:table/*/stream/*`)
  }
  const statements: PolicyStatement[] = []
  // Enhanced fan-out consumers live under the stream ARN (SubscribeToShard is on the consumer);
  // `stream/*` already covers them.
  if (kinesis.length) statements.push(allow('ReadKinesisStreams', KINESIS_READ, kinesis.flatMap((arn) => (arn.endsWith('/*') ? [arn] : [arn, `${arn}/consumer/*`]))))
  // hook --consumer: the consumers the event source mappings read through, each named.
  if (consumers.length) statements.push(allow('ReadKinesisConsumers', KINESIS_CONSUMER_READ, consumers))
  if (dynamodb.length) statements.push(allow('ReadDynamoDBStreams', DYNAMODB_READ, dynamodb))
  // kinesis:ListStreams and dynamodb:ListStreams have no resource type in IAM: they only accept `*`.
  statements.push(allow('ListStreams', ['dynamodb:ListStreams', 'kinesis:ListStreams'], ['*']))
  return policy(...statements)
}

/** Parking: PutObject under `parked/` of the parking bucket, nothing else (no read, list or delete). */
export function parkingPolicy({ctx, parkingBucket}: Pick<RolePolicyInputs, 'ctx'> & {parkingBucket: string}): PolicyDocument {
  return policy(allow('ParkRecords', ['s3:PutObject'], [parkingObjectsArn(ctx, parkingBucket)]))
}

export const parkingObjectsArn = (ctx: Pick<CallerContext, 'partition'>, bucket: string): string => `arn:${ctx.partition}:s3:::${bucket}/parked/*`

/**
 * Network interfaces of a function in a VPC. EC2 cannot scope these to the function's interfaces
 * (they do not exist yet, and the Describe* calls take no resource), hence `*`, as in
 * AWSLambdaVPCAccessExecutionRole.
 */
export function vpcPolicy(): PolicyDocument {
  return policy(
    allow(
      'ManageNetworkInterfaces',
      ['ec2:AssignPrivateIpAddresses', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:UnassignPrivateIpAddresses'],
      ['*'],
    ),
  )
}

/** Publish rights for the registered destinations, grouped by action; undefined when nothing to grant. */
export function publishPolicy({ctx, mappings, onFailureDestinations = []}: Pick<RolePolicyInputs, 'ctx' | 'mappings' | 'onFailureDestinations'>): {
  document?: PolicyDocument
  notes: string[]
} {
  const {grants, notes} = publishResources(mappings, ctx)
  grants.push(...onFailureGrants(onFailureDestinations))
  grants.push(...passwordSecretGrants(mappings))
  const byAction = new Map<string, string[]>()
  for (const grant of grants) {
    const key = grant.action.join(',')
    byAction.set(key, [...(byAction.get(key) ?? []), grant.resource])
  }
  const statements = [...byAction.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([actions, resources]) => allow(sidFor(actions), actions.split(','), resources))
  return {document: statements.length ? policy(...statements) : undefined, notes}
}

const SIDS: Record<string, string> = {
  es: 'PublishOpenSearch',
  's3:ListBucket': 'OnFailureS3List',
  's3:PutObject': 'OnFailureS3Put',
  firehose: 'PublishFirehose',
  iot: 'PublishIot',
  kinesis: 'PublishKinesis',
  lambda: 'PublishLambda',
  sns: 'PublishSns',
  secretsmanager: 'ReadRedisPasswords',
  sqs: 'PublishSqs',
  sts: 'AssumeDestinationRoles',
}

/** redis mappings with passwordSecret: the function reads that secret, and only that one (props helper). */
function passwordSecretGrants(mappings: Mapping[]): {action: string[]; resource: string}[] {
  const arns = new Set(mappings.flatMap((m) => (m.type === 'redis' && m.passwordSecret ? [m.passwordSecret] : [])))
  return [...arns].map((resource) => ({action: ['secretsmanager:GetSecretValue'], resource}))
}

const sidFor = (actions: string): string => SIDS[actions] ?? SIDS[actions.split(':')[0]] ?? 'Publish'

/** Every inline policy the role should have, by name (publish absent when there is nothing to publish to). */
export function desiredRolePolicies(inputs: RolePolicyInputs): {policies: Map<string, PolicyDocument>; notes: string[]} {
  const policies = new Map<string, PolicyDocument>()
  policies.set(POLICY_NAMES.config, configPolicy(inputs))
  policies.set(POLICY_NAMES.logs, logsPolicy(inputs))
  policies.set(POLICY_NAMES.streams, streamsPolicy(inputs))
  if (inputs.vpc) policies.set(POLICY_NAMES.vpc, vpcPolicy())
  if (inputs.parkingBucket) policies.set(POLICY_NAMES.parking, parkingPolicy({ctx: inputs.ctx, parkingBucket: inputs.parkingBucket}))
  const publish = publishPolicy(inputs)
  if (publish.document) policies.set(POLICY_NAMES.publish, publish.document)
  return {notes: publish.notes, policies}
}
