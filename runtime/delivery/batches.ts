// The delivery loop shared by the batch-API targets (kinesis, firehose, sqs, sns, lambda): entries
// packed to the API's limits, each batch delivered with entry-level retries, batches sent one after
// another in order for `parallel: false` (stopping at the first batch not fully delivered, so
// nothing later overtakes it, and after a partial failure re-sending the batch from its first
// entry not taken) or a few at a time otherwise (only the entries not taken are sent again). Each
// entry carries the OutRecords it holds, so every outcome maps back to records.
import type {OutRecord} from '../records.js'
import type {DeliveryContext, DeliveryReport, SkippedRecord} from '../targets/target.js'
import {packBatches, type BatchLimits} from '../batching/pack.js'
import {deliverWithRetry, type AttemptOutcome} from './retry.js'

/** Batches in flight per target when order does not matter. */
export const PARALLEL_BATCHES = 8

export interface Entry {
  records: OutRecord[]
  /** Bytes the service counts for this entry. */
  size: number
}

export interface BatchPlan<E extends Entry> {
  entries: E[]
  /** Records already known to be undeliverable (too large, ...). */
  skipped: SkippedRecord[]
  limits: BatchLimits
  send(batch: E[], signal?: AbortSignal): Promise<AttemptOutcome<E>>
}

export const emptyReport = (): DeliveryReport => ({calls: 0, delivered: 0, failed: [], retried: 0, skipped: []})

const recordsOf = (entries: Array<{records: OutRecord[]}>): OutRecord[] => entries.flatMap((entry) => entry.records)

export async function deliverBatches<E extends Entry>(plan: BatchPlan<E>, context: DeliveryContext): Promise<DeliveryReport> {
  const report = emptyReport()
  report.skipped.push(...plan.skipped)
  const batches = packBatches(plan.entries, (entry) => entry.size, plan.limits)
  const outcomes: Array<{failed: E[]} | undefined> = new Array(batches.length)

  const runOne = async (index: number): Promise<boolean> => {
    const batch = batches[index]
    const result = await deliverWithRetry(batch, (entries) => plan.send(entries, context.signal), {
      deadline: context.deadline,
      ordered: !context.mapping.parallel,
      signal: context.signal,
    })
    report.calls += result.calls
    report.retried += result.retried
    for (const {entry, reason} of result.rejected) for (const record of entry.records) report.skipped.push({reason, record})
    const undelivered = new Set<E>([...result.failed, ...result.rejected.map((r) => r.entry)])
    for (const entry of batch) if (!undelivered.has(entry)) report.delivered += entry.records.length
    outcomes[index] = {failed: result.failed}
    if (result.failed.length > 0) {
      context.log.warn('delivery incomplete', {
        error: result.lastError === undefined ? undefined : describeError(result.lastError),
        failedEntries: result.failed.length,
        mapping: context.mapping.id,
        type: context.mapping.type,
      })
    }
    return result.failed.length === 0
  }

  if (!context.mapping.parallel) {
    for (let index = 0; index < batches.length; index++) {
      if (await runOne(index)) continue
      // Strict order: what comes after an undelivered batch is not sent now; Lambda retries it.
      for (let later = index + 1; later < batches.length; later++) outcomes[later] = {failed: batches[later]}
      break
    }
  } else {
    let next = 0
    const worker = async () => {
      while (next < batches.length) await runOne(next++)
    }
    await Promise.all(Array.from({length: Math.min(PARALLEL_BATCHES, batches.length)}, worker))
  }
  for (const outcome of outcomes) if (outcome) report.failed.push(...recordsOf(outcome.failed))
  return report
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
