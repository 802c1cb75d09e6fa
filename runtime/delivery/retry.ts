// At-least-once delivery of one batch: the entries a call did not take (partial failure) and whole
// calls that were throttled or hit a transient error are tried again with capped exponential
// backoff and full jitter, for as long as the invocation has time left. In strict order, a partial
// failure sends again everything from the first entry not taken (see RetryOptions.ordered).
import {RETRY_POLICY} from '../limits.js'
import {abortableSleep} from './sleep.js'

export interface AttemptOutcome<E> {
  /** Entries the service did not take this time but may take later (throttled, internal error). */
  retry: E[]
  /** Entries the service will never take (the caller decided, e.g. a sender fault). */
  reject: Array<{entry: E; reason: string}>
}

export interface RetryResult<E> {
  /** Entries still undelivered when time ran out, or after a non-retryable error. */
  failed: E[]
  rejected: Array<{entry: E; reason: string}>
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
  isRetryableError?: (error: unknown) => boolean
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

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'LimitExceededException',
  'KMSThrottlingException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalErrorException',
  'InternalServerErrorException',
  'ServiceException',
  'ServiceFailure',
  'KMSInternalException',
  'EC2ThrottledException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
])

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
])

/** Throttling, 5xx, timeouts and connection errors: worth another attempt. */
export function isRetryableError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const e = error as {
    name?: string
    code?: string
    $retryable?: unknown
    $fault?: string
    $metadata?: {httpStatusCode?: number}
    statusCode?: number
    cause?: unknown
  }
  if (e.$retryable) return true
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true
  if (e.code && RETRYABLE_CODES.has(e.code)) return true
  const status = e.$metadata?.httpStatusCode ?? e.statusCode
  if (status !== undefined && (status === 429 || status >= 500)) return true
  if (e.$fault === 'server') return true
  if (e.cause && e.cause !== error) return isRetryableError(e.cause)
  return false
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
 * One call: its outcome, or what a thrown error means: 'again' (throttling, 5xx, network) or 'stop'
 * (a configuration problem such as access denied or no such stream fails the lot: Lambda retries it).
 */
async function callOnce<E>(
  batch: E[],
  attempt: (batch: E[]) => Promise<AttemptOutcome<E>>,
  result: RetryResult<E>,
  retryable: (error: unknown) => boolean,
): Promise<AttemptOutcome<E> | 'again' | 'stop'> {
  result.calls++
  try {
    const outcome = await attempt(batch)
    result.rejected.push(...outcome.reject)
    return outcome
  } catch (error) {
    result.lastError = error
    return retryable(error) ? 'again' : 'stop'
  }
}

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
  const retryable = options.isRetryableError ?? isRetryableError
  const result: RetryResult<E> = {calls: 0, failed: [], rejected: [], retried: 0}
  let pending = entries
  for (let round = 0; pending.length > 0; round++) {
    if (round > 0) {
      if (!(await backOff(round, options))) break
      result.retried += pending.length
    }
    const outcome = await callOnce(pending, attempt, result, retryable)
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
  const retryable = options.isRetryableError ?? isRetryableError
  const result: RetryResult<E> = {calls: 0, failed: [], rejected: [], retried: 0}
  const sentBefore = new Set<E>()
  let pending = entries
  let window = entries.length
  let setbacks = 0
  while (pending.length > 0) {
    if (setbacks > 0 && !(await backOff(setbacks, options))) break
    // Another window after a whole one went through: only while the invocation has time.
    if (setbacks === 0 && result.calls > 0 && (options.signal?.aborted || (options.now ?? Date.now)() >= options.deadline)) break
    const batch = pending.length > window ? pending.slice(0, window) : pending
    for (const entry of batch) {
      if (sentBefore.has(entry)) result.retried++
      else sentBefore.add(entry)
    }
    const outcome = await callOnce(batch, attempt, result, retryable)
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
      const refused = new Set(outcome.reject.map(({entry}) => entry))
      pending = [...batch.slice(first).filter((entry) => !refused.has(entry)), ...pending.slice(batch.length)]
    }
  }
  result.failed = pending
  return result
}
