// firehose: PutRecordBatch to a delivery stream; Data = the record bytes (+ "\n" with appendNewlines).
import {FirehoseClient, PutRecordBatchCommand, type _Record} from '@aws-sdk/client-firehose'
import {targetClient} from '../aws/target-clients.js'
import {SERVICE_LIMITS} from '../limits.js'
import {deliverBatches, type Entry} from '../delivery/batches.js'
import {clientDestination, resourceName} from './names.js'
import type {SkippedRecord, Target, TargetFactory} from './target.js'

const LIMITS = SERVICE_LIMITS.firehose
const NEWLINE = Buffer.from('\n')

interface FirehoseEntry extends Entry {
  request: _Record
}

export const createFirehoseTarget: TargetFactory = (mapping): Target => {
  const DeliveryStreamName = resourceName(mapping.destination).name
  return {
    async deliver(records, context) {
      const client = targetClient(FirehoseClient, clientDestination(mapping))
      const entries: FirehoseEntry[] = []
      const skipped: SkippedRecord[] = []
      for (const record of records) {
        const Data = mapping.appendNewlines ? Buffer.concat([record.data, NEWLINE]) : record.data
        if (Data.length > LIMITS.maxEntryBytes) {
          skipped.push({reason: `record of ${Data.length} bytes exceeds the Firehose limit of ${LIMITS.maxEntryBytes}`, record})
          continue
        }
        entries.push({records: [record], request: {Data}, size: Data.length})
      }
      return deliverBatches(
        {
          entries,
          limits: {maxBytes: LIMITS.maxBytesPerCall, maxEntries: LIMITS.maxEntriesPerCall},
          async send(batch, signal) {
            const out = await client.send(new PutRecordBatchCommand({DeliveryStreamName, Records: batch.map((e) => e.request)}), {
              abortSignal: signal,
            })
            if (!out.FailedPutCount) return {reject: [], retry: []}
            return {reject: [], retry: batch.filter((_, n) => out.RequestResponses?.[n]?.ErrorCode)}
          },
          skipped,
        },
        context,
      )
    },
  }
}
