// Message entries for the message targets (sqs, sns): records collapsed per the mapping's mode,
// each message's text checked against what the service refuses, FIFO group and deduplication ids
// derived from the records so that Lambda's retries of a batch deduplicate. Both services carry
// text: with collapse concat, a record that is not UTF-8 is skipped (concat-b64 carries bytes).
import {isUtf8} from 'node:buffer'
import {createHash} from 'node:crypto'
import {buildMessages} from '../collapse.js'
import {effectiveCollapse, type Mapping} from '../mapping/schema.js'
import {FIFO_MAX_GROUP_ID_CHARS, type TargetLimits} from '../limits.js'
import type {OutRecord} from '../records.js'
import type {Entry} from '../delivery/batches.js'
import type {AttemptOutcome} from '../delivery/retry.js'
import type {SkippedRecord} from './target.js'

export interface MessageEntry extends Entry {
  body: string
  /** FIFO only. */
  groupId?: string
  deduplicationId?: string
}

export interface MessageOptions {
  service: string
  limits: TargetLimits
  fifo: boolean
  /** Why the service would refuse this text, if it would. */
  refuse?: (body: string) => string | undefined
}

function groupIdFor(mapping: Mapping, records: OutRecord[], collapsed: boolean): string {
  const key = collapsed ? mapping.id : records[0].key
  return key.length > 0 && key.length <= FIFO_MAX_GROUP_ID_CHARS ? key : createHash('sha256').update(key).digest('hex')
}

/** Same records, same id: a redelivered batch is dropped by the FIFO deduplication window. */
function deduplicationIdFor(mapping: Mapping, records: OutRecord[]): string {
  const hash = createHash('sha256').update(mapping.id)
  for (const record of records) hash.update(`\n${record.source.sourceArn}\n${record.source.checkpoint}\n${record.subSequence ?? ''}`)
  return hash.digest('hex')
}

export function messageEntries(records: OutRecord[], mapping: Mapping, options: MessageOptions): {entries: MessageEntry[]; skipped: SkippedRecord[]} {
  const mode = effectiveCollapse(mapping)
  const {limits, service} = options
  const skipped: SkippedRecord[] = []
  let text = records
  if (mode === 'concat') {
    // SQS and SNS carry text: decoding other bytes as UTF-8 would silently replace them by U+FFFD.
    text = []
    for (const record of records) {
      if (isUtf8(record.data)) text.push(record)
      else skipped.push({reason: `record is not UTF-8 text, which ${service} messages carry (use collapse concat-b64)`, record})
    }
  }
  const {messages, oversized} = buildMessages(text, mode, limits.maxEntryBytes, {appendNewlines: mapping.appendNewlines})
  for (const record of oversized) {
    skipped.push({
      reason: `record of ${record.data.length} bytes does not fit in a ${service} message of at most ${limits.maxEntryBytes} bytes (collapse ${mode})`,
      record,
    })
  }
  const entries: MessageEntry[] = []
  for (const message of messages) {
    const body = message.body.toString('utf8')
    const refusal = message.body.length === 0 ? `${service} refuses empty messages` : options.refuse?.(body)
    if (refusal) {
      for (const record of message.records) skipped.push({reason: refusal, record})
      continue
    }
    const entry: MessageEntry = {body, records: message.records, size: message.body.length}
    if (options.fifo) {
      entry.groupId = groupIdFor(mapping, message.records, mode !== 'none')
      entry.deduplicationId = deduplicationIdFor(mapping, message.records)
    }
    entries.push(entry)
  }
  return {entries, skipped}
}

/** A failed entry of an SQS SendMessageBatch or SNS PublishBatch answer (Id = index in the batch). */
export interface BatchFailure {
  Id?: string
  SenderFault?: boolean
  Code?: string
  Message?: string
}

/**
 * What a batch answer means for its entries: a sender fault will never be taken (rejected with the
 * service's reason); any other failure is tried again.
 */
export function batchFailureOutcome(batch: MessageEntry[], failed: BatchFailure[] | undefined, service: 'SQS' | 'SNS'): AttemptOutcome<MessageEntry> {
  const outcome: AttemptOutcome<MessageEntry> = {reject: [], retry: []}
  for (const failure of failed ?? []) {
    const entry = batch[Number(failure.Id)]
    if (!entry) continue
    if (failure.SenderFault) outcome.reject.push({entry, reason: `${service} refused the message: ${failure.Code}: ${failure.Message ?? ''}`})
    else outcome.retry.push(entry)
  }
  return outcome
}
