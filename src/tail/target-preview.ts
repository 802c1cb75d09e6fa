// `tail --target ID`: what the fan-out would send to one mapping for the records read, without
// sending anything. Records go through the runtime's own code (source decoding with the mapping's
// deaggregate/convertDDB, collapse, the per-target payload rules and limits), so the preview shows
// what the function does, not a re-implementation of it.
import {readEvent} from '../../runtime/sources/event.js'
import {buildOutRecords} from '../../runtime/sources/out-records.js'
import {buildMessages} from '../../runtime/collapse.js'
import {SERVICE_LIMITS} from '../../runtime/limits.js'
import {effectiveCollapse, type Mapping} from '../../runtime/mapping/schema.js'
import type {OutRecord} from '../../runtime/records.js'
import type {ShardRecord} from './shard-source.js'

export interface PreviewMessage {
  /** The records this message carries. */
  records: OutRecord[]
  /** Addressing details shown with the payload (partitionKey, key, _id, topic, FIFO ids). */
  fields: Record<string, string>
  /** The bytes the target receives (message body, record data, invoke payload, document). */
  payload: Buffer
}

export interface PreviewSkip {
  record: OutRecord
  reason: string
}

export interface Preview {
  messages: PreviewMessage[]
  /** Records the target can never accept (the function logs, counts and skips them). */
  skipped: PreviewSkip[]
}

const NEWLINE = Buffer.from('\n')

function oneMessagePerRecord(records: OutRecord[], maxBytes: number, label: string, shape: (record: OutRecord) => PreviewMessage): Preview {
  const preview: Preview = {messages: [], skipped: []}
  for (const record of records) {
    const message = shape(record)
    if (message.payload.length > maxBytes) {
      preview.skipped.push({reason: `record of ${message.payload.length} bytes exceeds the ${label} limit of ${maxBytes}`, record})
    } else preview.messages.push(message)
  }
  return preview
}

async function messagePreview(mapping: Mapping, records: OutRecord[]): Promise<Preview> {
  const {messageEntries} = await import('../../runtime/targets/message-entries.js')
  const sqs = mapping.type === 'sqs'
  const refuse = sqs ? (await import('../../runtime/targets/sqs.js')).sqsRefusal : undefined
  const {entries, skipped} = messageEntries(records, mapping, {
    fifo: mapping.destination.endsWith('.fifo'),
    limits: SERVICE_LIMITS[mapping.type],
    refuse,
    service: sqs ? 'SQS' : 'SNS',
  })
  return {
    messages: entries.map((entry) => ({
      fields: {
        ...(entry.groupId ? {MessageGroupId: entry.groupId} : {}),
        ...(entry.deduplicationId ? {MessageDeduplicationId: entry.deduplicationId} : {}),
      },
      payload: Buffer.from(entry.body),
      records: entry.records,
    })),
    skipped,
  }
}

function lambdaPreview(records: OutRecord[]): Preview {
  // One event record per source record (a KPL aggregate travels whole), packed under 1 MB.
  const limit = SERVICE_LIMITS.lambda.maxBytesPerCall
  const groups = new Map<unknown, OutRecord[]>()
  for (const record of records) {
    const list = groups.get(record.source)
    if (list) list.push(record)
    else groups.set(record.source, [record])
  }
  const preview: Preview = {messages: [], skipped: []}
  let parts: string[] = []
  let members: OutRecord[] = []
  let size = '{"Records":[]}'.length
  const flush = () => {
    if (parts.length === 0) return
    preview.messages.push({fields: {InvocationType: 'Event'}, payload: Buffer.from(`{"Records":[${parts.join(',')}]}`), records: members})
    parts = []
    members = []
    size = '{"Records":[]}'.length
  }
  for (const list of groups.values()) {
    const json = JSON.stringify(list[0].source.raw)
    const bytes = Buffer.byteLength(json) + 1
    if (bytes + size > limit && parts.length === 0) {
      for (const record of list) preview.skipped.push({reason: `event record of ${bytes} bytes does not fit an asynchronous Invoke payload`, record})
      continue
    }
    if (bytes + size > limit) flush()
    parts.push(json)
    members.push(...list)
    size += bytes
  }
  flush()
  return preview
}

/** What one mapping's target would receive for these records. */
export async function previewRecords(mapping: Mapping, records: OutRecord[]): Promise<Preview> {
  const limits = SERVICE_LIMITS[mapping.type]
  switch (mapping.type) {
    case 'kinesis': {
      const {partitionKeyFor} = await import('../../runtime/targets/kinesis.js')
      return oneMessagePerRecord(records, limits.maxEntryBytes, 'Kinesis', (record) => ({
        fields: {PartitionKey: partitionKeyFor(record.key)},
        payload: record.data,
        records: [record],
      }))
    }
    case 'firehose':
      return oneMessagePerRecord(records, limits.maxEntryBytes, 'Firehose', (record) => ({
        fields: {},
        payload: mapping.appendNewlines ? Buffer.concat([record.data, NEWLINE]) : record.data,
        records: [record],
      }))
    case 'sqs':
    case 'sns':
      return messagePreview(mapping, records)
    case 'iot': {
      const topic = mapping.destination.slice(mapping.destination.indexOf('#') + 1)
      const {messages, oversized} = buildMessages(records, effectiveCollapse(mapping), limits.maxEntryBytes, {appendNewlines: mapping.appendNewlines})
      return {
        messages: messages.map((message) => ({fields: {topic}, payload: message.body, records: message.records})),
        skipped: oversized.map((record) => ({reason: `record does not fit an IoT message of ${limits.maxEntryBytes} bytes`, record})),
      }
    }
    case 'lambda':
      return lambdaPreview(records)
    case 'es': {
      const {esDocument} = await import('../../runtime/targets/es/bulk-body.js')
      return oneMessagePerRecord(records, limits.maxEntryBytes, 'OpenSearch', (record) => ({
        fields: record.key ? {_id: record.key} : ({} as Record<string, string>),
        payload: esDocument(record.data),
        records: [record],
      }))
    }
    case 'redis':
      return oneMessagePerRecord(records, limits.maxEntryBytes, 'Redis', (record) => ({fields: {key: record.key}, payload: record.data, records: [record]}))
    case 'memcached': {
      const {memcachedKey} = await import('../../runtime/targets/cache/memcached-key.js')
      return oneMessagePerRecord(records, limits.maxEntryBytes, 'Memcached', (record) => ({
        fields: {key: memcachedKey(record.key)},
        payload: record.data,
        records: [record],
      }))
    }
  }
}

/** Decodes a batch as the mapping asks (deaggregate, convertDDB), then previews it. */
export async function previewBatch(mapping: Mapping, batch: ShardRecord[]): Promise<Preview> {
  const {records: sources} = readEvent({Records: batch.map((record) => record.event)})
  const built = await buildOutRecords(sources, {convertDDB: mapping.convertDDB, deaggregate: mapping.deaggregate})
  const preview = await previewRecords(mapping, built.records)
  for (const skip of built.skipped) {
    preview.skipped.push({reason: skip.reason, record: {data: Buffer.alloc(0), key: '', source: skip.source}})
  }
  return preview
}
