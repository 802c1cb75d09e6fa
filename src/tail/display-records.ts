// What `tail` shows for a batch read from a shard. Decoding goes through the runtime's own source
// code (runtime/input): the same KPL deaggregation and DynamoDB conversion the fan-out applies.
import {readEvent} from '../../runtime/input/event.js'
import {buildOutRecords, type RecordOptions} from '../../runtime/input/out-records.js'
import {imageToJson, type PlainJson} from '../../runtime/input/ddb-json.js'
import type {AttributeValueJson} from '../../runtime/input/event.js'
import type {OutRecord} from '../../runtime/records.js'
import type {DynamoDBLambdaRecord, ShardRecord} from './shard-source.js'

export interface DynamoDBChange {
  eventName: string
  keys: unknown
  newImage?: unknown
  oldImage?: unknown
}

export interface DisplayRecord {
  shardId: string
  sequenceNumber: string
  /** Position inside a KPL aggregate (deaggregated user records only). */
  subSequenceNumber?: number
  /** Kinesis partition key, or the DynamoDB key values joined by `|`. */
  partitionKey: string
  approximateArrivalTimestamp: Date
  /** The record bytes the fan-out works on (Kinesis data; DynamoDB NewImage JSON). */
  data: Buffer
  dynamodb?: DynamoDBChange
  /** The runtime's record this was built from (tail --filter matches its match document). */
  out?: OutRecord
}

export interface DisplayBatch {
  records: DisplayRecord[]
  /** Records shown as they are because they could not be decoded (damaged aggregate, bad base64). */
  problems: string[]
}

type Image = Record<string, AttributeValueJson>

function change(event: DynamoDBLambdaRecord, convertDDB: boolean): DynamoDBChange {
  const show = (image: Record<string, unknown> | undefined): PlainJson | Record<string, unknown> | undefined =>
    image === undefined ? undefined : convertDDB ? imageToJson(image as Image) : image
  return {
    eventName: event.eventName,
    keys: show(event.dynamodb.Keys) ?? {},
    ...(event.dynamodb.NewImage ? {newImage: show(event.dynamodb.NewImage)} : {}),
    ...(event.dynamodb.OldImage ? {oldImage: show(event.dynamodb.OldImage)} : {}),
  }
}

function display(out: OutRecord, shard: ShardRecord, convertDDB: boolean): DisplayRecord {
  return {
    approximateArrivalTimestamp: shard.arrival,
    data: out.data,
    ...(shard.event.eventSource === 'aws:dynamodb' ? {dynamodb: change(shard.event, convertDDB)} : {}),
    out,
    partitionKey: out.key,
    sequenceNumber: shard.sequenceNumber,
    shardId: shard.shardId,
    ...(out.subSequence === undefined ? {} : {subSequenceNumber: out.subSequence}),
  }
}

/** The records of a batch as `tail` shows them, in shard order (user records in aggregate order). */
export async function toDisplayRecords(batch: ShardRecord[], options: RecordOptions): Promise<DisplayBatch> {
  const {records: sources} = readEvent({Records: batch.map((record) => record.event)})
  const built = await buildOutRecords(sources, options)
  const bySource = new Map<number, OutRecord[]>()
  for (const out of built.records) {
    const list = bySource.get(out.source.index)
    if (list) list.push(out)
    else bySource.set(out.source.index, [out])
  }
  const problems: string[] = []
  const unreadable = new Map(built.skipped.map((skip) => [skip.source.index, skip.reason]))
  const records: DisplayRecord[] = []
  for (const [index, shard] of batch.entries()) {
    const reason = unreadable.get(index)
    if (reason !== undefined) {
      problems.push(`${shard.shardId} ${shard.sequenceNumber}: ${reason}; shown as stored`)
      const raw = shard.event.eventSource === 'aws:kinesis' ? Buffer.from(shard.event.kinesis.data, 'base64') : Buffer.alloc(0)
      const key = shard.event.eventSource === 'aws:kinesis' ? shard.event.kinesis.partitionKey : ''
      records.push(display({data: raw, key, source: sources[index]}, shard, options.convertDDB))
      continue
    }
    for (const out of bySource.get(index) ?? []) records.push(display(out, shard, options.convertDDB))
  }
  return {problems, records}
}
