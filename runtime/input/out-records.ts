// Turns an event's source records into the OutRecords a mapping's target receives: Kinesis data
// decoded (and KPL aggregates split when the mapping deaggregates), DynamoDB NewImage as JSON (raw
// attribute values, or plain JSON with convertDDB), SNS messages as text. A record that cannot be
// read is returned in `skipped` with the reason; it is never silently dropped.
import type {OutRecord, SourceRecord} from '../records.js'
import type {DynamoDBEventRecord, KinesisEventRecord, SnsEventRecord} from './event.js'
import {decodeBase64Strict} from './base64.js'
import {imageToJson, keyString} from './ddb-json.js'
import {isAggregated, splitAggregate} from './kpl.js'

export interface RecordOptions {
  deaggregate: boolean
  convertDDB: boolean
}

export interface SkippedSource {
  source: SourceRecord
  reason: string
}

export interface BuiltRecords {
  records: OutRecord[]
  skipped: SkippedSource[]
}

/** Options that change what the records look like (mappings sharing them share the records). */
export const variantKey = (options: RecordOptions): string => `${options.deaggregate ? 'D' : '-'}${options.convertDDB ? 'C' : '-'}`

/** Synchronous unless an aggregate must be split (keeps 4,000 plain records free of awaits). */
function kinesisRecords(source: SourceRecord, options: RecordOptions, out: BuiltRecords): Promise<void> | void {
  const {kinesis} = source.raw as KinesisEventRecord
  const data = typeof kinesis.data === 'string' ? decodeBase64Strict(kinesis.data) : undefined
  if (!data) {
    out.skipped.push({reason: 'kinesis.data is not valid base64', source})
    return
  }
  if (typeof kinesis.partitionKey !== 'string') {
    // An unreadable record, never a crash of every retry (a poison pill).
    out.skipped.push({reason: 'kinesis.partitionKey is missing or not a string', source})
    return
  }
  if (options.deaggregate && isAggregated(data)) {
    return splitAggregate(data, kinesis.partitionKey, kinesis.sequenceNumber).then(
      (users) => users.forEach((user, subSequence) => out.records.push({data: user.data, key: user.partitionKey, source, subSequence})),
      (error: Error) => void out.skipped.push({reason: `damaged KPL aggregate: ${error.message}`, source}),
    )
  }
  out.records.push({data, key: kinesis.partitionKey, source})
}

function dynamodbRecord(source: SourceRecord, options: RecordOptions, out: BuiltRecords): void {
  const {dynamodb} = source.raw as DynamoDBEventRecord
  try {
    const image = dynamodb.NewImage ?? {}
    const json = JSON.stringify(options.convertDDB ? imageToJson(image) : image)
    out.records.push({data: Buffer.from(json), key: keyString(dynamodb.Keys ?? {}), source})
  } catch (error) {
    out.skipped.push({reason: `unreadable DynamoDB image: ${(error as Error).message}`, source})
  }
}

function snsRecord(source: SourceRecord, out: BuiltRecords): void {
  const {Sns} = source.raw as SnsEventRecord
  if (typeof Sns.Message !== 'string') {
    out.skipped.push({reason: 'Sns.Message is not a string', source})
    return
  }
  out.records.push({data: Buffer.from(Sns.Message), key: Sns.MessageId, source})
}

export async function buildOutRecords(sources: SourceRecord[], options: RecordOptions): Promise<BuiltRecords> {
  const out: BuiltRecords = {records: [], skipped: []}
  for (const source of sources) {
    if (source.kind === 'kinesis') {
      const pending = kinesisRecords(source, options, out)
      if (pending) await pending
    }
    else if (source.kind === 'dynamodb') dynamodbRecord(source, options, out)
    else snsRecord(source, out)
  }
  return out
}
