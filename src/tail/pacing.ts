// How politely shards are polled. Kinesis allows 5 GetRecords calls per second per shard (and
// DynamoDB Streams a similar rate); the follower stays under it: at most one call per 250 ms on a
// shard that has records waiting, one per second once caught up, a pause after a large read so that
// a shard is never read faster than the 2 MB/s Kinesis allows (a 10 MB answer is followed by 5 s
// of waiting, when Kinesis would refuse any call), and an exponential, jittered back-off when the
// service answers ProvisionedThroughputExceeded, LimitExceeded or throttling.

import {abortableSleep} from '../../runtime/delivery/sleep.js'

export interface Pacing {
  /** Minimum time between two GetRecords calls on one shard (250 ms = 4 calls/s, under the 5/s limit). */
  minIntervalMs: number
  /** Time between calls on a shard that is caught up with its newest record. */
  idleIntervalMs: number
  /** Bytes per second read from one shard at most (Kinesis: 2 MB/s per shard, shared by all readers). */
  maxBytesPerSecond: number
  /** First back-off after a throttling answer; doubles on each further one. */
  throttleBaseMs: number
  throttleMaxMs: number
  /** How often the shard list is read again to find shards created by resharding. */
  discoveryIntervalMs: number
}

export const DEFAULT_PACING: Pacing = {
  discoveryIntervalMs: 10_000,
  idleIntervalMs: 1_000,
  maxBytesPerSecond: 2 * 1024 * 1024,
  minIntervalMs: 250,
  throttleBaseMs: 500,
  throttleMaxMs: 10_000,
}

/** Capped exponential back-off with jitter (50-100% of the step) for the given attempt (0-based). */
export function backoffMs(attempt: number, pacing: Pick<Pacing, 'throttleBaseMs' | 'throttleMaxMs'>, random = Math.random): number {
  const step = Math.min(pacing.throttleMaxMs, pacing.throttleBaseMs * 2 ** Math.min(attempt, 20))
  return Math.round(step / 2 + (random() * step) / 2)
}

/** Resolves after `ms`, or at once when the signal aborts (never rejects). */
export const sleep = abortableSleep
