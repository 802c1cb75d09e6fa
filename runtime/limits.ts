// The one table of service limits. Batching, collapsing and "too large, skip" decisions all read
// from here; nothing else in the code hard-codes a count or a byte size of an AWS API.
import type {TargetType} from './mapping/schema.js'

export interface TargetLimits {
  /** Entries per API call (PutRecords records, SendMessageBatch entries, ...). */
  maxEntriesPerCall: number
  /** Bytes per API call, all entries together (as the service counts them). */
  maxBytesPerCall: number
  /** Bytes of one entry (one message, one record, one payload) as the service counts them. */
  maxEntryBytes: number
}

const KiB = 1024
const MiB = 1024 * KiB

export const SERVICE_LIMITS: Record<TargetType, TargetLimits> = {
  // PutRecords: 500 records, 5 MiB per call; 1 MiB per record counting data + partition key.
  kinesis: {maxBytesPerCall: 5 * MiB, maxEntriesPerCall: 500, maxEntryBytes: 1 * MiB},
  // PutRecordBatch: 500 records, 4 MiB per call; 1,000 KiB per record.
  firehose: {maxBytesPerCall: 4 * MiB, maxEntriesPerCall: 500, maxEntryBytes: 1000 * KiB},
  // SendMessageBatch: 10 entries; 1 MiB per message and per batch (queue default MaximumMessageSize).
  sqs: {maxBytesPerCall: 1 * MiB, maxEntriesPerCall: 10, maxEntryBytes: 1 * MiB},
  // PublishBatch: 10 entries; 256 KiB per message and per batch.
  sns: {maxBytesPerCall: 256 * KiB, maxEntriesPerCall: 10, maxEntryBytes: 256 * KiB},
  // IoT Data Publish: one payload of at most 128 KB per call.
  iot: {maxBytesPerCall: 128 * KiB, maxEntriesPerCall: 1, maxEntryBytes: 128 * KiB},
  // Asynchronous Invoke: 1 MB payload (the {"Records":[...]} event) per call.
  lambda: {maxBytesPerCall: 1000 * KiB, maxEntriesPerCall: 10_000, maxEntryBytes: 1000 * KiB},
  // OpenSearch _bulk: the smallest domain's HTTP request limit is 10 MiB; stay well under it.
  es: {maxBytesPerCall: 5 * MiB, maxEntriesPerCall: 1000, maxEntryBytes: 5 * MiB},
  // Redis: pipelined SETs; 512 MB strings, batches kept modest to bound memory.
  redis: {maxBytesPerCall: 16 * MiB, maxEntriesPerCall: 1000, maxEntryBytes: 512 * MiB},
  // Memcached: default item size limit 1 MiB (-I), one set per key.
  memcached: {maxBytesPerCall: 16 * MiB, maxEntriesPerCall: 100, maxEntryBytes: 1 * MiB},
}

/** Memcached refuses keys longer than 250 bytes (or with spaces and control characters). */
export const MEMCACHED_MAX_KEY_BYTES = 250

/** Retry policy defaults for partial failures and throttling. */
export const RETRY_POLICY = {
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  /** Leave this much of the invocation for reporting and metrics. */
  reserveMs: 1_500,
  /** When the context gives no deadline (local runs), stop retrying after this long. */
  defaultBudgetMs: 30_000,
}

/** PutRecords partition keys are 1 to 256 Unicode characters. */
export const KINESIS_MAX_PARTITION_KEY_CHARS = 256

/** SQS and SNS FIFO MessageGroupId: at most 128 characters. */
export const FIFO_MAX_GROUP_ID_CHARS = 128
