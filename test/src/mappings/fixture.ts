// A world for the mapping commands: kinesalite + dynalite in-process, a source stream, a
// destination stream, a DynamoDB table without a stream (dynalite has no streams: DynamoDB stream
// sources are given by ARN here, looked up by name in the moto tier), an empty configuration table; plus raw (low-level) access to the table so tests see attribute types (S vs BOOL).
import {randomBytes} from 'node:crypto'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand, type AttributeValue} from '@aws-sdk/client-dynamodb'
import {CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient} from '@aws-sdk/client-kinesis'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {runCli, type CliResult} from '../../helpers/cli.js'
import {startDynalite, startKinesalite, useTestAwsEnv, type Emulator} from '../../helpers/emulators.js'

export type RawItem = Record<string, AttributeValue>

export interface MappingWorld {
  kinesis: Emulator
  dynamodb: Emulator
  suffix: string
  table: string
  sourceStream: string
  sourceArn: string
  destStream: string
  /** A third stream (a destination to change to). */
  otherStream: string
  ddbTable: string
  ddbStreamArn: string
  plainTable: string
  env: Record<string, string>
  cli(args: string[], options?: {env?: Record<string, string>}): Promise<CliResult>
  scan(): Promise<RawItem[]>
  put(item: RawItem): Promise<void>
  close(): Promise<void>
}

export const unique = (): string => randomBytes(4).toString('hex')

/**
 * Lambda without the fan-out function: every call answers ResourceNotFoundException, as Lambda
 * does in an account where `deploy` has not run (mapping commands then have no role to update).
 */
export async function startNoFunctionLambda(): Promise<{endpoint: string; close(): Promise<void>}> {
  const server: Server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(404, {'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException'})
      response.end(JSON.stringify({Message: 'Function not found', Type: 'User', __type: 'ResourceNotFoundException'}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  }
}

export async function startMappingWorld(): Promise<MappingWorld> {
  useTestAwsEnv()
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const [kinesis, dynamodb, lambda] = await Promise.all([startKinesalite(), startDynalite(), startNoFunctionLambda()])
  const suffix = unique()
  const kinesisClient = createClient(KinesisClient, {endpoint: kinesis.endpoint, region: 'us-east-1'})
  const ddb = createClient(DynamoDBClient, {endpoint: dynamodb.endpoint, region: 'us-east-1'})
  const sourceStream = `orders-${suffix}`
  const destStream = `copy-${suffix}`
  const otherStream = `other-${suffix}`
  const table = `fanoutTargets-${suffix}`
  const ddbTable = `users-${suffix}`
  const plainTable = `plain-${suffix}`
  const key = {
    AttributeDefinitions: [
      {AttributeName: 'sourceArn', AttributeType: 'S' as const},
      {AttributeName: 'id', AttributeType: 'S' as const},
    ],
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: [
      {AttributeName: 'sourceArn', KeyType: 'HASH' as const},
      {AttributeName: 'id', KeyType: 'RANGE' as const},
    ],
  }
  const simple = {
    AttributeDefinitions: [{AttributeName: 'pk', AttributeType: 'S' as const}],
    KeySchema: [{AttributeName: 'pk', KeyType: 'HASH' as const}],
    ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1},
  }
  await Promise.all([
    kinesisClient.send(new CreateStreamCommand({ShardCount: 1, StreamName: sourceStream})),
    kinesisClient.send(new CreateStreamCommand({ShardCount: 1, StreamName: destStream})),
    kinesisClient.send(new CreateStreamCommand({ShardCount: 1, StreamName: otherStream})),
    ddb.send(new CreateTableCommand({...key, TableName: table})),
    ddb.send(new CreateTableCommand({...simple, TableName: plainTable})),
  ])
  const summary = await kinesisClient.send(new DescribeStreamSummaryCommand({StreamName: sourceStream}))
  // Mapping commands must not need IAM or Lambda: the function is not deployed (Lambda says so),
  // and calls to IAM or STS fail fast instead of reaching AWS.
  const closed = 'http://127.0.0.1:9'
  const env = {
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
    AWS_ENDPOINT_URL_IAM: closed,
    AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
    AWS_ENDPOINT_URL_STS: closed,
  }
  return {
    cli: (args, options = {}) => runCli(args.includes('--table') ? args : [...args, '--table', table], {env: {...env, ...options.env}}),
    async close() {
      kinesisClient.destroy()
      ddb.destroy()
      await Promise.all([kinesis.close(), dynamodb.close(), lambda.close()])
    },
    ddbStreamArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${ddbTable}/stream/2026-11-26T00:00:00.000`,
    ddbTable,
    destStream,
    dynamodb,
    env,
    kinesis,
    otherStream,
    plainTable,
    async put(item) {
      await ddb.send(new PutItemCommand({Item: item, TableName: table}))
    },
    async scan() {
      const out = await ddb.send(new ScanCommand({ConsistentRead: true, TableName: table}))
      return (out.Items ?? []).sort((a, b) => `${a.sourceArn.S}|${a.id.S}`.localeCompare(`${b.sourceArn.S}|${b.id.S}`))
    },
    sourceArn: summary.StreamDescriptionSummary!.StreamARN!,
    sourceStream,
    suffix,
    table,
  }
}

/** One clear line on stderr (plus nothing else), as every refusal must print. */
export function errorLine(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((line) => line.trim())
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got:\n${result.stderr}`)
  return lines[0]
}
