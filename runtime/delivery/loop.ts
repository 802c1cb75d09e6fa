// The one delivery loop, shared by all nine target types. Entries (a driver's shape step) are
// packed into calls by the limits of runtime/limits.ts; each call's answer is read entry by entry
// (acknowledged, retry, rejected for good, refused); what was not acknowledged is tried again with
// capped exponential backoff and jitter (runtime/delivery/retry.ts) while the invocation has time.
// `parallel: false`: batches one after another, stopping at the first batch not fully delivered, so
// nothing later overtakes it. Otherwise a few batches are in flight at once, started in groups
// (runtime/delivery/pacing.ts). No call starts after
// the deadline or the abort, and a call in flight at the abort is abandoned (its entries are
// undelivered, never counted delivered). A permanent error of the destination (access denied, not
// found, KMS) refuses the rest of the mapping's entries without calling again.
import {packBatches, type BatchLimits} from '../batching/pack.js'
import type {TargetLimits} from '../limits.js'
import type {OutRecord} from '../records.js'
import type {DeliveryContext, DeliveryReport, Entry, EntryOutcome, Shaped, SkippedRecord, TargetDriver} from '../targets/target.js'
import {describeError, untilAbort} from './errors.js'
import {passSignal, runPaced} from './pacing.js'
import {deliverWithRetry, Reachability, timeLeft, type AttemptOutcome, type RetryResult} from './retry.js'

/**
 * Batches in flight per mapping when order does not matter. CPU no longer depends on it (calls start
 * in groups); it bounds what one mapping puts on the network and in memory at once: 8 request
 * bodies (at most 8 MiB to SQS, 2 MiB to SNS), 8 of the 50 sockets the shared agent keeps per host
 * (six mappings to one host do not queue in the agent, where no deadline check sees them), and a
 * burst the service's throttling absorbs when every shard's invocation sends at once.
 */
export const PARALLEL_BATCHES = 8

export interface LoopReport extends DeliveryReport {
  /** The limits went down during the pass (SQS): `failed` should be shaped again and resent. */
  reshape: boolean
}

export const emptyReport = (): DeliveryReport => ({calls: 0, delivered: 0, failed: [], refused: [], retried: 0, skipped: []})

/** How a driver's entries are packed into calls. */
export function packLimits(driver: Pick<TargetDriver, 'frameBytes'>, limits: TargetLimits): BatchLimits {
  return {maxBytes: limits.maxBytesPerCall - (driver.frameBytes ?? 0), maxEntries: limits.maxEntriesPerCall}
}

/** A call's answer as the retry step reads it; entries without an outcome are not acknowledged. */
export function attemptOutcome<E>(batch: E[], outcomes: EntryOutcome[]): AttemptOutcome<E> {
  const outcome: AttemptOutcome<E> = {refuse: [], reject: [], retry: []}
  batch.forEach((entry, n) => {
    const answer = outcomes[n]
    if (!answer) outcome.retry.push(entry)
    else if (answer.kind === 'retry') outcome.retry.push(entry)
    else if (answer.kind === 'rejected') outcome.reject.push({entry, reason: answer.reason})
    else if (answer.kind === 'refused') outcome.refuse!.push({entry, reason: answer.reason})
  })
  return outcome
}

const recordsOf = (entries: Array<{records: OutRecord[]}>): OutRecord[] => entries.flatMap((entry) => entry.records)

const toSkipped = (list: Array<{entry: Entry; reason: string}>): SkippedRecord[] =>
  list.flatMap(({entry, reason}) => entry.records.map((record) => ({reason, record})))

/** Delivers shaped entries through the driver: one pass of the loop. */
export async function deliverShaped<E extends Entry>(
  driver: TargetDriver<E>,
  shaped: Shaped<E>,
  limits: TargetLimits,
  context: DeliveryContext,
): Promise<LoopReport> {
  const report: LoopReport = {...emptyReport(), reshape: false}
  report.skipped.push(...shaped.refused)
  const batches = packBatches(shaped.entries, (entry) => entry.size, packLimits(driver, limits))
  const concurrency = context.mapping.parallel ? Math.min(driver.concurrency ?? PARALLEL_BATCHES, batches.length) : 1
  const pass = passSignal(context.signal, concurrency)
  try {
    await deliverBatches(driver, batches, context, pass.signal, report, concurrency)
  } finally {
    pass.release()
  }
  return report
}

/** Sends the packed batches (in order, or paced) and fills the report. */
async function deliverBatches<E extends Entry>(
  driver: TargetDriver<E>,
  batches: E[][],
  context: DeliveryContext,
  signal: AbortSignal,
  report: LoopReport,
  concurrency: number,
): Promise<void> {
  const ordered = !context.mapping.parallel
  const results: Array<RetryResult<E> | undefined> = new Array(batches.length)
  /** Set by the first call whose error halts the mapping: the batches not started yet follow it. */
  let halted: {kind: 'destination' | 'reshape' | 'probe'; reason: string} | undefined
  let lastError: unknown

  const reachability = new Reachability()
  const attempt = async (entries: E[]): Promise<AttemptOutcome<E>> =>
    attemptOutcome(entries, await untilAbort(driver.send(entries, signal, context.log), signal))

  const runOne = async (index: number): Promise<boolean> => {
    const result = await deliverWithRetry(batches[index], attempt, {
      classify: driver.classify ? (error) => driver.classify!(error) : undefined,
      deadline: context.deadline,
      ordered,
      reachability,
      signal,
    })
    results[index] = result
    report.calls += result.calls
    report.retried += result.retried
    if (result.lastError !== undefined) lastError = result.lastError
    if (result.halt && !halted) halted = {kind: result.halt, reason: result.lastError === undefined ? result.halt : describeError(result.lastError)}
    return result.failed.length === 0 && result.refused.length === 0
  }

  /** Batches never started: refused like the destination refused the others, or simply failed. */
  const notStarted = (index: number) => {
    if (halted?.kind === 'destination') {
      results[index] = {calls: 0, failed: [], refused: batches[index].map((entry) => ({entry, reason: halted!.reason})), rejected: [], retried: 0}
    } else results[index] = {calls: 0, failed: batches[index], refused: [], rejected: [], retried: 0}
  }

  let first = 0
  if (context.probe && batches.length > 0) {
    // Half-open circuit: one batch probes the target; the rest waits unless it went through.
    first = 1
    if (!(await runOne(0)) && !halted) halted = {kind: 'probe', reason: 'the probe batch did not go through'}
  }
  if (ordered) {
    for (let index = first; index < batches.length; index++) {
      if (halted || reachability.givenUp || !timeLeft({deadline: context.deadline, signal})) {
        notStarted(index)
        continue
      }
      // Strict order: what comes after an undelivered batch is not sent now; Lambda retries it.
      const done = await runOne(index)
      if (!done && results[index]!.failed.length > 0) for (let later = index + 1; later < batches.length; later++) notStarted(later)
      if (!done && results[index]!.failed.length > 0) break
    }
  } else {
    await runPaced(batches.length - first, concurrency, (n) => {
      const index = first + n
      if (halted || reachability.givenUp || !timeLeft({deadline: context.deadline, signal})) notStarted(index)
      else return runOne(index)
    })
  }
  if (halted?.kind === 'reshape') report.reshape = true

  let failedEntries = 0
  let refusedEntries = 0
  for (const [index, batch] of batches.entries()) {
    const result = results[index] ?? {calls: 0, failed: batch, refused: [], rejected: [], retried: 0}
    const undelivered = new Set<E>([...result.failed, ...result.rejected.map((r) => r.entry), ...result.refused.map((r) => r.entry)])
    for (const entry of batch) if (!undelivered.has(entry)) report.delivered += entry.records.length
    report.skipped.push(...toSkipped(result.rejected))
    const refused = toSkipped(result.refused)
    report.refused.push(...refused)
    report.failed.push(...recordsOf(result.failed), ...refused.map((r) => r.record))
    failedEntries += result.failed.length
    refusedEntries += result.refused.length
  }
  if (refusedEntries > 0) {
    context.log.error('target refused the records with an error retrying cannot fix', {
      destination: driver.label,
      error: report.refused[0]?.reason,
      mapping: context.mapping.id,
      refusedEntries,
      type: context.mapping.type,
    })
  }
  if (reachability.givenUp && failedEntries > 0) {
    context.log.error(`${context.mapping.type} ${driver.label} unreachable: ${new Set(report.failed).size} records reported for retry`, {
      error: lastError === undefined ? undefined : describeError(lastError),
      mapping: context.mapping.id,
      type: context.mapping.type,
    })
  } else if (failedEntries > 0) {
    context.log.warn('delivery incomplete', {
      destination: driver.label,
      error: lastError === undefined ? undefined : describeError(lastError),
      failedEntries,
      mapping: context.mapping.id,
      type: context.mapping.type,
    })
  }
}
