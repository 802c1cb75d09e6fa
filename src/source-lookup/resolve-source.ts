// Resolves --source-type/--source or --source-arn to a source ARN (shared by mapping commands,
// hook/unhook/pause/resume and tail).
import {UserError} from '../errors.js'
import {parseSourceArn, type SourceArn} from '../../runtime/mapping/arn.js'
import type {AwsClients} from '../aws/clients.js'
import {requireSdk} from '../aws/sdk.js'

export interface SourceSelection {
  source?: string
  'source-arn'?: string
  'source-type'?: string
}

export function hasSourceSelection(selection: SourceSelection): boolean {
  return Boolean(selection['source-arn'] || selection.source)
}

export async function resolveSourceArn(selection: SourceSelection, aws: AwsClients): Promise<SourceArn> {
  const given = selection['source-arn']
  if (given) {
    if (selection.source) throw new UserError('Give either --source-arn, or --source-type with --source, not both')
    const parsed = parseSourceArn(given)
    if (!parsed) {
      throw new UserError(
        `Invalid --source-arn '${given}': expected a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME) or a DynamoDB stream ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL)`,
      )
    }
    return parsed
  }
  if (!selection.source) throw new UserError('Missing source: give --source-type and --source, or --source-arn')
  const type = selection['source-type']
  // A stream ARN given to --source (the services refuse it as a name) is taken as is, like --source-arn.
  const arn = parseSourceArn(selection.source)
  if (arn) {
    if (type && type !== arn.kind) throw new UserError(`--source '${selection.source}' is a ${arn.kind === 'kinesis' ? 'Kinesis' : 'DynamoDB'} stream ARN, not a ${type} source: give --source-arn`)
    return arn
  }
  if (type === 'kinesis') return parseResolved(await kinesisStreamArn(selection.source, aws))
  if (type === 'dynamodb') return parseResolved(await dynamodbStreamArn(selection.source, aws))
  throw new UserError('Missing --source-type: kinesis or dynamodb (it tells what --source names)')
}

function parseResolved(arn: string): SourceArn {
  const parsed = parseSourceArn(arn)
  if (!parsed) throw new UserError(`The service returned an unexpected source ARN '${arn}'`)
  return parsed
}

export async function kinesisStreamArn(name: string, aws: AwsClients): Promise<string> {
  const {KinesisClient, DescribeStreamSummaryCommand} = requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis')
  try {
    const out = await aws.get(KinesisClient).send(new DescribeStreamSummaryCommand({StreamName: name}))
    return out.StreamDescriptionSummary!.StreamARN!
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new UserError(`Kinesis stream '${name}' not found in ${aws.region ?? 'the default region'}`, {
        suggestion: 'check the name and --region',
      })
    }
    throw error
  }
}

export async function dynamodbStreamArn(table: string, aws: AwsClients): Promise<string> {
  const {DynamoDBClient, DescribeTableCommand} = requireSdk<typeof import('@aws-sdk/client-dynamodb')>('@aws-sdk/client-dynamodb')
  let arn: string | undefined
  try {
    const out = await aws.get(DynamoDBClient).send(new DescribeTableCommand({TableName: table}))
    arn = out.Table?.StreamSpecification?.StreamEnabled === false ? undefined : out.Table?.LatestStreamArn
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new UserError(`DynamoDB table '${table}' not found in ${aws.region ?? 'the default region'}`, {
        suggestion: 'check the name and --region',
      })
    }
    throw error
  }
  if (!arn) {
    throw new UserError(`DynamoDB table '${table}' has no stream`, {
      suggestion: 'enable one: aws dynamodb update-table --table-name ' + table + ' --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES',
    })
  }
  return arn
}
