// Small fixtures for the target tests: Kinesis events as Lambda delivers them, OutRecords for
// direct target calls, a mapping table in dynalite, and a logger that keeps its lines.
import {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {DynamoDBDocumentClient, PutCommand} from '@aws-sdk/lib-dynamodb'
import type {Logger} from '../../../runtime/log.js'
import {parseMappingItem, type Mapping, type MappingItem} from '../../../runtime/mapping/schema.js'
import type {OutRecord, SourceRecord} from '../../../runtime/records.js'
import type {DeliveryContext} from '../../../runtime/targets/target.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {createMappingTable as createEmptyMappingTable, suffix, TEST_AWS_ENV_CREDENTIALS} from '../fixtures.js'

export const uniqueName = (prefix: string): string => `${prefix}-${suffix()}`

export function streamArn(name: string, partition = 'aws', region = 'us-east-1'): string {
  return `arn:${partition}:kinesis:${region}:123456789012:stream/${name}`
}

export interface KinesisInput {
  key: string
  data: Buffer | string
}

/** A Kinesis event: sequence numbers increase with the position, so batchItemFailures are readable. */
export function kinesisEvent(sourceArn: string, inputs: KinesisInput[], firstSequence = 1000) {
  return {
    Records: inputs.map((input, n) => ({
      awsRegion: 'us-east-1',
      eventID: `shardId-000000000000:${firstSequence + n}`,
      eventName: 'aws:kinesis:record',
      eventSource: 'aws:kinesis',
      eventSourceARN: sourceArn,
      eventVersion: '1.0',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/fanout',
      kinesis: {
        approximateArrivalTimestamp: 1_700_000_000 + n,
        data: Buffer.from(input.data).toString('base64'),
        kinesisSchemaVersion: '1.0',
        partitionKey: input.key,
        sequenceNumber: String(firstSequence + n),
      },
    })),
  }
}

export function outRecords(inputs: KinesisInput[], sourceArn = streamArn('src')): OutRecord[] {
  return inputs.map((input, index) => {
    const source: SourceRecord = {checkpoint: String(1000 + index), index, kind: 'kinesis', raw: {}, sourceArn}
    return {data: Buffer.from(input.data), key: input.key, source}
  })
}

export function mapping(fields: MappingItem): Mapping {
  const parsed = parseMappingItem({active: true, id: 'm1', sourceArn: streamArn('src'), ...fields})
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.mapping
}

export interface RecordingLogger extends Logger {
  lines: Array<{level: string; message: string} & Record<string, unknown>>
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = []
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({level, message, ...fields})
  return {debug: at('debug'), error: at('error'), info: at('info'), lines, warn: at('warn')}
}

export function deliveryContext(m: Mapping, budgetMs = 10_000): DeliveryContext & {log: RecordingLogger} {
  return {deadline: Date.now() + budgetMs, log: recordingLogger(), mapping: m}
}

/** Creates a mapping table in an emulator and writes the items; returns the table name. */
export async function createMappingTable(endpoint: string, items: MappingItem[]): Promise<string> {
  const tableName = uniqueName('fanoutTargets')
  const client = new DynamoDBClient({credentials: TEST_AWS_ENV_CREDENTIALS, endpoint, region: TEST_AWS_ENV.AWS_REGION})
  await createEmptyMappingTable(client, tableName)
  const doc = DynamoDBDocumentClient.from(client)
  for (const item of items) await doc.send(new PutCommand({Item: item, TableName: tableName}))
  client.destroy()
  return tableName
}
