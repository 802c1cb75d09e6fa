// The one contract between the delivery loop and a target type. Each target type (one file under
// runtime/targets/) is a driver of two steps:
//   shape(records, limits)  pure: the records become entries (messages, documents, payloads) and
//                           the records the target must refuse (too large, not UTF-8 where text is
//                           needed, unreadable key...). `tail --target` calls the same step.
//   send(batch, signal)     one call for a batch of entries; its answer read entry by entry:
//                           acknowledged, retry, or rejected for good with the reason. A thrown
//                           error is classified (retryable, permanent, unknown) by the loop.
// The loop (runtime/delivery/) owns batching, order, concurrency, backoff, the deadline and the
// abort; targets have no retry loop of their own.
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import type {Logger} from '../log.js'
import type {TargetLimits} from '../limits.js'

export interface DeliveryContext {
  mapping: Mapping
  log: Logger
  /** Epoch ms after which no new attempt may start (invocation deadline minus a reserve). */
  deadline: number
  /** Aborted when the invocation must wrap up: calls in flight are abandoned. */
  signal?: AbortSignal
  /** The circuit is half open: send one batch first and stop unless it goes through. */
  probe?: boolean
}

export interface SkippedRecord {
  record: OutRecord
  /** Why this record can never be delivered to this target (e.g. larger than the target accepts). */
  reason: string
}

export interface DeliveryReport {
  /** Records the target acknowledged. */
  delivered: number
  /** Records not delivered (retry later: Lambda, or replay). Includes every record of `refused`. */
  failed: OutRecord[]
  /** Records that can never be delivered (refused at shaping, or rejected as a sender fault). */
  skipped: SkippedRecord[]
  /** Records (also in `failed`) the target refused with an error retrying cannot fix (access denied,
   * not found, invalid parameter, KMS): parked when parking is on, else failed. */
  refused: SkippedRecord[]
  /** Entries sent again after a partial failure or throttling. */
  retried: number
  /** API calls (or round trips) made. */
  calls: number
}

export interface Target {
  deliver(records: OutRecord[], context: DeliveryContext): Promise<DeliveryReport>
}

// --- the driver contract ------------------------------------------------------------------------

/** One unit the service counts: a message, a record, a document, an event record. */
export interface Entry {
  /** The records this entry carries (collapsed messages carry several; a cache key's superseded
   * records ride along with the last one, so their fate is the entry's). In source order. */
  records: OutRecord[]
  /** Bytes the service counts for this entry. */
  size: number
}

export interface Shaped<E extends Entry> {
  entries: E[]
  /** Records the target must refuse, with the reason: undeliverable. */
  refused: SkippedRecord[]
}

export type EntryOutcome =
  | {kind: 'acknowledged'}
  | {kind: 'retry'; reason?: string}
  /** This entry will never be taken (a sender fault, an item error): undeliverable. */
  | {kind: 'rejected'; reason: string}
  /** Refused with an error retrying cannot fix (per-entry access denied or KMS error). */
  | {kind: 'refused'; reason: string}

export const ACKNOWLEDGED: EntryOutcome = {kind: 'acknowledged'}
export const retry = (reason?: string): EntryOutcome => ({kind: 'retry', ...(reason ? {reason} : {})})

/** How the loop reads a thrown error. */
export type ErrorClass =
  /** Throttling, 5xx, timeouts, connection errors: the batch is tried again after a backoff. */
  | {kind: 'retryable'}
  /** The destination cannot be reached (connection refused, no such host): retried a few times,
   * then the mapping's records go back to Lambda instead of waiting out the invocation. */
  | {kind: 'unreachable'}
  /** Access denied, not found, KMS (scope 'destination': every call fails alike, the rest of the
   * mapping's entries are refused without calls) or an invalid parameter (scope 'batch'). */
  | {kind: 'permanent'; scope: 'destination' | 'batch'}
  /** Anything else: not retried in this invocation; the batch is reported failed. */
  | {kind: 'unknown'}
  /** The target's limits went down (SQS MaximumMessageSize learned): shape again and resend. */
  | {kind: 'reshape'}

/** What `tail --target` shows of one message the target would receive. */
export interface PreviewMessage {
  /** The records this message carries. */
  records: OutRecord[]
  /** Addressing details shown with the payload (partitionKey, key, _id, topic, FIFO ids). */
  fields: Record<string, string>
  /** The bytes the target receives (message body, record data, invoke payload, document). */
  payload: Buffer
}

export interface TargetDriver<E extends Entry = Entry> {
  /** The limits to shape and pack with now (runtime/limits.ts; SQS may have learned a lower one). */
  limits(): TargetLimits
  /** Bytes a call adds around its entries (the Lambda payload frame), taken off maxBytesPerCall. */
  readonly frameBytes?: number
  /** Batches in flight at once when order does not matter (default PARALLEL_BATCHES, 8). */
  readonly concurrency?: number
  /** Pure: records -> entries and refused records. */
  shape(records: OutRecord[], limits: TargetLimits): Shaped<E>
  /** One call. Returns one outcome per entry of the batch, in order. */
  send(batch: E[], signal: AbortSignal, log: Logger): Promise<EntryOutcome[]>
  /** Reads a thrown error (default: classifyError of runtime/delivery/errors.ts). */
  classify?(error: unknown): ErrorClass
  /** What a batch of entries looks like to the target (for `tail --target`). */
  preview(batch: E[]): PreviewMessage[]
  /** A short description of the destination for log lines (no secrets). */
  readonly label: string
}

/** Builds the driver for one mapping; called once per mapping and cached while the row is unchanged. */
export type DriverFactory = (mapping: Mapping) => TargetDriver

/** Kept for callers that build a Target directly (tests). */
export type TargetFactory = (mapping: Mapping) => Target
