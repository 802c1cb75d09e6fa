// kinesis: PutRecords to a stream; Data = the record bytes, PartitionKey = the source key. A stream
// given by name is addressed by StreamName, one given by ARN by StreamARN (kinesalite predates
// StreamARN, so names must keep using StreamName).
import {createHash} from 'node:crypto'
import {KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry} from '@aws-sdk/client-kinesis'
import {targetClient} from '../aws/target-clients.js'
import {KINESIS_MAX_PARTITION_KEY_CHARS, SERVICE_LIMITS} from '../limits.js'
import {deliverBatches, type Entry} from '../delivery/batches.js'
import {clientDestination, resourceName} from './names.js'
import type {SkippedRecord, Target, TargetFactory} from './target.js'

const LIMITS = SERVICE_LIMITS.kinesis

interface KinesisEntry extends Entry {
  request: PutRecordsRequestEntry
}

/** A key Kinesis accepts: the source key, or (empty or too long) a stable hash of it. */
export function partitionKeyFor(key: string): string {
  if (key.length > 0 && key.length <= KINESIS_MAX_PARTITION_KEY_CHARS) return key
  return createHash('sha256').update(key).digest('hex')
}

export const createKinesisTarget: TargetFactory = (mapping): Target => {
  const stream = resourceName(mapping.destination)
  const address = stream.arn ? {StreamARN: stream.arn} : {StreamName: stream.name}
  return {
    async deliver(records, context) {
      const client = targetClient(KinesisClient, clientDestination(mapping))
      const entries: KinesisEntry[] = []
      const skipped: SkippedRecord[] = []
      for (const record of records) {
        const PartitionKey = partitionKeyFor(record.key)
        // The service counts the data and the partition key's UTF-8 bytes against the 1 MiB.
        const size = record.data.length + Buffer.byteLength(PartitionKey)
        if (size > LIMITS.maxEntryBytes) {
          skipped.push({reason: `record of ${size} bytes exceeds the Kinesis limit of ${LIMITS.maxEntryBytes}`, record})
          continue
        }
        entries.push({records: [record], request: {Data: record.data, PartitionKey}, size})
      }
      return deliverBatches(
        {
          entries,
          limits: {maxBytes: LIMITS.maxBytesPerCall, maxEntries: LIMITS.maxEntriesPerCall},
          async send(batch, signal) {
            const out = await client.send(new PutRecordsCommand({...address, Records: batch.map((e) => e.request)}), {abortSignal: signal})
            if (!out.FailedRecordCount) return {reject: [], retry: []}
            // Per-record errors are throttling and internal failures: all worth another attempt.
            return {reject: [], retry: batch.filter((_, n) => out.Records?.[n]?.ErrorCode)}
          },
          skipped,
        },
        context,
      )
    },
  }
}
