// Delivery of one mapping's records through its target's driver: shape, then the one delivery
// loop; when the target's limits went down during a pass (an SQS queue's MaximumMessageSize learned
// from its refusal), what was not sent is shaped again to the new limits and sent at once. Exported
// for `replay` (deliverToMapping) and for `tail --target` (shapePreview, the same pure step).
import {packBatches} from '../batching/pack.js'
import type {Logger} from '../log.js'
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import {createTargetRegistry, type TargetRegistry} from '../targets/registry.js'
import type {DeliveryContext, DeliveryReport, PreviewMessage, SkippedRecord, TargetDriver} from '../targets/target.js'
import {deliverShaped, emptyReport, packLimits} from './loop.js'
import {mappingFilter} from './mapping-filter.js'
import {timeLeft} from './retry.js'

export type {DeliveryReport, PreviewMessage, SkippedRecord}

/** Runs the records through the driver (shape, loop, reshape after lowered limits). */
export async function runDriver(driver: TargetDriver, records: OutRecord[], context: DeliveryContext): Promise<DeliveryReport> {
  const total = emptyReport()
  let pending = records
  for (let pass = 0; ; pass++) {
    const limits = driver.limits()
    const report = await deliverShaped(driver, driver.shape(pending, limits), limits, pass === 0 ? context : {...context, probe: false})
    total.calls += report.calls
    total.delivered += report.delivered
    total.retried += report.retried + (pass === 0 ? 0 : pending.length)
    total.skipped.push(...report.skipped)
    total.refused.push(...report.refused)
    const refused = new Set(report.refused.map((r) => r.record))
    const unsent = report.failed.filter((record) => !refused.has(record))
    if (!report.reshape || unsent.length === 0 || !timeLeft({deadline: context.deadline, signal: context.signal})) {
      total.failed = [...total.refused.map((r) => r.record), ...unsent]
      return total
    }
    context.log.info('the target refused entries over a lower limit: sending the rest again shaped to it', {
      destination: driver.label,
      mapping: context.mapping.id,
      maxEntryBytes: driver.limits().maxEntryBytes,
      records: unsent.length,
    })
    pending = unsent
  }
}

let shared: TargetRegistry | undefined

export interface DeliverOptions {
  /** Epoch ms after which no new call starts. */
  deadline: number
  /** Aborts calls in flight. */
  signal?: AbortSignal
  log: Logger
}

/** Delivers records to one mapping's target with the runtime's own code (used by `replay`). */
export async function deliverToMapping(mapping: Mapping, records: OutRecord[], options: DeliverOptions): Promise<DeliveryReport> {
  shared ??= createTargetRegistry()
  return shared.targetFor(mapping).deliver(records, {deadline: options.deadline, log: options.log, mapping, signal: options.signal})
}

export interface ShapePreview {
  /** Records the mapping's filter does not match (not sent, counted as Filtered). */
  filtered: OutRecord[]
  /** What the target would receive, call by call (packed as the function packs them). */
  messages: PreviewMessage[]
  /** Records the target can never accept (parked, or logged and skipped without parking). */
  skipped: SkippedRecord[]
}

/** What one mapping's target would receive for these records: the mapping's filter, then the
 * driver's own shape step and packing, as the function applies them. */
export async function shapePreview(mapping: Mapping, records: OutRecord[]): Promise<ShapePreview> {
  shared ??= createTargetRegistry()
  const driver = await shared.driverFor(mapping)
  const filter = mappingFilter(mapping)
  const accepted: OutRecord[] = []
  const filtered: OutRecord[] = []
  for (const record of records) (!filter || filter.accepts(record) ? accepted : filtered).push(record)
  const limits = driver.limits()
  const shaped = driver.shape(accepted, limits)
  const batches = packBatches(shaped.entries, (entry) => entry.size, packLimits(driver, limits))
  return {filtered, messages: batches.flatMap((batch) => driver.preview(batch)), skipped: shaped.refused}
}
