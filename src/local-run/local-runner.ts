// The loop an event source mapping runs, on this machine: read each shard in order (GetRecords),
// hand each batch to the handler as a Lambda-shaped event, and honour its batchItemFailures by
// reading again from the earliest failed record after a pause, so nothing before it is sent twice.
// `local-run` runs it against a real stream; `demo` against kinesalite.
import {UserError} from '../errors.js'
import {followShards, type BatchOutcome} from '../tail/follower.js'
import type {Pacing} from '../tail/pacing.js'
import type {ShardRecord, ShardSource} from '../tail/shard-source.js'
import type {StartPosition} from '../tail/start-position.js'
import type {HandlerHost, InvokeOutcome} from './handler-host.js'

export interface LocalRunOptions {
  start: StartPosition
  follow: boolean
  /** Records per invocation (the event source mapping's BatchSize). */
  batchSize: number
  /** The function timeout given to each invocation. */
  timeoutMs: number
  /** Invocations of the same batch before giving up (Lambda would retry until the records expire). */
  maxAttempts: number
  signal?: AbortSignal
  pacing?: Partial<Pacing>
  /** After each invocation. */
  onInvoke?(report: InvokeReport): void
  onNote?(message: string): void
}

export interface InvokeReport {
  shardId: string
  /** Records in the event. */
  records: number
  /** Records the handler reported done (all of them unless it named a failure). */
  done: number
  /** Sequence number the next attempt starts from, when some record failed. */
  retryFrom?: string
  attempt: number
  durationMs: number
  error?: string
}

export interface LocalRunSummary {
  invocations: number
  /** Records handled without a reported failure. */
  records: number
  /** Invocations that named a failure or threw (the batch was read again). */
  retries: number
  shards: number
}

/** The position of the earliest failed record in the batch, or -1 when every record succeeded. */
export function firstFailure(batch: ShardRecord[], outcome: InvokeOutcome): number {
  if (!outcome.ok) return 0
  const failed = new Set((outcome.value?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier))
  if (failed.size === 0) return -1
  const index = batch.findIndex((record) => failed.has(record.sequenceNumber))
  // An identifier that names no record of the batch: Lambda retries the whole batch.
  return index === -1 ? 0 : index
}

export async function runLocally(source: ShardSource, host: HandlerHost, options: LocalRunOptions): Promise<LocalRunSummary> {
  const summary: LocalRunSummary = {invocations: 0, records: 0, retries: 0, shards: 0}
  const attempts = new Map<string, number>()

  const onBatch = async (shardId: string, batch: ShardRecord[]): Promise<BatchOutcome | void> => {
    const key = `${shardId}/${batch[0].sequenceNumber}`
    const attempt = (attempts.get(key) ?? 0) + 1
    attempts.set(key, attempt)
    const started = Date.now()
    const outcome = await host.invoke({Records: batch.map((record) => record.event)}, options.timeoutMs)
    summary.invocations++
    const failedAt = firstFailure(batch, outcome)
    const done = failedAt === -1 ? batch.length : failedAt
    summary.records += done
    const report: InvokeReport = {
      attempt,
      done,
      durationMs: Date.now() - started,
      records: batch.length,
      shardId,
      ...(failedAt === -1 ? {} : {retryFrom: batch[failedAt].sequenceNumber}),
      ...(outcome.ok ? {} : {error: outcome.error.split('\n')[0]}),
    }
    options.onInvoke?.(report)
    // A batch that made progress starts the count again; one that keeps failing at its first record stops the run.
    if (failedAt !== 0) attempts.delete(key)
    if (failedAt === -1) return
    summary.retries++
    if (failedAt === 0 && attempt >= options.maxAttempts) {
      throw new UserError(
        `The handler failed ${attempt} times on ${source.label}, shard ${shardId}, from sequence number ${batch[0].sequenceNumber}${report.error ? `: ${report.error}` : ''}`,
        {suggestion: 'fix the mapping or the destination (see the function log above), then run again'},
      )
    }
    return {retryFrom: batch[failedAt].sequenceNumber}
  }

  const followed = await followShards(source, {
    follow: options.follow,
    limit: options.batchSize,
    onBatch,
    onNote: options.onNote,
    pacing: options.pacing,
    signal: options.signal,
    start: options.start,
  })
  summary.shards = followed.shardsRead
  return summary
}
