// kinesis: PutRecords to a stream; Data = the record bytes, PartitionKey = the source key (or the
// mapping's partitionKey template). A stream given by name is addressed by StreamName, one given by
// ARN by StreamARN (kinesalite predates StreamARN, so names must keep using StreamName). A record
// counts as delivered only when its answer entry carries a SequenceNumber. The request body is
// written from the records' base64 (runtime/aws/pass-through.ts) unless FANOUT_PASSTHROUGH=off.
import {createHash} from 'node:crypto'
import {KinesisClient, PutRecordsCommand, type PutRecordsOutput} from '@aws-sdk/client-kinesis'
import {sendAbortable} from '../aws/client-factory.js'
import {equipPassThrough, passThroughOn, recordsBody, sendWithBody} from '../aws/pass-through.js'
import {targetClient} from '../aws/target-clients.js'
import {KINESIS_MAX_PARTITION_KEY_CHARS, SERVICE_LIMITS, type TargetLimits} from '../limits.js'
import type {Mapping} from '../mapping/schema.js'
import {base64Of, dataLength, type OutRecord} from '../records.js'
import {compileMappingRouting} from '../filter/record-filter.js'
import {clientDestination, resourceName} from './names.js'
import {ACKNOWLEDGED, retry, type Entry, type EntryOutcome, type Shaped, type TargetDriver} from './target.js'

export interface KinesisEntry extends Entry {
  record: OutRecord
  PartitionKey: string
}

/** A key Kinesis accepts: the source key, or (empty or too long) a stable hash of it. */
export function partitionKeyFor(key: string): string {
  if (key.length > 0 && key.length <= KINESIS_MAX_PARTITION_KEY_CHARS) return key
  return createHash('sha256').update(key).digest('hex')
}

/** Pure: one PutRecords entry per record; a record over the per-record limit (data + key) is refused. */
export function shapeKinesis(
  records: OutRecord[],
  limits: TargetLimits = SERVICE_LIMITS.kinesis,
  keyOf: (record: OutRecord) => string | undefined = (record) => record.key,
): Shaped<KinesisEntry> {
  const shaped: Shaped<KinesisEntry> = {entries: [], refused: []}
  for (const record of records) {
    const key = keyOf(record) ?? record.key
    if (typeof key !== 'string') {
      shaped.refused.push({reason: 'record has no readable partition key', record})
      continue
    }
    const PartitionKey = partitionKeyFor(key)
    // The service counts the data and the partition key's UTF-8 bytes against the 1 MiB.
    const size = dataLength(record) + Buffer.byteLength(PartitionKey)
    if (size > limits.maxEntryBytes) {
      shaped.refused.push({reason: `record of ${size} bytes (data and partition key) exceeds the Kinesis limit of ${limits.maxEntryBytes}`, record})
      continue
    }
    shaped.entries.push({PartitionKey, record, records: [record], size})
  }
  return shaped
}

/** The PutRecords body (pass-through): the records, then the stream as `address` names it. */
export const putRecordsBody = (address: {StreamName: string} | {StreamARN: string}, batch: readonly KinesisEntry[]): Buffer =>
  recordsBody('{"Records":[', batch, (entry) => base64Of(entry.record), (entry) => `","PartitionKey":${JSON.stringify(entry.PartitionKey)}`, `],${JSON.stringify(address).slice(1)}`)

/** Acknowledged only: an answer entry with a SequenceNumber and no ErrorCode. */
export function kinesisOutcomes(batch: unknown[], answer: {Records?: Array<{SequenceNumber?: string; ErrorCode?: string; ErrorMessage?: string}>}): EntryOutcome[] {
  return batch.map((_, n) => {
    const entry = answer.Records?.[n]
    if (entry?.SequenceNumber && !entry.ErrorCode) return ACKNOWLEDGED
    if (entry?.ErrorCode && /^KMS/.test(entry.ErrorCode) && !/Throttling/.test(entry.ErrorCode)) {
      return {kind: 'refused', reason: `${entry.ErrorCode}: ${entry.ErrorMessage ?? ''}`}
    }
    return retry(entry?.ErrorCode)
  })
}

export function createKinesisDriver(mapping: Mapping): TargetDriver<KinesisEntry> {
  // The mapping's partitionKey template, compiled once per row.
  const keyOf = mapping.partitionKey === undefined ? undefined : compileMappingRouting({convertDDB: mapping.convertDDB, partitionKey: mapping.partitionKey}).partitionKey
  const stream = resourceName(mapping.destination)
  const address = stream.arn ? {StreamARN: stream.arn} : {StreamName: stream.name}
  return {
    label: mapping.destination,
    limits: () => SERVICE_LIMITS.kinesis,
    preview: (batch) => batch.map((entry) => ({fields: {PartitionKey: entry.PartitionKey}, payload: Buffer.from(entry.record.data), records: entry.records})),
    async send(batch, signal) {
      const client = equipPassThrough(targetClient(KinesisClient, clientDestination(mapping)))
      if (passThroughOn()) {
        const body = putRecordsBody(address, batch)
        return kinesisOutcomes(batch, await sendWithBody<PutRecordsOutput>(client, new PutRecordsCommand({...address, Records: []}), body, signal))
      }
      const Records = batch.map((entry) => ({Data: entry.record.data, PartitionKey: entry.PartitionKey}))
      return kinesisOutcomes(batch, await sendAbortable<PutRecordsOutput>(client, new PutRecordsCommand({...address, Records}), signal))
    },
    shape: (records, limits) => shapeKinesis(records, limits, keyOf),
  }
}
