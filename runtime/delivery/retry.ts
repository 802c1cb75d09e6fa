// At-least-once delivery of one batch: the entries a call did not take (partial failure) and whole
// calls that were throttled or hit a transient error are tried again with capped exponential
// backoff and full jitter, for as long as the invocation has time left. In strict order, a partial
// failure sends again everything from the first entry not taken (see RetryOptions.ordered).
import {RETRY_POLICY} from '../limits.js'
import type {ErrorClass} from '../targets/target.js'
import {classifyError, describeError, isRetryableError} from './errors.js'
import {abortableSleep} from './sleep.js'

export {isRetryableError}

export interface AttemptOutcome<E> {
  /** Entries the service did not take this time but may take later (throttled, internal error). */
  retry: E[]
  /** Entries the service will never take (the caller decided, e.g. a sender fault). */
  reject: Array<{entry: E; reason: string}>
  /** Entries refused with an error retrying cannot fix (access denied, KMS): not sent again. */
  refuse?: Array<{entry: E; reason: string}>
}

export interface RetryResult<E> {
  /** Entries still undelivered when time ran out, or after a non-retryable error. */
  failed: E[]
  rejected: Array<{entry: E; reason: string}>
  /** Entries refused by a permanent error (thrown for their call, or per entry). */
  refused: Array<{entry: E; reason: string}>
  /** Set when a call's error means the rest of the mapping should not be tried now: 'destination'
   * (a permanent error of the destination: refuse the rest without calls), 'reshape' (the limits
   * went down: shape the rest again). */
  halt?: 'destination' | 'reshape'
  /** Entries sent again after the first attempt. */
  retried: number
  /** Attempts made (API calls). */
  calls: number
  /** The last error thrown by an attempt, if any (for the log line). */
  lastError?: unknown
}

export interface RetryOptions {
  /** Epoch ms after which no new attempt starts. */
  deadline: number
  signal?: AbortSignal
  /** Reads a thrown error (default classifyError). */
  classify?: (error: unknown) => ErrorClass
  /** Shared by the batches of one delivery: whether an unreachable destination gets another try. */
  reachability?: Reachability
  /**
   * Strict order (`parallel: false`): after a partial failure, everything from the first entry not
   * taken onwards is sent again, in order, accepted entries included. They arrive twice, but the
   * last copy of every entry comes after the last copy of every entry before it.
   */
  ordered?: boolean
  /** Test hooks: the clock, the sleep and the random source of the jitter. */
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
}

/** Capped exponential backoff with full jitter: random in [0, min(cap, base * 2^attempt)). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** attempt)
  return Math.floor(random() * ceiling)
}

/** Where the first entry to send again stands in `sent` (-1: none), refused entries left out. */
function firstRetryIndex<E>(sent: E[], outcome: AttemptOutcome<E>): number {
  if (outcome.retry.length === 0) return -1
  const retry = new Set(outcome.retry)
  return sent.findIndex((entry) => retry.has(entry))
}

export async function deliverWithRetry<E>(
  entries: E[],
  attempt: (batch: E[]) => Promise<AttemptOutcome<E>>,
  options: RetryOptions,
): Promise<RetryResult<E>> {
  return options.ordered ? deliverInOrder(entries, attempt, options) : deliverAnyOrder(entries, attempt, options)
}

/**
 * One call: its outcome, or what a thrown error means: 'again' (throttling, 5xx, network), 'stop'
 * (an unknown error, or the limits went down: the lot is reported failed), or the outcome of a
 * permanent error (every entry of the call refused with it).
 */
async function callOnce<E>(
  batch: E[],
  attempt: (batch: E[]) => Promise<AttemptOutcome<E>>,
  result: RetryResult<E>,
  options: RetryOptions,
): Promise<AttemptOutcome<E> | 'again' | 'stop'> {
  result.calls++
  try {
    const outcome = await attempt(batch)
    options.reachability?.reached()
    result.rejected.push(...outcome.reject)
    if (outcome.refuse) result.refused.push(...outcome.refuse)
    return outcome
  } catch (error) {
    result.lastError = error
    if (options.signal?.aborted) return 'stop'
    const reading = (options.classify ?? classifyError)(error)
    if (reading.kind === 'retryable') return 'again'
    if (reading.kind === 'unreachable') return (options.reachability ?? new Reachability()).missed() ? 'again' : 'stop'
    if (reading.kind === 'permanent') {
      const reason = describeError(error)
      const refuse = batch.map((entry) => ({entry, reason}))
      result.refused.push(...refuse)
      if (reading.scope === 'destination') result.halt = 'destination'
      return {refuse, reject: [], retry: []}
    }
    if (reading.kind === 'reshape') result.halt = 'reshape'
    return 'stop'
  }
}

/** Calls in a row that found the destination unreachable, before the delivery gives up on it. */
export const MAX_UNREACHABLE_CALLS = 3

/** Counts calls in a row that could not reach the destination (one per delivery, all batches). */
export class Reachability {
  private misses = 0
  constructor(private readonly limit = MAX_UNREACHABLE_CALLS) {}
  /** A call could not connect: true while another attempt is allowed. */
  missed(): boolean {
    this.misses++
    return this.misses < this.limit
  }
  reached(): void {
    this.misses = 0
  }
  get givenUp(): boolean {
    return this.misses >= this.limit
  }
}

/** Whether a new call may start: before the deadline and not aborted. */
export const timeLeft = (options: Pick<RetryOptions, 'deadline' | 'signal' | 'now'>): boolean =>
  !options.signal?.aborted && (options.now ?? Date.now)() < options.deadline

/** Waits before another attempt; false when there is no time (or the invocation is ending). */
async function backOff(setbacks: number, options: RetryOptions): Promise<boolean> {
  const now = options.now ?? Date.now
  const delay = backoffDelay(setbacks - 1, options.random)
  // No time for the wait and another call: what is pending goes back to Lambda.
  if (options.signal?.aborted || now() + delay >= options.deadline) return false
  await (options.sleep ?? abortableSleep)(delay, options.signal)
  return !options.signal?.aborted && now() < options.deadline
}

async function deliverAnyOrder<E>(
  entries: E[],
  attempt: (batch: E[]) => Promise<AttemptOutcome<E>>,
  options: RetryOptions,
): Promise<RetryResult<E>> {
  const result: RetryResult<E> = {calls: 0, failed: [], refused: [], rejected: [], retried: 0}
  let pending = entries
  for (let round = 0; pending.length > 0 && !result.halt; round++) {
    if (round === 0 && !timeLeft(options)) break
    if (round > 0) {
      if (!(await backOff(round, options))) break
      result.retried += pending.length
    }
    const outcome = await callOnce(pending, attempt, result, options)
    if (outcome === 'stop') break
    if (outcome !== 'again') pending = outcome.retry
  }
  result.failed = pending
  return result
}

/**
 * Strict order: a partial failure sends again everything from the first entry not taken. Entries
 * taken after it come back as duplicates, so the next call carries a window of only twice what the
 * last one settled; a window taken whole doubles it again, up to the full batch.
 */
async function deliverInOrder<E>(
  entries: E[],
  attempt: (batch: E[]) => Promise<AttemptOutcome<E>>,
  options: RetryOptions,
): Promise<RetryResult<E>> {
  const result: RetryResult<E> = {calls: 0, failed: [], refused: [], rejected: [], retried: 0}
  const sentBefore = new Set<E>()
  let pending = entries
  let window = entries.length
  let setbacks = 0
  while (pending.length > 0 && !result.halt) {
    if (setbacks > 0 && !(await backOff(setbacks, options))) break
    // No call starts after the deadline or the abort.
    if (setbacks === 0 && !timeLeft(options)) break
    const batch = pending.length > window ? pending.slice(0, window) : pending
    for (const entry of batch) {
      if (sentBefore.has(entry)) result.retried++
      else sentBefore.add(entry)
    }
    const outcome = await callOnce(batch, attempt, result, options)
    if (outcome === 'stop') break
    if (outcome === 'again') {
      setbacks++
      continue
    }
    const first = firstRetryIndex(batch, outcome)
    if (first < 0) {
      setbacks = 0
      window = Math.min(entries.length, window * 2)
      pending = pending.slice(batch.length)
    } else {
      setbacks++
      window = Math.max(1, 2 * first)
      const refused = new Set([...outcome.reject, ...(outcome.refuse ?? [])].map(({entry}) => entry))
      pending = [...batch.slice(first).filter((entry) => !refused.has(entry)), ...pending.slice(batch.length)]
    }
  }
  result.failed = pending
  return result
}
