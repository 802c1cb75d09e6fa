// firehose: PutRecordBatch to a delivery stream; Data = the record bytes (+ "\n" with
// appendNewlines). A record counts as delivered only when its answer entry carries a RecordId. The
// request body is written from the records' base64 (runtime/aws/pass-through.ts) unless
// FANOUT_PASSTHROUGH=off.
import {FirehoseClient, PutRecordBatchCommand, type PutRecordBatchOutput} from '@aws-sdk/client-firehose'
import {sendAbortable} from '../aws/client-factory.js'
import {equipPassThrough, passThroughOn, recordsBody, sendWithBody} from '../aws/pass-through.js'
import {targetClient} from '../aws/target-clients.js'
import {SERVICE_LIMITS, type TargetLimits} from '../limits.js'
import type {Mapping} from '../mapping/schema.js'
import {base64Of, dataLength, type OutRecord} from '../records.js'
import {clientDestination, resourceName} from './names.js'
import {ACKNOWLEDGED, retry, type Entry, type EntryOutcome, type Shaped, type TargetDriver} from './target.js'

const NEWLINE = Buffer.from('\n')

export interface FirehoseEntry extends Entry {
  record: OutRecord
}

type Newlines = Pick<Mapping, 'appendNewlines'>

/** The bytes Firehose receives for a record (the SDK path and `tail --target`). */
const dataOf = (record: OutRecord, mapping: Newlines): Buffer => (mapping.appendNewlines ? Buffer.concat([record.data, NEWLINE]) : record.data)

/** Pure: one PutRecordBatch entry per record; a record over the per-record limit is refused. */
export function shapeFirehose(records: OutRecord[], mapping: Newlines, limits: TargetLimits = SERVICE_LIMITS.firehose): Shaped<FirehoseEntry> {
  const shaped: Shaped<FirehoseEntry> = {entries: [], refused: []}
  const extra = mapping.appendNewlines ? NEWLINE.length : 0
  for (const record of records) {
    const size = dataLength(record) + extra
    if (size > limits.maxEntryBytes) {
      shaped.refused.push({reason: `record of ${size} bytes exceeds the Firehose limit of ${limits.maxEntryBytes}`, record})
      continue
    }
    shaped.entries.push({record, records: [record], size})
  }
  return shaped
}

/**
 * Canonical base64 of the bytes plus "\n", as the two pieces recordsBody writes: the text without
 * its padding (a slice, not copied) and what ends the last quantum once "\n" joins it, then the Data
 * string's closing quote. The last byte's bits stay where they were and "\n" (0x0A) fills the rest:
 * `xy==` becomes `xyo=`, `xyz=` becomes `xyzK`, and text without padding gains the quantum `Cg==`.
 */
function withNewline(text: string): [string, string] {
  if (!text.endsWith('=')) return [text, 'Cg=="']
  return text.endsWith('==') ? [text.slice(0, -2), 'o="'] : [text.slice(0, -1), 'K"']
}

/** The PutRecordBatch body (pass-through). */
export function putRecordBatchBody(DeliveryStreamName: string, batch: readonly FirehoseEntry[], mapping: Newlines): Buffer {
  const head = `{"DeliveryStreamName":${JSON.stringify(DeliveryStreamName)},"Records":[`
  if (!mapping.appendNewlines) return recordsBody(head, batch, (entry) => base64Of(entry.record), () => '"', ']}')
  const pieces = batch.map((entry) => withNewline(base64Of(entry.record)))
  return recordsBody(head, pieces, (piece) => piece[0], (piece) => piece[1], ']}')
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
    preview: (batch) => batch.map((entry) => ({fields: {}, payload: Buffer.from(dataOf(entry.record, mapping)), records: entry.records})),
    async send(batch, signal) {
      const client = equipPassThrough(targetClient(FirehoseClient, clientDestination(mapping)))
      if (passThroughOn()) {
        const body = putRecordBatchBody(DeliveryStreamName, batch, mapping)
        return firehoseOutcomes(batch, await sendWithBody<PutRecordBatchOutput>(client, new PutRecordBatchCommand({DeliveryStreamName, Records: []}), body, signal))
      }
      const Records = batch.map((entry) => ({Data: dataOf(entry.record, mapping)}))
      return firehoseOutcomes(batch, await sendAbortable<PutRecordBatchOutput>(client, new PutRecordBatchCommand({DeliveryStreamName, Records}), signal))
    },
    shape: (records, limits) => shapeFirehose(records, mapping, limits),
  }
}
