// firehose: PutRecordBatch to a delivery stream; Data = the record bytes (+ "\n" with
// appendNewlines). A record counts as delivered only when its answer entry carries a RecordId.
import {FirehoseClient, PutRecordBatchCommand, type _Record} from '@aws-sdk/client-firehose'
import {targetClient} from '../aws/target-clients.js'
import {SERVICE_LIMITS, type TargetLimits} from '../limits.js'
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import {clientDestination, resourceName} from './names.js'
import {ACKNOWLEDGED, retry, type Entry, type EntryOutcome, type Shaped, type TargetDriver} from './target.js'

const NEWLINE = Buffer.from('\n')

interface FirehoseEntry extends Entry {
  request: _Record & {Data: Uint8Array}
}

/** Pure: one PutRecordBatch entry per record; a record over the per-record limit is refused. */
export function shapeFirehose(records: OutRecord[], mapping: Pick<Mapping, 'appendNewlines'>, limits: TargetLimits = SERVICE_LIMITS.firehose): Shaped<FirehoseEntry> {
  const shaped: Shaped<FirehoseEntry> = {entries: [], refused: []}
  for (const record of records) {
    const Data = mapping.appendNewlines ? Buffer.concat([record.data, NEWLINE]) : record.data
    if (Data.length > limits.maxEntryBytes) {
      shaped.refused.push({reason: `record of ${Data.length} bytes exceeds the Firehose limit of ${limits.maxEntryBytes}`, record})
      continue
    }
    shaped.entries.push({records: [record], request: {Data}, size: Data.length})
  }
  return shaped
}

/** Acknowledged only: an answer entry with a RecordId and no ErrorCode. */
export function firehoseOutcomes(batch: unknown[], answer: {RequestResponses?: Array<{RecordId?: string; ErrorCode?: string; ErrorMessage?: string}>}): EntryOutcome[] {
  return batch.map((_, n) => {
    const entry = answer.RequestResponses?.[n]
    if (entry?.RecordId && !entry.ErrorCode) return ACKNOWLEDGED
    if (entry?.ErrorCode && /KMS|AccessDenied/.test(entry.ErrorCode) && !/Throttling/.test(entry.ErrorCode)) {
      return {kind: 'refused', reason: `${entry.ErrorCode}: ${entry.ErrorMessage ?? ''}`}
    }
    return retry(entry?.ErrorCode)
  })
}

export function createFirehoseDriver(mapping: Mapping): TargetDriver<FirehoseEntry> {
  const DeliveryStreamName = resourceName(mapping.destination).name
  return {
    label: mapping.destination,
    limits: () => SERVICE_LIMITS.firehose,
    preview: (batch) => batch.map((entry) => ({fields: {}, payload: Buffer.from(entry.request.Data), records: entry.records})),
    async send(batch, signal) {
      const client = targetClient(FirehoseClient, clientDestination(mapping))
      const out = await client.send(new PutRecordBatchCommand({DeliveryStreamName, Records: batch.map((e) => e.request)}), {abortSignal: signal})
      return firehoseOutcomes(batch, out)
    },
    shape: (records, limits) => shapeFirehose(records, mapping, limits),
  }
}
