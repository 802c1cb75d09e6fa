// Shared set-up for the packaged-handler integration tests: a mapping table and rows in DynamoDB
// (dynalite or moto), Kinesis streams (kinesalite) and their records read back.
import {randomBytes} from 'node:crypto'
import {CreateTableCommand, DynamoDBClient, PutItemCommand, type AttributeValue} from '@aws-sdk/client-dynamodb'
import {CreateStreamCommand, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient} from '@aws-sdk/client-kinesis'
import {marshall} from '@aws-sdk/util-dynamodb'
import {createClient} from '../../runtime/aws/client-factory.js'
import {configurationTableDefinition} from '../../src/deploy/table.js'
import {TEST_AWS_ENV} from '../helpers/emulators.js'

export const suffix = () => randomBytes(4).toString('hex')

export function dynamo(endpoint: string): DynamoDBClient {
  return createClient(DynamoDBClient, {credentials: TEST_AWS_ENV_CREDENTIALS, endpoint, region: TEST_AWS_ENV.AWS_REGION})
}

export function kinesis(endpoint: string): KinesisClient {
  return createClient(KinesisClient, {credentials: TEST_AWS_ENV_CREDENTIALS, endpoint, region: TEST_AWS_ENV.AWS_REGION})
}

export const TEST_AWS_ENV_CREDENTIALS = {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY}

export async function createMappingTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(new CreateTableCommand(configurationTableDefinition(name)))
}

/** Writes a row: plain values are marshalled; pass raw attribute values to write wrong types. */
export async function putRow(client: DynamoDBClient, table: string, row: Record<string, unknown>, raw: Record<string, AttributeValue> = {}): Promise<void> {
  await client.send(new PutItemCommand({Item: {...marshall(row), ...raw}, TableName: table}))
}

export async function createStream(client: KinesisClient, name: string, shards = 1): Promise<void> {
  await client.send(new CreateStreamCommand({ShardCount: shards, StreamName: name}))
  for (let i = 0; i < 50; i++) {
    const out = await client.send(new DescribeStreamCommand({StreamName: name}))
    if (out.StreamDescription?.StreamStatus === 'ACTIVE') return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export interface StreamRecord {
  data: Buffer
  partitionKey: string
}

/** Every record of every shard (shard order, then arrival order). */
export async function readStream(client: KinesisClient, name: string): Promise<StreamRecord[]> {
  const out: StreamRecord[] = []
  const description = await client.send(new DescribeStreamCommand({StreamName: name}))
  for (const shard of description.StreamDescription?.Shards ?? []) {
    let iterator = (await client.send(new GetShardIteratorCommand({ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON', StreamName: name}))).ShardIterator
    for (let i = 0; iterator && i < 100; i++) {
      const page = await client.send(new GetRecordsCommand({Limit: 10_000, ShardIterator: iterator}))
      for (const record of page.Records ?? []) out.push({data: Buffer.from(record.Data!), partitionKey: record.PartitionKey!})
      if (!page.Records?.length) break
      iterator = page.NextShardIterator
    }
  }
  return out
}
