// The parking store as the processor uses it (the interface of runtime/parking/s3-park-store.ts,
// PLAN.md): park() writes one object per batch (one mapping, one reason, one shard, source order).
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'

export type ParkReason = 'refused' | 'expired' | 'undeliverable' | 'circuit-open'

export interface ParkBatch {
  mapping: Mapping
  reason: ParkReason
  error: string
  /** Source order, one shard. */
  records: OutRecord[]
  parkedAt: Date
}

export interface ParkStore {
  park(batch: ParkBatch, signal?: AbortSignal): Promise<{key: string}>
}
