// Which of a mapping's undelivered records are parked, and for which reason (docs/runtime.md
// "Isolation"): undeliverable records always (with parking on nothing is dropped); records the
// target refused with a permanent error unless parkAfter is -1; records not taken by the end of the
// invocation's attempts once older than parkAfter. Pure: the processor writes the batches.
import {bySourceOrder, type OutRecord, type SourceRecord} from '../records.js'
import type {SkippedRecord} from '../targets/target.js'
import {shardOf} from '../delivery/delivered-memory.js'
import type {ParkReason} from './parked-line.js'

export interface ParkGroup {
  reason: ParkReason
  error: string
  /** Source order, one shard. */
  records: OutRecord[]
}

/** Arrival time of the source record in epoch ms (Kinesis approximateArrivalTimestamp, DynamoDB
 * ApproximateCreationDateTime, SNS Timestamp), if the event has one. */
export function arrivalMs(source: SourceRecord): number | undefined {
  const raw = source.raw as {kinesis?: {approximateArrivalTimestamp?: unknown}; dynamodb?: {ApproximateCreationDateTime?: unknown}; Sns?: {Timestamp?: unknown}}
  const seconds = raw?.kinesis?.approximateArrivalTimestamp ?? raw?.dynamodb?.ApproximateCreationDateTime
  if (typeof seconds === 'number' && Number.isFinite(seconds)) return seconds * 1000
  if (typeof seconds === 'string' && seconds !== '' && Number.isFinite(Number(seconds))) return Number(seconds) * 1000
  const time = raw?.Sns?.Timestamp
  if (typeof time === 'string') {
    const ms = Date.parse(time)
    if (Number.isFinite(ms)) return ms
  }
  return undefined
}

/** parkAfter 0 parks at once; a record of unknown age is only parked then. */
export function isExpired(record: OutRecord, parkAfterSeconds: number, now: number): boolean {
  if (parkAfterSeconds < 0) return false
  if (parkAfterSeconds === 0) return true
  const arrival = arrivalMs(record.source)
  return arrival !== undefined && now - arrival >= parkAfterSeconds * 1000
}

const MAX_ERROR_CHARS = 1_000

/** Groups records by shard (one object each), in source order; the error lists the distinct reasons. */
export function parkGroups(reason: ParkReason, items: SkippedRecord[]): ParkGroup[] {
  const shards = new Map<string, SkippedRecord[]>()
  for (const item of items) {
    const shard = shardOf(item.record.source)
    const list = shards.get(shard)
    if (list) list.push(item)
    else shards.set(shard, [item])
  }
  return [...shards.values()].map((unsorted) => {
    const list = [...unsorted].sort((a, b) => bySourceOrder(a.record, b.record))
    const reasons = [...new Set(list.map((item) => item.reason))]
    let error = reasons.join('; ')
    if (error.length > MAX_ERROR_CHARS) error = `${error.slice(0, MAX_ERROR_CHARS)}… (${reasons.length} reasons)`
    return {error, reason, records: list.map((item) => item.record)}
  })
}
