// The contract between the fan-out processor and one target type. Each target type lives in its
// own file under runtime/targets/ and is registered in runtime/targets/registry.ts.
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import type {Logger} from '../log.js'

export interface DeliveryContext {
  mapping: Mapping
  log: Logger
  /** Epoch ms after which no new attempt may start (invocation deadline minus a reserve). */
  deadline: number
  /** Aborted when the invocation must wrap up. */
  signal?: AbortSignal
}

export interface SkippedRecord {
  record: OutRecord
  /** Why this record can never be delivered to this target (e.g. larger than the target accepts). */
  reason: string
}

export interface DeliveryReport {
  /** Records the target acknowledged. */
  delivered: number
  /** Records not delivered within the time left: Lambda must retry them (at-least-once). */
  failed: OutRecord[]
  /** Records that can never be delivered: logged, counted and skipped, never retried. */
  skipped: SkippedRecord[]
  /** Entries sent again after a partial failure or throttling. */
  retried: number
  /** API calls (or round trips) made. */
  calls: number
}

export interface Target {
  deliver(records: OutRecord[], context: DeliveryContext): Promise<DeliveryReport>
}

/** Builds the target for one mapping; called once per mapping and cached while the row is unchanged. */
export type TargetFactory = (mapping: Mapping) => Target
