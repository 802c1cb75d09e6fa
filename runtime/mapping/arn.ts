// ARN parsing shared by the runtime and the CLI. Every partition (aws, aws-cn, aws-us-gov, and
// future ones such as aws-iso) and every region name is accepted: no hard-coded region shapes.

export interface Arn {
  partition: string
  service: string
  region: string
  account: string
  resource: string
}

const ARN_PATTERN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/

export function parseArn(value: string): Arn | undefined {
  const match = ARN_PATTERN.exec(value)
  if (!match) return undefined
  const [, partition, service, region, account, resource] = match
  return {account, partition, region, resource, service}
}

export type SourceKind = 'kinesis' | 'dynamodb'

export interface SourceArn extends Arn {
  kind: SourceKind
  /** Kinesis stream name, or DynamoDB table name for a DynamoDB stream. */
  name: string
}

const KINESIS_STREAM = /^stream\/([a-zA-Z0-9_.-]{1,128})$/
const DYNAMODB_STREAM = /^table\/([a-zA-Z0-9_.-]{3,255})\/stream\/([0-9A-Za-z_.:-]+)$/

/** A Kinesis stream ARN or a DynamoDB stream ARN; anything else is undefined. */
export function parseSourceArn(value: string): SourceArn | undefined {
  const arn = parseArn(value)
  if (!arn || !arn.region) return undefined
  if (arn.service === 'kinesis') {
    const match = KINESIS_STREAM.exec(arn.resource)
    return match ? {...arn, kind: 'kinesis', name: match[1]} : undefined
  }
  if (arn.service === 'dynamodb') {
    const match = DYNAMODB_STREAM.exec(arn.resource)
    return match ? {...arn, kind: 'dynamodb', name: match[1]} : undefined
  }
  return undefined
}

/**
 * Event sources name Kinesis enhanced fan-out consumers as `<stream arn>/consumer/<name>:<ts>`;
 * mappings are keyed by the stream ARN.
 */
export function normalizeSourceArn(value: string): string {
  const consumer = value.indexOf('/consumer/')
  return consumer > 0 && value.includes(':kinesis:') ? value.slice(0, consumer) : value
}

const ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/[a-zA-Z0-9+=,.@_\/-]{1,512}$/
export const isRoleArn = (value: string): boolean => ROLE.test(value)

// Region names: lower-case words and a number (us-east-1, cn-north-1, us-gov-west-1, eu-isoe-west-1...).
const REGION = /^[a-z]{2,}(-[a-z]+)+-\d{1,2}$/
export const isRegionName = (value: string): boolean => REGION.test(value)

const EXTERNAL_ID = /^[a-zA-Z0-9_+=,.@:\/-]{2,1224}$/
export const isExternalId = (value: string): boolean => EXTERNAL_ID.test(value)
