// Turns an event's source records into the OutRecords a mapping's target receives: Kinesis data
// checked as base64 and decoded only when read (KPL aggregates split when the mapping deaggregates),
// DynamoDB NewImage as JSON (raw attribute values, or plain JSON with convertDDB), SNS messages as
// text. A record that cannot be read is returned in `skipped` with the reason; it is never silently
// dropped.
import {KinesisRecord, type OutRecord, type SourceRecord} from '../records.js'
import type {DynamoDBEventRecord, KinesisEventRecord, SnsEventRecord} from './event.js'
import {base64Form} from './base64.js'
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

/** The first base64 characters of the KPL magic 0xF3 0x89 0x9A 0xC2 (runtime/input/kpl.ts): text
 * that does not start so is no aggregate, and passes through a deaggregating mapping undecoded. */
const KPL_MAGIC_BASE64 = '84maw'

/** Synchronous unless an aggregate must be split (keeps 4,000 plain records free of awaits). */
function kinesisRecords(source: SourceRecord, options: RecordOptions, out: BuiltRecords): Promise<void> | void {
  const {kinesis} = source.raw as KinesisEventRecord
  const text = kinesis.data
  const form = typeof text === 'string' ? base64Form(text) : 'invalid'
  if (form === 'invalid') {
    out.skipped.push({reason: 'kinesis.data is not valid base64', source})
    return
  }
  if (typeof kinesis.partitionKey !== 'string') {
    // An unreadable record, never a crash of every retry (a poison pill).
    out.skipped.push({reason: 'kinesis.partitionKey is missing or not a string', source})
    return
  }
  const key = kinesis.partitionKey
  const mayBeAggregate = options.deaggregate && (form === 'lenient' || text.startsWith(KPL_MAGIC_BASE64))
  const data = form === 'lenient' || mayBeAggregate ? Buffer.from(text, 'base64') : undefined
  if (mayBeAggregate && isAggregated(data!)) {
    return splitAggregate(data!, key, kinesis.sequenceNumber).then(
      (users) => users.forEach((user, subSequence) => out.records.push({data: user.data, key: user.partitionKey, source, subSequence})),
      (error: Error) => void out.skipped.push({reason: `damaged KPL aggregate: ${error.message}`, source}),
    )
  }
  // Text that is not the canonical encoding of its bytes is not sent on as is: its bytes are.
  out.records.push(form === 'canonical' ? new KinesisRecord(source, key, text, data) : {data: data!, key, source})
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
