// Message entries for the message targets (sqs, sns): records collapsed per the mapping's mode,
// each message's text checked against what the service refuses, FIFO group and deduplication ids
// derived from the records so that Lambda's retries of a batch deduplicate. Both services carry
// text: with collapse concat, a record that is not UTF-8 is skipped (concat-b64 carries bytes).
import {isUtf8} from 'node:buffer'
import {createHash} from 'node:crypto'
import {buildMessages} from '../collapse.js'
import {effectiveCollapse, type Mapping} from '../mapping/schema.js'
import {FIFO_MAX_GROUP_ID_CHARS, type TargetLimits} from '../limits.js'
import {bySourceOrder, type OutRecord} from '../records.js'
import {compileMappingRouting} from '../filter/record-filter.js'
import {ACKNOWLEDGED, retry, type Entry, type EntryOutcome, type Shaped, type SkippedRecord} from './target.js'

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
  /** FIFO message group id of a record (the mapping's messageGroupId template); undefined: default. */
  groupIdOf?: (record: OutRecord) => string | undefined
  /** Internal (per-group collapse): the group id of a message's first record. */
  groupIdFor?: (record: OutRecord) => string | undefined
}

function groupIdFor(mapping: Mapping, records: OutRecord[], collapsed: boolean, groupIdOf?: (record: OutRecord) => string | undefined): string {
  const key = (groupIdOf?.(records[0]) ?? (collapsed ? mapping.id : records[0].key))
  return key.length > 0 && key.length <= FIFO_MAX_GROUP_ID_CHARS ? key : createHash('sha256').update(key).digest('hex')
}

/** Same records, same id: a redelivered batch is dropped by the FIFO deduplication window. */
function deduplicationIdFor(mapping: Mapping, records: OutRecord[]): string {
  const hash = createHash('sha256').update(mapping.id)
  for (const record of records) hash.update(`\n${record.source.sourceArn}\n${record.source.checkpoint}\n${record.subSequence ?? ''}`)
  return hash.digest('hex')
}

/** The mapping's messageGroupId template (compiled once per row), if it has one. */
export function groupIdTemplate(mapping: Mapping): ((record: OutRecord) => string | undefined) | undefined {
  return mapping.messageGroupId === undefined ? undefined : compileMappingRouting({convertDDB: mapping.convertDDB, messageGroupId: mapping.messageGroupId}).messageGroupId
}

export function messageEntries(records: OutRecord[], mapping: Mapping, options: MessageOptions): Shaped<MessageEntry> {
  const mode = effectiveCollapse(mapping)
  if (options.fifo && options.groupIdOf && mode !== 'none') return perGroupEntries(records, mapping, options)
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
      entry.groupId = groupIdFor(mapping, message.records, mode !== 'none', options.groupIdOf ?? options.groupIdFor)
      entry.deduplicationId = deduplicationIdFor(mapping, message.records)
    }
    entries.push(entry)
  }
  return {entries, refused: skipped}
}

/**
 * Collapsed FIFO messages with a messageGroupId template: records are collapsed per group id, so
 * that a message never mixes groups; messages keep the order of their first record.
 */
function perGroupEntries(records: OutRecord[], mapping: Mapping, options: MessageOptions): Shaped<MessageEntry> {
  const groupIdOf = options.groupIdOf!
  const groups = new Map<string, OutRecord[]>()
  for (const record of records) {
    const id = groupIdOf(record) ?? ''
    const list = groups.get(id)
    if (list) list.push(record)
    else groups.set(id, [record])
  }
  const shaped: Shaped<MessageEntry> = {entries: [], refused: []}
  for (const list of groups.values()) {
    const part = messageEntries(list, mapping, {...options, groupIdOf: undefined, groupIdFor: groupIdOf})
    shaped.entries.push(...part.entries)
    shaped.refused.push(...part.refused)
  }
  shaped.entries.sort((a, b) => bySourceOrder(a.records[0], b.records[0]))
  return shaped
}

/** The request entries of a batch (Id = index in the batch), the body under the service's field name. */
export function requestEntries<F extends 'Message' | 'MessageBody'>(
  batch: MessageEntry[],
  field: F,
): Array<{Id: string; MessageDeduplicationId?: string; MessageGroupId?: string} & Record<F, string>> {
  return batch.map((entry, n) => ({
    Id: String(n),
    [field]: entry.body,
    ...(entry.groupId ? {MessageDeduplicationId: entry.deduplicationId, MessageGroupId: entry.groupId} : {}),
  })) as Array<{Id: string} & Record<F, string>>
}

/** A failed entry of an SQS SendMessageBatch or SNS PublishBatch answer (Id = index in the batch). */
export interface BatchFailure {
  Id?: string
  SenderFault?: boolean
  Code?: string
  Message?: string
}

export interface BatchAnswer {
  Successful?: Array<{Id?: string}>
  Failed?: BatchFailure[]
}

/**
 * What a batch answer means for its entries (Id = index in the batch). Acknowledged only: an entry
 * counts as delivered when its Id is in `Successful`. A sender fault will never be taken (rejected
 * with the service's reason); a KMS or access error is refused; any other failure, and an entry the
 * answer does not name at all (an empty or foreign body), is tried again.
 */
export function batchOutcomes(batch: MessageEntry[], answer: BatchAnswer | undefined, service: 'SQS' | 'SNS'): EntryOutcome[] {
  const outcomes: EntryOutcome[] = batch.map(() => retry('not acknowledged'))
  for (const success of answer?.Successful ?? []) {
    const n = Number(success?.Id)
    if (Number.isInteger(n) && n >= 0 && n < batch.length && String(n) === success.Id) outcomes[n] = ACKNOWLEDGED
  }
  for (const failure of answer?.Failed ?? []) {
    const n = Number(failure?.Id)
    if (!Number.isInteger(n) || n < 0 || n >= batch.length || String(n) !== failure.Id) continue
    const reason = `${service} refused the message: ${failure.Code}: ${failure.Message ?? ''}`
    if (/KMS|AccessDenied|AuthorizationError/.test(failure.Code ?? '') && !/Throttl/.test(failure.Code ?? '')) outcomes[n] = {kind: 'refused', reason}
    else if (failure.SenderFault) outcomes[n] = {kind: 'rejected', reason}
    else outcomes[n] = retry(failure.Code)
  }
  return outcomes
}
