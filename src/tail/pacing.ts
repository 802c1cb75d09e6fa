// How politely shards are polled (docs/tail-and-demo.md: tail is a polite reader of a shared stream).
// A Kinesis shard allows 5 GetRecords calls and 2 MB of reads per second for all its readers
// together, the fan-out function included. By default a reader here takes at most 1 call per second
// per shard and 1 MB/s per shard averaged over any 2 s (half the shard), and no single answer over
// 2 MB: GetRecords `Limit` is set from the largest record seen so far (before any record is seen,
// from Kinesis' 1 MiB record maximum, so the first answer holds at most 2 records). `--fast` allows
// 4 calls per second and the shard's whole 2 MB/s. Throttling answers (ProvisionedThroughputExceeded,
// LimitExceeded, ...) back off exponentially with jitter.

import {abortableSleep} from '../../runtime/delivery/sleep.js'

export const MIB = 1024 * 1024

export interface Pacing {
  /** Minimum time between two GetRecords calls on one shard (1000 ms = 1 call/s). */
  minIntervalMs: number
  /** Time between calls on a shard that is caught up with its newest record. */
  idleIntervalMs: number
  /** Bytes per second read from one shard at most, averaged over `byteWindowMs`. */
  maxBytesPerSecond: number
  /** The window over which `maxBytesPerSecond` holds (any window of this length, sliding). */
  byteWindowMs: number
  /**
   * When set, each GetRecords `Limit` is chosen so that the answer stays under this many bytes and
   * within what the byte window has left (from the largest record seen). Unset: the caller's limit
   * is used as is (local-run hands Lambda-sized batches to the handler).
   */
  maxAnswerBytes?: number
  /** The largest record assumed before one is seen (Kinesis: 1 MiB). */
  assumedRecordBytes: number
  /** First back-off after a throttling answer; doubles on each further one. */
  throttleBaseMs: number
  throttleMaxMs: number
  /** How often the shard list is read again to find shards created by resharding. */
  discoveryIntervalMs: number
}

/** The polite default: 1 call/s and 1 MB/s per shard (over any 2 s), answers of at most 2 MB. */
export const DEFAULT_PACING: Pacing = {
  assumedRecordBytes: MIB,
  byteWindowMs: 2000,
  discoveryIntervalMs: 10_000,
  idleIntervalMs: 1_000,
  maxBytesPerSecond: MIB,
  minIntervalMs: 1_000,
  throttleBaseMs: 500,
  throttleMaxMs: 10_000,
}

/** `tail`'s pacing: the default with the answer size capped (the Limit set from record sizes). */
export const TAIL_PACING: Pacing = {...DEFAULT_PACING, maxAnswerBytes: 2 * MIB}

/** `tail --fast`: 4 calls/s and the shard's whole 2 MB/s, answers still of at most 2 MB. */
export const FAST_TAIL_PACING: Pacing = {...TAIL_PACING, maxBytesPerSecond: 2 * MIB, minIntervalMs: 250}

/** One line saying how fast a pacing reads (the tail header). */
export function describePacing(pacing: Pacing): string {
  const calls = 1000 / pacing.minIntervalMs
  const mb = pacing.maxBytesPerSecond / MIB
  return `at most ${Number(calls.toFixed(2))} GetRecords call${calls === 1 ? '' : 's'}/s and ${Number(mb.toFixed(2))} MB/s per shard`
}

/** Capped exponential back-off with jitter (50-100% of the step) for the given attempt (0-based). */
export function backoffMs(attempt: number, pacing: Pick<Pacing, 'throttleBaseMs' | 'throttleMaxMs'>, random = Math.random): number {
  const step = Math.min(pacing.throttleMaxMs, pacing.throttleBaseMs * 2 ** Math.min(attempt, 20))
  return Math.round(step / 2 + (random() * step) / 2)
}

/** Resolves after `ms`, or at once when the signal aborts (never rejects). */
export const sleep = abortableSleep

/**
 * One shard's read budget: the answers of the last window (when each came, its bytes) and the
 * largest record seen. `plan` tells when the next call may start and with which Limit.
 */
export class ShardBudget {
  private readonly calls: Array<{at: number; bytes: number}> = []
  private largestRecord = 0

  constructor(private readonly pacing: Pacing) {}

  /** Records an answer of `bytes` (record data) with `records` records, received `at`. */
  record(at: number, bytes: number, records: number, largest?: number): void {
    this.calls.push({at, bytes})
    if (records > 0) this.largestRecord = Math.max(this.largestRecord, largest ?? Math.ceil(bytes / records))
  }

  /** Bytes answered within the window that ends at `now`. */
  used(now: number): number {
    this.forget(now)
    return this.calls.reduce((total, call) => total + call.bytes, 0)
  }

  /**
   * The earliest start (not before `notBefore`) and the Limit (at most `maxLimit`) of the next call,
   * so that the answers of calls started in any window stay within the byte budget.
   */
  plan(notBefore: number, maxLimit: number): {at: number; limit: number} {
    const {pacing} = this
    const budget = (pacing.maxBytesPerSecond * pacing.byteWindowMs) / 1000
    const recordBytes = Math.max(1, this.largestRecord || pacing.assumedRecordBytes)
    let at = notBefore
    for (;;) {
      const left = budget - this.used(at)
      if (pacing.maxAnswerBytes === undefined) {
        // No Limit control: wait until the window has room again.
        if (left > 0 || this.calls.length === 0) return {at, limit: maxLimit}
      } else {
        const room = Math.min(pacing.maxAnswerBytes, left)
        const limit = Math.min(maxLimit, Math.floor(room / recordBytes))
        // A record larger than the whole budget can only be read alone, once the window is empty.
        if (limit >= 1) return {at, limit}
        if (this.calls.length === 0) return {at, limit: 1}
      }
      // The oldest call leaves the window (a small margin against clock skew between readers).
      at = Math.max(at, this.calls[0].at + pacing.byteWindowMs + 20)
    }
  }

  private forget(now: number): void {
    const window = this.pacing.byteWindowMs + 20
    while (this.calls.length > 0 && this.calls[0].at <= now - window) this.calls.shift()
  }
}
